// Enrolment's rows of the role × RPC matrix in docs/security/access.md (the
// ones that guard applicants' personal data), checked call by call through
// the real RpcGuard and EnrolmentGrpc, on PostgreSQL and Redis: each column's
// caller gets a real session, calls on an application or offering that is
// theirs ("own ...") and on one that is not.
#include <gtest/gtest.h>

#include <memory>

#include "common/auth/session_store.h"
#include "common/metrics/metrics.h"
#include "common/redis/redis_client.h"
#include "common/server/grpc_server.h"
#include "common/server/rpc_guard.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "services/enrolment/enrolment_grpc.h"
#include "services/enrolment/enrolment_test_fixture.h"
#include "tests/security/access_matrix.h"

namespace lifelong::enrolment {
namespace {

using Stub = v1::EnrolmentService::Stub;

// Whose resource a call is made on.
enum class Whose { kOwn, kOther };

class EnrolmentAccessTest : public EnrolmentTest {
 protected:
  EnrolmentAccessTest() {
    auto [host, port] = testing::RedisAddress();
    redis_ = std::make_unique<common::RedisClient>(host, port);
    sessions_ = std::make_unique<common::SessionStore>(*redis_,
                                                       common::SessionPolicy{});
    metrics_ = std::make_unique<common::Metrics>("enrolment");
    guard_ =
        std::make_unique<common::RpcGuard>(*sessions_, *metrics_, kErrorDomain);
    handlers_ = std::make_unique<EnrolmentGrpc>(logic_, *guard_);
    server_ =
        std::make_unique<common::GrpcServer>(common::GrpcServerOptions{0});
    server_->Register(handlers_.get());
    server_->Start();
    stub_ = v1::EnrolmentService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                            grpc::InsecureChannelCredentials()));
    // Centre misa's offering, taught by kInstructor.
    offering_ = Publish(1, 1000, cv1::SELECTION_METHOD_FIRST_COME);
  }
  ~EnrolmentAccessTest() override {
    server_->Shutdown(std::chrono::seconds(1));
  }

  std::string Token(const std::string& account,
                    std::vector<common::RoleGrant> roles) {
    absl::StatusOr<common::NewSession> s = sessions_->Create(account, roles);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? s->token : "";
  }

  // A new citizen known to enrolment with a confirmed application.
  std::pair<std::string, std::string> Applicant() {
    std::string citizen = Citizen(++citizens_);
    absl::StatusOr<v1::ApplyResponse> applied =
        Apply(citizen, offering_, "apply-" + std::to_string(citizens_));
    EXPECT_TRUE(applied.ok()) << applied.status();
    return {citizen, applied.ok() ? applied->application().name() : ""};
  }

  // The column's caller: for `kOwn` the one the resource belongs to (the
  // applicant, misa's staff, the offering's instructor), else someone like
  // them it does not belong to.
  std::string CallerFor(const std::string& column, Whose whose,
                        const std::string& applicant) {
    static int n = 0;
    std::string staff = "staff/" + Uuid(7, ++n);
    if (column == "anonymous") return "";
    std::vector<common::RoleGrant> roles;
    std::string account = staff;
    if (column == "citizen") {
      account = whose == Whose::kOwn ? applicant : Citizen(++citizens_);
      roles.push_back({common::kRoleCitizen, ""});
      return Token(account, roles);
    }
    if (column == "centre staff") {
      roles.push_back({common::kRoleCentreStaff, whose == Whose::kOwn
                                                     ? "centres/misa"
                                                     : "centres/wirye"});
      return Token(account, roles);
    }
    if (column == "instructor") {
      if (whose == Whose::kOwn) account = kInstructor;
      roles.push_back({common::kRoleInstructor, ""});
      return Token(account, roles);
    }
    static const std::map<std::string, common::RoleGrant> kOthers = {
        {"consultant", {common::kRoleConsultant, "centres/misa"}},
        {"village coordinator",
         {common::kRoleVillageCoordinator, "villages/misa-lake"}},
        {"verifier", {"priority_verifier", ""}},
        {"admin", {common::kRoleAdmin, ""}},
        {"city system", {common::kRoleCitySystem, ""}}};
    auto it = kOthers.find(column);
    if (it == kOthers.end()) {
      ADD_FAILURE() << "unknown column " << column;
      return "";
    }
    roles.push_back(it->second);
    return Token(account, roles);
  }

  grpc::Status Call(const std::string& rpc, const std::string& column,
                    Whose whose) {
    auto [applicant, application] = Applicant();
    std::string token = CallerFor(column, whose, applicant);
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
    if (rpc == "GetApplication") {
      v1::GetApplicationRequest r;
      r.set_name(application);
      v1::GetApplicationResponse out;
      return stub_->GetApplication(ctx.get(), r, &out);
    }
    if (rpc == "ListOfferingApplications") {
      v1::ListOfferingApplicationsRequest r;
      r.set_offering(offering_);
      r.set_status(v1::APPLICATION_STATUS_CONFIRMED);
      v1::ListOfferingApplicationsResponse out;
      return stub_->ListOfferingApplications(ctx.get(), r, &out);
    }
    if (rpc == "CancelApplication") {
      v1::CancelApplicationRequest r;
      r.set_request_id("cancel-" + std::to_string(citizens_));
      r.set_name(application);
      v1::CancelApplicationResponse out;
      return stub_->CancelApplication(ctx.get(), r, &out);
    }
    if (rpc == "ListMyApplications") {
      v1::ListMyApplicationsResponse out;
      return stub_->ListMyApplications(ctx.get(), {}, &out);
    }
    ADD_FAILURE() << "no probe for " << rpc;
    return grpc::Status::OK;
  }

  std::unique_ptr<common::RedisClient> redis_;
  std::unique_ptr<common::SessionStore> sessions_;
  std::unique_ptr<common::Metrics> metrics_;
  std::unique_ptr<common::RpcGuard> guard_;
  std::unique_ptr<EnrolmentGrpc> handlers_;
  std::unique_ptr<common::GrpcServer> server_;
  std::unique_ptr<Stub> stub_;
  std::string offering_;
  int citizens_ = 0;
};

TEST_F(EnrolmentAccessTest, EachCellIsWhatTheServerAnswers) {
  testing::AccessMatrix matrix = testing::ReadAccessMatrix("enrolment");
  ASSERT_FALSE(matrix.empty());
  int checked = 0;
  for (const auto& [rpc, row] : matrix) {
    EXPECT_EQ(row.size(), 9u) << rpc;
    for (const auto& [column, cell] : row) {
      std::string where = rpc + " by " + column;
      grpc::Status other = Call(rpc, column, Whose::kOther);
      if (cell.allowed_always) {
        EXPECT_FALSE(testing::IsRefusal(other.error_code()))
            << where << ": " << other.error_code() << " "
            << other.error_message();
      } else {
        EXPECT_EQ(other.error_code(), testing::AccessCode(cell.refusal))
            << where << ": " << other.error_message();
      }
      ++checked;
      if (!cell.qualifier.empty()) {
        grpc::Status own = Call(rpc, column, Whose::kOwn);
        EXPECT_FALSE(testing::IsRefusal(own.error_code()))
            << where << " (" << cell.qualifier << "): " << own.error_code()
            << " " << own.error_message();
        ++checked;
      }
    }
  }
  // 4 RPCs x 9 columns, and the qualified cells once more.
  EXPECT_EQ(checked, 4 * 9 + 7);
}

}  // namespace
}  // namespace lifelong::enrolment
