// The role × RPC matrix of docs/security/access.md, checked call by call:
// the test reads the identity table from the page, checks that it lists
// every RPC of IdentityService, and calls each RPC as each column's caller
// against a real server (PostgreSQL, Redis, the real RpcGuard). A cell
// "yes" must not be refused (no UNAUTHENTICATED, PERMISSION_DENIED or
// NOT_FOUND); "no: CODE" must answer CODE; "QUALIFIER; else CODE" must be
// allowed on the caller's own resource and answer CODE on another's.
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <ctime>
#include <functional>
#include <map>
#include <set>

#include "common/auth/contact_ticket.h"
#include "services/identity/codes.h"
#include "services/identity/identity_test_server.h"
#include "tests/security/access_matrix.h"

namespace lifelong::identity {
namespace {

using testing::AccessCode;
using testing::AccessMatrix;
using testing::IsRefusal;
using testing::ReadAccessMatrix;

// A caller of one column: a fresh session (Logout and ChangePassword end
// sessions) and its account name.
struct Caller {
  std::string token;
  std::string account;
};

using Stub = v1::IdentityService::Stub;

template <typename Req, typename Resp>
grpc::Status CallWith(Stub& stub,
                      grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                   const Req&, Resp*),
                      const std::string& token, const Req& request) {
  Resp response;
  return (stub.*method)(AuthContext(token).get(), request, &response);
}

class AccessMatrixTest : public ::testing::Test {
 protected:
  AccessMatrixTest() : stub_(server_.Stub()) {}

  Caller CallerOf(const std::string& column) {
    Caller c;
    if (column == "anonymous") return c;
    if (column == "citizen") {
      c.token = server_.CitizenToken(&c.account);
      return c;
    }
    static const std::map<std::string, std::pair<v1::Role, std::string>>
        kStaff = {{"centre staff", {v1::ROLE_CENTRE_STAFF, "centres/misa"}},
                  {"consultant", {v1::ROLE_CONSULTANT, "centres/misa"}},
                  {"instructor", {v1::ROLE_INSTRUCTOR, ""}},
                  {"village coordinator",
                   {v1::ROLE_VILLAGE_COORDINATOR, "villages/misa-lake"}},
                  {"verifier", {v1::ROLE_PRIORITY_VERIFIER, ""}},
                  {"city system", {v1::ROLE_CITY_SYSTEM, ""}}};
    if (column == "admin") {
      c.token = server_.AdminToken();
    } else {
      auto it = kStaff.find(column);
      EXPECT_NE(it, kStaff.end()) << "unknown column " << column;
      if (it == kStaff.end()) return c;
      c.token = server_.StaffToken(it->second.first, it->second.second);
    }
    v1::WhoAmIResponse me;
    EXPECT_TRUE(stub_->WhoAmI(AuthContext(c.token).get(), {}, &me).ok());
    c.account = me.account();
    return c;
  }

  // A citizen other than the caller, with an undecided disability claim.
  std::string OtherCitizen() {
    v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
    r.add_priority_claims(v1::PRIORITY_GROUP_DISABILITY);
    v1::RegisterCitizenResponse out;
    grpc::ClientContext ctx;
    EXPECT_TRUE(stub_->RegisterCitizen(&ctx, r, &out).ok());
    return out.citizen().name();
  }

  grpc::Status Assist(const std::string& token, const std::string& citizen,
                      const std::string& centre) {
    v1::StartAssistingRequest r;
    r.set_request_id("assist-" + testing::RandomSuffix());
    r.set_citizen(citizen);
    r.set_centre(centre);
    r.set_reason(v1::ACCESS_REASON_DESK_VISIT);
    return CallWith(*stub_, &Stub::StartAssisting, token, r);
  }

  grpc::Status RegisterAtDesk(const std::string& token,
                              const std::string& centre) {
    v1::RegisterAssistedCitizenRequest r;
    r.set_request_id("desk-" + testing::RandomSuffix());
    r.set_centre(centre);
    r.set_display_name("박순자");
    r.set_birth_year(1941);
    r.set_district("Misa");
    r.set_language(v1::LANGUAGE_KO);
    return CallWith(*stub_, &Stub::RegisterAssistedCitizen, token, r);
  }

  grpc::Status IssueCode(const std::string& token, const std::string& citizen) {
    v1::IssueDeskCodeRequest r;
    r.set_citizen(citizen);
    return CallWith(*stub_, &Stub::IssueDeskCode, token, r);
  }

