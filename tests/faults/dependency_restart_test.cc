// Redis and PostgreSQL restarted under running services: while a dependency
// is down, calls that need it answer UNAVAILABLE with a stable reason, a
// RetryInfo and no internal text; once it is back, the very first call of
// every service succeeds (stale pooled connections are replaced, not
// reported).
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>

#include "common/errors.h"
#include "common/testing/test_stack.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "tests/support/platform_clients.h"

namespace lifelong {
namespace {

namespace iv1 = identity::v1;
namespace cv1 = catalogue::v1;
namespace ev1 = enrolment::v1;
using testing::Bearer;
using testing::ServiceChannel;

bool HasRetryInfo(const grpc::Status& s) {
  google::rpc::Status details;
  if (!details.ParseFromString(s.error_details())) return false;
  google::rpc::RetryInfo retry;
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&retry)) return true;
  }
  return false;
}

class DependencyRestartTest : public ::testing::Test {
 protected:
  DependencyRestartTest()
      : identity_(iv1::IdentityService::NewStub(ServiceChannel("IDENTITY"))),
        catalogue_(cv1::CatalogueService::NewStub(ServiceChannel("CATALOGUE"))),
        enrolment_(
            ev1::EnrolmentService::NewStub(ServiceChannel("ENROLMENT"))) {
    std::string key = "restart-" + lifelong::testing::RandomSuffix();
    citizen_ = testing::RegisterCitizen(*identity_, key, 1970).citizen().name();
    citizen_token_ = testing::LogIn(*identity_, key + "@example.kr",
                                    testing::kCitizenPassword);
    admin_token_ = testing::LogIn(*identity_, testing::kAdminEmail,
                                  testing::kAdminPassword);
  }

  // One authenticated call per service, each reading its database.
  std::vector<std::pair<std::string, std::function<grpc::Status()>>> Calls() {
    return {
        {"identity GetCitizen",
         [&] {
           iv1::GetCitizenRequest r;
           r.set_name(citizen_);
           iv1::GetCitizenResponse out;
           return identity_->GetCitizen(Bearer(admin_token_).get(), r, &out);
         }},
        {"catalogue ListProgrammes",
         [&] {
           cv1::ListProgrammesRequest r;
           cv1::ListProgrammesResponse out;
           return catalogue_->ListProgrammes(Bearer(admin_token_).get(), r,
                                             &out);
         }},
        {"enrolment ListMyApplications",
         [&] {
           ev1::ListMyApplicationsRequest r;
           ev1::ListMyApplicationsResponse out;
           return enrolment_->ListMyApplications(Bearer(citizen_token_).get(),
                                                 r, &out);
         }},
    };
  }

  void ExpectHonestUnavailable(const std::string& what, const grpc::Status& s,
                               const std::string& dependency) {
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << what;
    EXPECT_TRUE(HasRetryInfo(s)) << what << ": no RetryInfo";
    EXPECT_FALSE(common::ReasonOf(common::FromGrpcStatus(s)).empty()) << what;
    EXPECT_EQ(s.error_message().find(dependency), std::string::npos)
        << what << ": " << s.error_message();
  }

  std::unique_ptr<iv1::IdentityService::Stub> identity_;
  std::unique_ptr<cv1::CatalogueService::Stub> catalogue_;
  std::unique_ptr<ev1::EnrolmentService::Stub> enrolment_;
  std::string citizen_, citizen_token_, admin_token_;
};

TEST_F(DependencyRestartTest, RedisRestart) {
  for (auto& [what, call] : Calls()) ASSERT_TRUE(call().ok()) << what;
  testing::StackCtl("redis-stop");
  for (auto& [what, call] : Calls()) {
    ExpectHonestUnavailable(what, call(), "Redis");
  }
  testing::StackCtl("redis-start");
  // Sessions survive (Redis keeps an append-only file); the first call of
  // each service after the restart succeeds.
  for (auto& [what, call] : Calls()) {
    grpc::Status s = call();
    EXPECT_TRUE(s.ok()) << what
                        << " after Redis came back: " << s.error_message();
  }
}

TEST_F(DependencyRestartTest, PostgresRestart) {
  for (auto& [what, call] : Calls()) ASSERT_TRUE(call().ok()) << what;
  testing::StackCtl("postgres-stop");
  for (auto& [what, call] : Calls()) {
    ExpectHonestUnavailable(what, call(), "connect");
  }
  testing::StackCtl("postgres-start");
  for (auto& [what, call] : Calls()) {
    grpc::Status s = call();
    EXPECT_TRUE(s.ok()) << what
                        << " after PostgreSQL came back: " << s.error_message();
  }
}

}  // namespace
}  // namespace lifelong
