// Need-to-know reads over gRPC, against the real PostgreSQL and Redis: who
// reads a citizen's profile and sensitive claims, the assisting grants that
// let centre staff read it, and the access log the citizen reads.
#include <gtest/gtest.h>

#include <ctime>

#include "absl/strings/ascii.h"
#include "common/auth/contact_ticket.h"
#include "common/errors.h"
#include "services/identity/identity_test_server.h"

namespace lifelong::identity {
namespace {

struct Answer {
  grpc::StatusCode code;
  std::string reason;
};

Answer Of(const grpc::Status& s) {
  return {s.error_code(), common::ReasonOf(common::FromGrpcStatus(s))};
}

class NeedToKnowTest : public ::testing::Test {
 protected:
  NeedToKnowTest() : stub_(server_.Stub()) {
    v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
    r.add_priority_claims(v1::PRIORITY_GROUP_DISABILITY);
    r.add_priority_claims(v1::PRIORITY_GROUP_BASIC_LIVELIHOOD);
    v1::RegisterCitizenResponse out;
    grpc::ClientContext ctx;
    EXPECT_TRUE(stub_->RegisterCitizen(&ctx, r, &out).ok());
    citizen_ = out.citizen().name();
    citizen_token_ = server_.Login(r.email(), kTestPassword);
  }

  Answer Get(const std::string& token, v1::Citizen* out = nullptr) {
    v1::GetCitizenRequest request;
    request.set_name(citizen_);
    v1::GetCitizenResponse response;
    Answer a =
        Of(stub_->GetCitizen(AuthContext(token).get(), request, &response));
    if (out != nullptr) *out = response.citizen();
    return a;
  }

  Answer Assist(const std::string& token, const std::string& centre,
                v1::AssistingGrant* out = nullptr) {
    v1::StartAssistingRequest request;
    request.set_request_id("assist-" + testing::RandomSuffix());
    request.set_citizen(citizen_);
    request.set_centre(centre);
    request.set_reason(v1::ACCESS_REASON_DESK_VISIT);
    v1::StartAssistingResponse response;
    Answer a =
        Of(stub_->StartAssisting(AuthContext(token).get(), request, &response));
    if (out != nullptr) *out = response.grant();
    return a;
  }