  grpc::Status Find(const std::string& token, const std::string& centre) {
    v1::FindCitizensRequest r;
    r.set_centre(centre);
    r.set_reason(v1::ACCESS_REASON_DESK_VISIT);
    r.set_phone("010-0000-0000");
    return CallWith(*stub_, &Stub::FindCitizens, token, r);
  }

  grpc::Status Contacts(const std::string& token,
                        const common::ContactTicket& ticket) {
    v1::BatchGetCitizenContactsRequest r;
    r.set_ticket(common::SignContactTicket(ticket, kContactTicketKey));
    return CallWith(*stub_, &Stub::BatchGetCitizenContacts, token, r);
  }

  grpc::Status GetCitizen(const std::string& token, const std::string& name) {
    v1::GetCitizenRequest r;
    r.set_name(name);
    return CallWith(*stub_, &Stub::GetCitizen, token, r);
  }

  // The call on a resource that is not the caller's. Requests are empty where
  // the table does not depend on the resource: an allowed caller then gets
  // INVALID_ARGUMENT, which is not a refusal.
  grpc::Status Other(const std::string& rpc, const Caller& caller) {
    Stub& s = *stub_;
    const std::string& t = caller.token;
    if (rpc == "RegisterCitizen")
      return CallWith(s, &Stub::RegisterCitizen, t, {});
    if (rpc == "Login") return CallWith(s, &Stub::Login, t, {});
    if (rpc == "Logout") return CallWith(s, &Stub::Logout, t, {});
    if (rpc == "LogoutEverywhere")
      return CallWith(s, &Stub::LogoutEverywhere, t, {});
    if (rpc == "WhoAmI") return CallWith(s, &Stub::WhoAmI, t, {});
    if (rpc == "ChangePassword")
      return CallWith(s, &Stub::ChangePassword, t, {});
    if (rpc == "GetCitizen") return GetCitizen(t, OtherCitizen());
    if (rpc == "VerifyPriorityClaim") {
      v1::VerifyPriorityClaimRequest r;
      r.set_request_id("verify-" + testing::RandomSuffix());
      r.set_citizen(OtherCitizen());
      r.set_group(v1::PRIORITY_GROUP_DISABILITY);
      r.set_decision(v1::CLAIM_STATUS_VERIFIED);
      return CallWith(s, &Stub::VerifyPriorityClaim, t, r);
    }
    if (rpc == "CreateStaffAccount")
      return CallWith(s, &Stub::CreateStaffAccount, t, {});
    if (rpc == "GrantRole") return CallWith(s, &Stub::GrantRole, t, {});
    if (rpc == "RevokeRole") return CallWith(s, &Stub::RevokeRole, t, {});
    if (rpc == "StartAssisting")  // a centre where no column works
      return Assist(t, OtherCitizen(), "centres/wirye");
    if (rpc == "ListMyDataAccess")
      return CallWith(s, &Stub::ListMyDataAccess, t, {});
    if (rpc == "FindCitizens") return Find(t, "centres/wirye");
    if (rpc == "GetRegistrationOptions")
      return CallWith(s, &Stub::GetRegistrationOptions, t, {});
    if (rpc == "RegisterAssistedCitizen")
      return RegisterAtDesk(t, "centres/wirye");
    if (rpc == "IssueDeskCode") return IssueCode(t, OtherCitizen());
    if (rpc == "BatchGetCitizenContacts") {  // someone else's ticket
      return Contacts(t, {"staff/00000000-0000-4000-8000-000000000001",
                          {common::kRoleAdmin, ""},
                          "offerings/00000000-0000-4000-8000-000000000002",
                          {OtherCitizen()},
                          std::time(nullptr) + 600});
    }
    if (rpc == "BatchGetStaffProfiles") {
      v1::BatchGetStaffProfilesRequest r;
      r.add_names(CallerOf("instructor").account);
      return CallWith(s, &Stub::BatchGetStaffProfiles, t, r);
    }
    ADD_FAILURE() << "no probe for " << rpc;
    return grpc::Status::OK;
  }

