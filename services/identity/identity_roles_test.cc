// Every identity RPC called by every role, through the real RpcGuard: the
// answer is a denial exactly where the access policy says so.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "services/identity/identity_test_server.h"

namespace lifelong::identity {
namespace {

enum class Who {
  kAnonymous,
  kCitizen,
  kAdmin,
  kCentreStaff,
  kConsultant,
  kInstructor,
  kVillageCoordinator,
  kCitySystem
};

const std::map<Who, std::string> kWhoNames = {
    {Who::kAnonymous, "anonymous"},
    {Who::kCitizen, "citizen"},
    {Who::kAdmin, "admin"},
    {Who::kCentreStaff, "centre_staff"},
    {Who::kConsultant, "consultant"},
    {Who::kInstructor, "instructor"},
    {Who::kVillageCoordinator, "village_coordinator"},
    {Who::kCitySystem, "city_system"}};

using Call = std::function<grpc::Status(v1::IdentityService::Stub&,
                                        grpc::ClientContext*)>;

struct Rpc {
  std::string name;
  Call call;
  std::set<Who> allowed;
};

const std::set<Who> kEveryone = {
    Who::kAnonymous,          Who::kCitizen,    Who::kAdmin,
    Who::kCentreStaff,        Who::kConsultant, Who::kInstructor,
    Who::kVillageCoordinator, Who::kCitySystem};
const std::set<Who> kSignedIn = {Who::kCitizen,     Who::kAdmin,
                                 Who::kCentreStaff, Who::kConsultant,
                                 Who::kInstructor,  Who::kVillageCoordinator,
                                 Who::kCitySystem};

template <typename Req, typename Resp>
Call Make(grpc::Status (v1::IdentityService::Stub::*method)(
              grpc::ClientContext*, const Req&, Resp*),
          Req request = Req()) {
  return [method, request](v1::IdentityService::Stub& stub,
                           grpc::ClientContext* ctx) {
    Resp response;
    return (stub.*method)(ctx, request, &response);
  };
}

std::vector<Rpc> AllRpcs() {
  using S = v1::IdentityService::Stub;
  v1::GetCitizenRequest someone_else;
  someone_else.set_name("citizens/00000000-0000-0000-0000-000000000000");
  return {
      {"RegisterCitizen", Make(&S::RegisterCitizen), kEveryone},
      {"Login", Make(&S::Login), kEveryone},
      {"Logout", Make(&S::Logout), kSignedIn},
      {"LogoutEverywhere", Make(&S::LogoutEverywhere), kSignedIn},
      {"WhoAmI", Make(&S::WhoAmI), kSignedIn},
      {"ChangePassword", Make(&S::ChangePassword), kSignedIn},
      // Refusals of GetCitizen are NOT_FOUND (identity_need_to_know_test).
      {"GetCitizen", Make(&S::GetCitizen, someone_else), kSignedIn},
      {"VerifyPriorityClaim", Make(&S::VerifyPriorityClaim), {Who::kAdmin}},
      {"CreateStaffAccount", Make(&S::CreateStaffAccount), {Who::kAdmin}},
      {"GrantRole", Make(&S::GrantRole), {Who::kAdmin}},
      {"RevokeRole", Make(&S::RevokeRole), {Who::kAdmin}},
  };
}

TEST(IdentityRolesTest, EachRpcByEachRole) {
  IdentityTestServer server;
  auto stub = server.Stub();
  // A fresh session per call: Logout and ChangePassword end sessions.
  auto token_for = [&](Who who) -> std::string {
    switch (who) {
      case Who::kAnonymous:
        return "";
      case Who::kCitizen:
        return server.CitizenToken();
      case Who::kAdmin:
        return server.AdminToken();
      case Who::kCentreStaff:
        return server.StaffToken(v1::ROLE_CENTRE_STAFF, "centres/misa");
      case Who::kConsultant:
        return server.StaffToken(v1::ROLE_CONSULTANT, "centres/misa");
      case Who::kInstructor:
        return server.StaffToken(v1::ROLE_INSTRUCTOR);
      case Who::kVillageCoordinator:
        return server.StaffToken(v1::ROLE_VILLAGE_COORDINATOR,
                                 "villages/misa-lake");
      case Who::kCitySystem:
        return server.StaffToken(v1::ROLE_CITY_SYSTEM);
    }
    return "";
  };
  int checked = 0;
  for (const Rpc& rpc : AllRpcs()) {
    for (const auto& [who, who_name] : kWhoNames) {
      std::unique_ptr<grpc::ClientContext> ctx = AuthContext(token_for(who));
      grpc::Status status = rpc.call(*stub, ctx.get());
      bool denied =
          status.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
          status.error_code() == grpc::StatusCode::UNAUTHENTICATED;
      EXPECT_EQ(denied, rpc.allowed.count(who) == 0)
          << rpc.name << " by " << who_name << ": " << status.error_code()
          << " " << status.error_message();
      if (who == Who::kAnonymous && denied) {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
            << rpc.name;
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 11 * 8);
}

TEST(IdentityRolesTest, ForgedOrEndedTokensAreUnauthenticated) {
  IdentityTestServer server;
  auto stub = server.Stub();
  v1::WhoAmIResponse out;
  for (const std::string& token :
       {std::string("forged"), std::string(43, 'A'), std::string(5000, 'x')}) {
    EXPECT_EQ(stub->WhoAmI(AuthContext(token).get(), {}, &out).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  grpc::ClientContext wrong_scheme;
  wrong_scheme.AddMetadata("authorization", "Basic dXNlcjpwYXNz");
  EXPECT_EQ(stub->WhoAmI(&wrong_scheme, {}, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace lifelong::identity