  std::vector<v1::DataAccessRecord> MyLog() {
    std::vector<v1::DataAccessRecord> all;
    v1::ListMyDataAccessRequest request;
    request.set_page_size(2);  // pages, to cover the tokens
    do {
      v1::ListMyDataAccessResponse response;
      grpc::Status s = stub_->ListMyDataAccess(
          AuthContext(citizen_token_).get(), request, &response);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      all.insert(all.end(), response.records().begin(),
                 response.records().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return all;
  }

  v1::WhoAmIResponse WhoAmI(const std::string& token) {
    v1::WhoAmIResponse me;
    EXPECT_TRUE(stub_->WhoAmI(AuthContext(token).get(), {}, &me).ok());
    return me;
  }

  Answer Contacts(const std::string& token, const common::ContactTicket& ticket,
                  const std::string& key,
                  v1::BatchGetCitizenContactsResponse* out = nullptr) {
    v1::BatchGetCitizenContactsRequest request;
    request.set_ticket(common::SignContactTicket(ticket, key));
    v1::BatchGetCitizenContactsResponse response;
    Answer a = Of(stub_->BatchGetCitizenContacts(AuthContext(token).get(),
                                                 request, &response));
    if (out != nullptr) *out = response;
    return a;
  }

  std::string Sql(const std::string& sql) {
    return server_.db().AdminQuery(sql);
  }

  IdentityTestServer server_;
  std::unique_ptr<v1::IdentityService::Stub> stub_;
  std::string citizen_;
  std::string citizen_token_;
};

TEST_F(NeedToKnowTest, StaffWithoutNeedAndOtherCitizensGetNotFound) {
  for (const std::string& token :
       {server_.StaffToken(v1::ROLE_CENTRE_STAFF, "centres/misa"),
        server_.StaffToken(v1::ROLE_CONSULTANT, "centres/misa"),
        server_.StaffToken(v1::ROLE_INSTRUCTOR),
        server_.StaffToken(v1::ROLE_VILLAGE_COORDINATOR, "villages/misa-lake"),
        server_.CitizenToken()}) {
    Answer a = Get(token);
    EXPECT_EQ(a.code, grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(a.reason, "CITIZEN_NOT_FOUND");
  }
  // The same answer as for an account that does not exist.
  v1::GetCitizenRequest unknown;
  unknown.set_name("citizens/00000000-0000-4000-8000-000000000000");
  v1::GetCitizenResponse out;
  EXPECT_EQ(Of(stub_->GetCitizen(AuthContext(server_.AdminToken()).get(),
                                 unknown, &out))
                .reason,
            "CITIZEN_NOT_FOUND");
  EXPECT_TRUE(MyLog().empty());
}

TEST_F(NeedToKnowTest, TheCitizenReadsThemselvesWithoutALogRecord) {
  v1::Citizen me;
  ASSERT_EQ(Get(citizen_token_, &me).code, grpc::StatusCode::OK);
  EXPECT_EQ(me.priority_claims_size(), 2);
  EXPECT_FALSE(me.email().empty());
  EXPECT_TRUE(MyLog().empty());
}

TEST_F(NeedToKnowTest, AssistingStaffReadTheWholeProfileAndTheCitizenSeesIt) {
  std::string staff = server_.StaffToken(v1::ROLE_CENTRE_STAFF, "centres/misa");
  // Only at a centre where the caller works.
  Answer elsewhere = Assist(staff, "centres/wirye");
  EXPECT_EQ(elsewhere.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(elsewhere.reason, "NOT_CENTRE_STAFF");

  v1::AssistingGrant grant;
  ASSERT_EQ(Assist(staff, "centres/misa", &grant).code, grpc::StatusCode::OK);
  EXPECT_EQ(grant.name().rfind(citizen_ + "/assistingGrants/", 0), 0u);
  EXPECT_EQ(grant.role().role(), v1::ROLE_CENTRE_STAFF);
  EXPECT_EQ(grant.expire_time().seconds() - grant.start_time().seconds(),
            2 * 3600);
  v1::Citizen seen;
  ASSERT_EQ(Get(staff, &seen).code, grpc::StatusCode::OK);
  EXPECT_EQ(seen.priority_claims_size(), 2);
  EXPECT_FALSE(seen.email().empty());

  std::vector<v1::DataAccessRecord> log = MyLog();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].method(), "GetCitizen");  // newest first
  EXPECT_EQ(log[1].method(), "StartAssisting");
  EXPECT_EQ(log[0].accessor(), grant.staff());
  EXPECT_EQ(log[0].accessor_display_name(), "Staff");
  EXPECT_EQ(log[0].accessor_role().role(), v1::ROLE_CENTRE_STAFF);
  EXPECT_EQ(log[0].accessor_role().scope(), "centres/misa");
  EXPECT_EQ(log[0].reason(), v1::ACCESS_REASON_DESK_VISIT);
  ASSERT_EQ(log[0].disclosed_claims_size(), 2);
  EXPECT_EQ(log[0].disclosed_claims(0), v1::PRIORITY_GROUP_BASIC_LIVELIHOOD);
  EXPECT_EQ(log[0].disclosed_claims(1), v1::PRIORITY_GROUP_DISABILITY);
  EXPECT_EQ(log[1].disclosed_claims_size(), 0);
  EXPECT_GT(log[0].access_time().seconds(), 0);

  // Another staff member of the same centre has no grant of their own.
  EXPECT_EQ(Get(server_.StaffToken(v1::ROLE_CENTRE_STAFF, "centres/misa")).code,
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(NeedToKnowTest, AnExpiredGrantOrARevokedRoleEndsTheAccess) {
  std::string staff = server_.StaffToken(v1::ROLE_CONSULTANT, "centres/misa");
  v1::AssistingGrant grant;
  ASSERT_EQ(Assist(staff, "centres/misa", &grant).code, grpc::StatusCode::OK);
  ASSERT_EQ(Get(staff).code, grpc::StatusCode::OK);
  Sql("UPDATE " + server_.db().name() +
      ".assisting_grants SET created_at = now() - interval '3 hours', "
      "expires_at = now() - interval '1 second'");
  EXPECT_EQ(Get(staff).code, grpc::StatusCode::NOT_FOUND);

  ASSERT_EQ(Assist(staff, "centres/misa").code, grpc::StatusCode::OK);
  ASSERT_EQ(Get(staff).code, grpc::StatusCode::OK);
  v1::RevokeRoleRequest revoke;
  revoke.set_request_id("revoke-1");
  revoke.set_staff(grant.staff());
  revoke.mutable_grant()->set_role(v1::ROLE_CONSULTANT);
  revoke.mutable_grant()->set_scope("centres/misa");
  v1::RevokeRoleResponse revoked;
  ASSERT_TRUE(stub_
                  ->RevokeRole(AuthContext(server_.AdminToken()).get(), revoke,
                               &revoked)
                  .ok());
  EXPECT_EQ(Get(staff).code, grpc::StatusCode::NOT_FOUND);
}

TEST_F(NeedToKnowTest, OnlyVerifiersAndAdminDecideClaimsAndTheyAreLogged) {
  v1::VerifyPriorityClaimRequest verify;
  verify.set_citizen(citizen_);
  verify.set_group(v1::PRIORITY_GROUP_DISABILITY);
  verify.set_decision(v1::CLAIM_STATUS_VERIFIED);
  v1::VerifyPriorityClaimResponse out;
  for (const std::string& token :
       {server_.StaffToken(v1::ROLE_CENTRE_STAFF, "centres/misa"),
        server_.StaffToken(v1::ROLE_CONSULTANT, "centres/misa"),
        server_.StaffToken(v1::ROLE_CITY_SYSTEM)}) {
    verify.set_request_id("verify-" + testing::RandomSuffix());
    EXPECT_EQ(stub_->VerifyPriorityClaim(AuthContext(token).get(), verify, &out)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  std::string verifier = server_.StaffToken(v1::ROLE_PRIORITY_VERIFIER);
  verify.set_request_id("verify-ok");
  ASSERT_TRUE(
      stub_->VerifyPriorityClaim(AuthContext(verifier).get(), verify, &out)
          .ok());
  // Verifiers read any citizen's claims, without a grant, each read logged.
  v1::Citizen seen;
  ASSERT_EQ(Get(verifier, &seen).code, grpc::StatusCode::OK);
  EXPECT_EQ(seen.priority_claims_size(), 2);
  verify.set_request_id("verify-admin");
  verify.set_group(v1::PRIORITY_GROUP_BASIC_LIVELIHOOD);
  verify.set_decision(v1::CLAIM_STATUS_REJECTED);
  ASSERT_TRUE(stub_
                  ->VerifyPriorityClaim(AuthContext(server_.AdminToken()).get(),
                                        verify, &out)
                  .ok());

  std::vector<v1::DataAccessRecord> log = MyLog();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].method(), "VerifyPriorityClaim");
  EXPECT_EQ(log[0].accessor_role().role(), v1::ROLE_ADMIN);
  EXPECT_EQ(log[1].method(), "GetCitizen");
  EXPECT_EQ(log[1].accessor_role().role(), v1::ROLE_PRIORITY_VERIFIER);
  EXPECT_EQ(log[1].reason(), v1::ACCESS_REASON_CLAIM_VERIFICATION);
  EXPECT_EQ(log[2].method(), "VerifyPriorityClaim");
  EXPECT_EQ(log[2].disclosed_claims_size(), 2);
}

TEST_F(NeedToKnowTest, CitySystemReadsTheProfileWithoutClaimsLogged) {
  v1::Citizen seen;
  ASSERT_EQ(Get(server_.StaffToken(v1::ROLE_CITY_SYSTEM), &seen).code,
            grpc::StatusCode::OK);
  EXPECT_EQ(seen.priority_claims_size(), 0);
  EXPECT_EQ(seen.birth_year(), 1955);
  std::vector<v1::DataAccessRecord> log = MyLog();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].reason(), v1::ACCESS_REASON_CITY_SYSTEM);
  EXPECT_EQ(log[0].disclosed_claims_size(), 0);
}

TEST_F(NeedToKnowTest, AdminReadsAreLoggedAndPagesCoverEveryRecord) {
  std::string admin = server_.AdminToken();
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Get(admin).code, grpc::StatusCode::OK);
  std::vector<v1::DataAccessRecord> log = MyLog();  // pages of 2
  ASSERT_EQ(log.size(), 5u);
  for (const v1::DataAccessRecord& r : log) {
    EXPECT_EQ(r.reason(), v1::ACCESS_REASON_ADMINISTRATION);
  }
  // A token from another citizen's list is refused.
  v1::ListMyDataAccessRequest request;
  request.set_page_size(1);
  v1::ListMyDataAccessResponse first;
  ASSERT_TRUE(
      stub_
          ->ListMyDataAccess(AuthContext(citizen_token_).get(), request, &first)
          .ok());
  request.set_page_token(first.next_page_token());
  v1::ListMyDataAccessResponse other;
  EXPECT_EQ(stub_
                ->ListMyDataAccess(AuthContext(server_.CitizenToken()).get(),
                                   request, &other)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(NeedToKnowTest, BadAssistingRequestsNameTheirFields) {
  std::string staff = server_.StaffToken(v1::ROLE_CENTRE_STAFF, "centres/misa");
  v1::StartAssistingRequest request;
  request.set_request_id("bad-1");
  request.set_citizen("people/1");
  request.set_centre("misa");
  request.set_reason(v1::ACCESS_REASON_ADMINISTRATION);
  v1::StartAssistingResponse out;
  absl::Status s = common::FromGrpcStatus(
      stub_->StartAssisting(AuthContext(staff).get(), request, &out));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const common::FieldViolation& v : common::FieldViolationsOf(s)) {
    fields.insert(v.field);
  }
  EXPECT_EQ(fields, (std::set<std::string>{"citizen", "centre", "reason"}));
  request.set_citizen("citizens/00000000-0000-4000-8000-000000000000");
  request.set_centre("centres/misa");
  request.set_reason(v1::ACCESS_REASON_PHONE_REQUEST);
  EXPECT_EQ(
      Of(stub_->StartAssisting(AuthContext(staff).get(), request, &out)).reason,
      "CITIZEN_NOT_FOUND");
}

TEST_F(NeedToKnowTest, StaffFindCitizensByPhoneOrNameAndEachMatchIsLogged) {
  std::string staff = server_.StaffToken(v1::ROLE_CENTRE_STAFF, "centres/misa");
  v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
  std::string last4 = std::to_string(1000 + std::rand() % 9000);
  std::string digits = std::to_string(1000 + std::rand() % 9000);
  r.set_display_name("Desk Finder " + testing::RandomSuffix());
  r.set_phone("010-" + digits + "-" + last4);
  r.set_birth_year(1948);
  v1::RegisterCitizenResponse registered;
  grpc::ClientContext reg_ctx;
  ASSERT_TRUE(stub_->RegisterCitizen(&reg_ctx, r, &registered).ok());
  std::string token = server_.Login(r.email(), kTestPassword);

  v1::FindCitizensRequest find;
  find.set_centre("centres/misa");
  find.set_reason(v1::ACCESS_REASON_DESK_VISIT);
  find.set_phone("+8210" + digits + last4);  // any common form
  v1::FindCitizensResponse found;
  ASSERT_TRUE(stub_->FindCitizens(AuthContext(staff).get(), find, &found).ok());
  ASSERT_EQ(found.matches_size(), 1);
  const v1::CitizenMatch& m = found.matches(0);
  EXPECT_EQ(m.name(), registered.citizen().name());
  EXPECT_EQ(m.birth_year(), 1948);
  EXPECT_EQ(m.masked_phone(), "010-****-" + last4);
  EXPECT_FALSE(found.truncated());

  // By name, in another case and with spaces around, and the birth year.
  find.clear_phone();
  find.set_display_name("  " + absl::AsciiStrToUpper(r.display_name()) + " ");
  find.set_birth_year(1948);
  ASSERT_TRUE(stub_->FindCitizens(AuthContext(staff).get(), find, &found).ok());
  ASSERT_EQ(found.matches_size(), 1);
  EXPECT_EQ(found.matches(0).name(), registered.citizen().name());
  find.set_birth_year(1949);
  ASSERT_TRUE(stub_->FindCitizens(AuthContext(staff).get(), find, &found).ok());
  EXPECT_EQ(found.matches_size(), 0);

  // The citizen sees both searches that showed them.
  v1::ListMyDataAccessResponse log;
  ASSERT_TRUE(stub_->ListMyDataAccess(AuthContext(token).get(), {}, &log).ok());
  ASSERT_EQ(log.records_size(), 2);
  EXPECT_EQ(log.records(0).method(), "FindCitizens");
  EXPECT_EQ(log.records(0).accessor_role().scope(), "centres/misa");

  // Both ways at once, or neither, is bad input.
  find.set_phone("010-1234-5678");
  absl::Status both = common::FromGrpcStatus(
      stub_->FindCitizens(AuthContext(staff).get(), find, &found));
  EXPECT_EQ(both.code(), absl::StatusCode::kInvalidArgument);
  v1::FindCitizensRequest neither;
  neither.set_centre("centres/misa");
  neither.set_reason(v1::ACCESS_REASON_DESK_VISIT);
  EXPECT_EQ(stub_->FindCitizens(AuthContext(staff).get(), neither, &found)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(NeedToKnowTest, VerifierRoleIsCityWide) {
  v1::CreateStaffAccountRequest create;
  create.set_request_id("create-v");
  create.set_display_name("Verifier");
  create.set_email("verifier-" + testing::RandomSuffix() + "@hanam.example");
  create.set_password(kTestPassword);
  v1::CreateStaffAccountResponse created;
  std::string admin = server_.AdminToken();
  ASSERT_TRUE(
      stub_->CreateStaffAccount(AuthContext(admin).get(), create, &created)
          .ok());
  v1::GrantRoleRequest grant;
  grant.set_request_id("grant-v");
  grant.set_staff(created.staff().name());
  grant.mutable_grant()->set_role(v1::ROLE_PRIORITY_VERIFIER);
  grant.mutable_grant()->set_scope("centres/misa");
  v1::GrantRoleResponse granted;
  absl::Status s = common::FromGrpcStatus(
      stub_->GrantRole(AuthContext(admin).get(), grant, &granted));
  ASSERT_EQ(common::FieldViolationsOf(s).size(), 1u);
  EXPECT_EQ(common::FieldViolationsOf(s)[0].reason, "INVALID_SCOPE");
}

// The staff console's roster in two calls: enrolment's page carries a
// ticket, identity shows that page's contacts to its holder and tells each
// citizen.
TEST_F(NeedToKnowTest, ARosterTicketShowsItsPageToItsHolderAndLogsEachRead) {
  std::string staff = server_.StaffToken(v1::ROLE_CENTRE_STAFF, "centres/misa");
  std::string account = WhoAmI(staff).account();
  const std::string offering = "offerings/2f0c6a44-1b52-4a40-8f0e-5d0b9a7c1e22";
  common::ContactTicket ticket{account,
                               {common::kRoleCentreStaff, "centres/misa"},
                               offering,
                               {citizen_},
                               std::time(nullptr) + 600};
  v1::BatchGetCitizenContactsResponse contacts;
  Answer a = Contacts(staff, ticket, kContactTicketKey, &contacts);
  ASSERT_EQ(a.code, grpc::StatusCode::OK) << a.reason;
  ASSERT_EQ(contacts.contacts_size(), 1);
  EXPECT_EQ(contacts.contacts(0).citizen(), citizen_);
  EXPECT_EQ(contacts.contacts(0).display_name(), "김영숙");
  EXPECT_NE(contacts.contacts(0).email().find("@example.kr"),
            std::string::npos);

  std::vector<v1::DataAccessRecord> log = MyLog();
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0].method(), "BatchGetCitizenContacts");
  EXPECT_EQ(log[0].reason(), v1::ACCESS_REASON_ROSTER);
  EXPECT_EQ(log[0].about(), offering);
  EXPECT_EQ(log[0].accessor(), account);
  EXPECT_EQ(log[0].accessor_role().scope(), "centres/misa");
  EXPECT_TRUE(log[0].disclosed_claims().empty());

  // Someone else's ticket, a lapsed one, one for a role not held, one not
  // signed by enrolment: refused alike.
  std::string colleague =
      server_.StaffToken(v1::ROLE_CENTRE_STAFF, "centres/misa");
  EXPECT_EQ(Contacts(colleague, ticket, kContactTicketKey).reason,
            "INVALID_TICKET");
  common::ContactTicket lapsed = ticket;
  lapsed.expire_unix = std::time(nullptr) - 1;
  EXPECT_EQ(Contacts(staff, lapsed, kContactTicketKey).reason,
            "TICKET_EXPIRED");
  common::ContactTicket elsewhere = ticket;
  elsewhere.as.scope = "centres/wirye";
  EXPECT_EQ(Contacts(staff, elsewhere, kContactTicketKey).reason,
            "INVALID_TICKET");
  Answer forged = Contacts(staff, ticket, "a key enrolment does not have!!!");
  EXPECT_EQ(forged.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(forged.reason, "INVALID_TICKET");
  // Nothing more was logged.
  EXPECT_EQ(MyLog().size(), log.size());
}

TEST_F(NeedToKnowTest, StaffDisplayNamesArePublicAndNothingElse) {
  std::string instructor =
      WhoAmI(server_.StaffToken(v1::ROLE_INSTRUCTOR)).account();
  v1::BatchGetStaffProfilesRequest request;
  request.add_names(instructor);
  v1::BatchGetStaffProfilesResponse response;
  grpc::ClientContext anonymous;
  ASSERT_TRUE(
      stub_->BatchGetStaffProfiles(&anonymous, request, &response).ok());
  ASSERT_EQ(response.profiles_size(), 1);
  EXPECT_EQ(response.profiles(0).name(), instructor);
  EXPECT_EQ(response.profiles(0).display_name(), "Staff");

  // A citizen is not staff: all or nothing (AIP-231).
  request.add_names("staff/" + citizen_.substr(sizeof("citizens/") - 1));
  grpc::ClientContext again;
  Answer a = Of(stub_->BatchGetStaffProfiles(&again, request, &response));
  EXPECT_EQ(a.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(a.reason, "STAFF_NOT_FOUND");
  grpc::ClientContext named;
  grpc::Status unknown =
      stub_->BatchGetStaffProfiles(&named, request, &response);
  EXPECT_EQ(common::ErrorMetadataOf(common::FromGrpcStatus(unknown)).at("name"),
            request.names(1));
  request.set_names(1, instructor);
  grpc::ClientContext twice;
  EXPECT_EQ(Of(stub_->BatchGetStaffProfiles(&twice, request, &response)).code,
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace lifelong::identity