  // The call on the caller's own resource, for a qualified cell.
  grpc::Status Own(const std::string& rpc, const std::string& qualifier,
                   const Caller& caller) {
    if (rpc == "GetCitizen" && qualifier == "self") {
      return GetCitizen(caller.token, caller.account);
    }
    if (rpc == "GetCitizen" && qualifier == "assisting") {
      std::string citizen = OtherCitizen();
      grpc::Status assist = Assist(caller.token, citizen, "centres/misa");
      if (!assist.ok()) return assist;
      return GetCitizen(caller.token, citizen);
    }
    if (rpc == "StartAssisting" && qualifier == "own centre") {
      return Assist(caller.token, OtherCitizen(), "centres/misa");
    }
    if (rpc == "RegisterAssistedCitizen" && qualifier == "own centre") {
      return RegisterAtDesk(caller.token, "centres/misa");
    }
    if (rpc == "IssueDeskCode" && qualifier == "assisting") {
      std::string citizen = OtherCitizen();
      grpc::Status assist = Assist(caller.token, citizen, "centres/misa");
      if (!assist.ok()) return assist;
      return IssueCode(caller.token, citizen);
    }
    if (rpc == "FindCitizens" && qualifier == "own centre") {
      return Find(caller.token, "centres/misa");
    }
    if (rpc == "BatchGetCitizenContacts" && qualifier == "ticket") {
      v1::WhoAmIResponse me;
      grpc::ClientContext ctx;
      ctx.AddMetadata("authorization", "Bearer " + caller.token);
      EXPECT_TRUE(stub_->WhoAmI(&ctx, {}, &me).ok());
      EXPECT_FALSE(me.roles().empty());
      if (me.roles().empty()) return grpc::Status::OK;
      return Contacts(caller.token,
                      {caller.account,
                       {RoleCode(me.roles(0).role()), me.roles(0).scope()},
                       "offerings/00000000-0000-4000-8000-000000000002",
                       {OtherCitizen()},
                       std::time(nullptr) + 600});
    }
    ADD_FAILURE() << "no probe for " << rpc << " with " << qualifier;
    return grpc::Status::OK;
  }

  IdentityTestServer server_;
  std::unique_ptr<Stub> stub_;
};

TEST_F(AccessMatrixTest, TheTableListsEveryRpcAndEveryColumn) {
  AccessMatrix matrix = ReadAccessMatrix("identity");
  std::set<std::string> in_table, in_service;
  for (const auto& [rpc, row] : matrix) {
    in_table.insert(rpc);
    EXPECT_EQ(row.size(), 9u) << rpc;
  }
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          "lifelong.identity.v1.IdentityService");
  ASSERT_NE(service, nullptr);
  for (int i = 0; i < service->method_count(); ++i) {
    in_service.insert(service->method(i)->name());
  }
  EXPECT_EQ(in_table, in_service);
}

TEST_F(AccessMatrixTest, EachCellIsWhatTheServerAnswers) {
  AccessMatrix matrix = ReadAccessMatrix("identity");
  ASSERT_FALSE(matrix.empty());
  int checked = 0;
  for (const auto& [rpc, row] : matrix) {
    for (const auto& [column, cell] : row) {
      std::string where = rpc + " by " + column;
      grpc::Status other = Other(rpc, CallerOf(column));
      if (cell.allowed_always) {
        EXPECT_FALSE(IsRefusal(other.error_code()))
            << where << ": " << other.error_code() << " "
            << other.error_message();
      } else {
        EXPECT_EQ(other.error_code(), AccessCode(cell.refusal))
            << where << ": " << other.error_message();
      }
      ++checked;
      if (!cell.qualifier.empty()) {
        grpc::Status own = Own(rpc, cell.qualifier, CallerOf(column));
        EXPECT_FALSE(IsRefusal(own.error_code()))
            << where << " (" << cell.qualifier << "): " << own.error_code()
            << " " << own.error_message();
        ++checked;
      }
    }
  }
  // 17 RPCs x 9 columns, and the qualified cells once more.
  EXPECT_GE(checked, 17 * 9);
}

TEST_F(AccessMatrixTest, ForgedOrEndedTokensAreUnauthenticated) {
  v1::WhoAmIResponse out;
  for (const std::string& token :
       {std::string("forged"), std::string(43, 'A'), std::string(5000, 'x')}) {
    EXPECT_EQ(stub_->WhoAmI(AuthContext(token).get(), {}, &out).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  grpc::ClientContext wrong_scheme;
  wrong_scheme.AddMetadata("authorization", "Basic dXNlcjpwYXNz");
  EXPECT_EQ(stub_->WhoAmI(&wrong_scheme, {}, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace lifelong::identity
