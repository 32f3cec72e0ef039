// The identity service over gRPC, against the real PostgreSQL and Redis.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <set>

#include "common/errors.h"
#include "common/hex_digest.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "lifelong/identity/events/v1/identity_events.pb.h"
#include "services/identity/identity_test_server.h"

namespace lifelong::identity {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::UnorderedElementsAre;

const LoginLimits kRelaxed{5, 100000, std::chrono::seconds(60), ""};

struct Answer {
  absl::Status status;
  std::string reason;
  std::vector<std::string> fields;  // "field:REASON"
};

Answer Of(const grpc::Status& grpc_status) {
  Answer a;
  a.status = common::FromGrpcStatus(grpc_status);
  a.reason = common::ReasonOf(a.status);
  for (const common::FieldViolation& v : common::FieldViolationsOf(a.status)) {
    a.fields.push_back(v.field + ":" + v.reason);
  }
  return a;
}

class IdentityServiceTest : public ::testing::Test {
 protected:
  IdentityServiceTest() : server_(kRelaxed), stub_(server_.Stub()) {}

  Answer Register(const v1::RegisterCitizenRequest& r,
                  v1::RegisterCitizenResponse* out = nullptr) {
    v1::RegisterCitizenResponse response;
    grpc::ClientContext ctx;
    Answer a = Of(stub_->RegisterCitizen(&ctx, r, &response));
    if (out != nullptr) *out = response;
    return a;
  }

  Answer Login(const std::string& login, const std::string& password,
               v1::LoginResponse* out = nullptr) {
    v1::LoginRequest request;
    request.set_login(login);
    request.set_password(password);
    v1::LoginResponse response;
    grpc::ClientContext ctx;
    Answer a = Of(stub_->Login(&ctx, request, &response));
    if (out != nullptr) *out = response;
    return a;
  }

  Answer WhoAmI(const std::string& token, v1::WhoAmIResponse* out = nullptr) {
    v1::WhoAmIResponse response;
    Answer a = Of(stub_->WhoAmI(AuthContext(token).get(), {}, &response));
    if (out != nullptr) *out = response;
    return a;
  }

  std::string OutboxCount(const std::string& type) {
    return server_.db().AdminQuery("SELECT count(*) FROM " +
                                   server_.db().name() +
                                   ".outbox WHERE type = '" + type + "'");
  }

  IdentityTestServer server_;
  std::unique_ptr<v1::IdentityService::Stub> stub_;
};

TEST_F(IdentityServiceTest, RegisteredCitizenLogsInAndSeesThemselves) {
  v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
  r.set_email("Mixed.Case-" + r.email());
  r.set_phone("010-1234-" + std::to_string(1000 + std::rand() % 9000));
  r.set_workplace_district("Pungsan");
  r.add_priority_claims(v1::PRIORITY_GROUP_BASIC_LIVELIHOOD);
  r.add_priority_claims(v1::PRIORITY_GROUP_DISABILITY);
  v1::RegisterCitizenResponse registered;
  ASSERT_TRUE(Register(r, &registered).status.ok());
  const v1::Citizen& c = registered.citizen();
  EXPECT_EQ(c.name().rfind("citizens/", 0), 0u);
  EXPECT_EQ(c.email(), "mixed.case-" + r.email().substr(11));
  EXPECT_EQ(c.phone().rfind("+82101234", 0), 0u);
  EXPECT_EQ(c.birth_year(), 1955);
  EXPECT_TRUE(c.over_65());  // 2026 - 1955 = 71
  EXPECT_EQ(c.workplace_district(), "Pungsan");
  ASSERT_EQ(c.priority_claims_size(), 2);
  EXPECT_EQ(c.priority_claims(0).status(), v1::CLAIM_STATUS_CLAIMED);

  // By email in any case, or by phone in any common form.
  v1::LoginResponse session;
  ASSERT_TRUE(Login(r.email(), kTestPassword, &session).status.ok());
  EXPECT_EQ(session.account(), c.name());
  EXPECT_TRUE(Login(c.phone(), kTestPassword).status.ok());

  v1::WhoAmIResponse me;
  ASSERT_TRUE(WhoAmI(session.session_token(), &me).status.ok());
  EXPECT_EQ(me.account(), c.name());
  EXPECT_EQ(me.kind(), v1::ACCOUNT_KIND_CITIZEN);
  EXPECT_EQ(me.display_name(), "김영숙");
  ASSERT_EQ(me.roles_size(), 1);
  EXPECT_EQ(me.roles(0).role(), v1::ROLE_CITIZEN);

  // The event carries eligibility data and no personal contact data.
  ASSERT_EQ(OutboxCount("lifelong.identity.events.v1.CitizenRegistered"), "1");
  std::string payload = server_.db().AdminQuery(
      "SELECT encode(payload, 'hex') FROM " + server_.db().name() +
      ".outbox WHERE type = 'lifelong.identity.events.v1.CitizenRegistered'");
  std::string bytes;
  for (size_t i = 0; i + 1 < payload.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(payload.substr(i, 2), nullptr, 16));
  }
  events::v1::CitizenRegistered event;
  ASSERT_TRUE(event.ParseFromString(bytes));
  EXPECT_EQ(event.citizen(), c.name());
  EXPECT_EQ(event.district(), "Misa");
  // Claims are sensitive and unverified: never on the general topic.
  EXPECT_EQ(event.GetReflection()->FieldSize(
                event, event.GetDescriptor()->FindFieldByName(
                           "claimed_priority_groups")),
            0);
  EXPECT_EQ(bytes.find(c.email()), std::string::npos);
  EXPECT_EQ(bytes.find("김영숙"), std::string::npos);
}

TEST_F(IdentityServiceTest, BadInputNamesEveryFieldAndWritesNothing) {
  v1::RegisterCitizenRequest r;
  r.set_request_id("bad input!");
  r.set_display_name(std::string(101, 'x'));
  r.set_email("not-an-email");
  r.set_phone("02-123");
  r.set_password("short");
  r.set_birth_year(1850);
  r.set_district("Gangnam");
  r.set_workplace_district("Nowhere");
  r.set_language(static_cast<v1::Language>(9));
  r.add_priority_claims(static_cast<v1::PriorityGroup>(42));
  Answer a = Register(r);
  EXPECT_EQ(a.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      a.fields,
      UnorderedElementsAre(
          "request_id:INVALID_FORMAT", "display_name:INVALID_FORMAT",
          "email:INVALID_FORMAT", "phone:INVALID_FORMAT",
          "password:WEAK_PASSWORD", "birth_year:OUT_OF_RANGE",
          "district:UNKNOWN_DISTRICT", "workplace_district:UNKNOWN_DISTRICT",
          "language:UNKNOWN_VALUE", "priority_claims[0]:UNKNOWN_VALUE"));

  v1::RegisterCitizenRequest empty;
  EXPECT_THAT(
      Register(empty).fields,
      UnorderedElementsAre("request_id:REQUIRED", "display_name:REQUIRED",
                           "email:REQUIRED", "password:WEAK_PASSWORD",
                           "birth_year:REQUIRED", "district:REQUIRED",
                           "language:REQUIRED"));
  EXPECT_EQ(
      server_.db().AdminQuery("SELECT count(*) FROM " + server_.db().name() +
                              ".accounts WHERE kind = 'citizen'"),
      "0");
}

TEST_F(IdentityServiceTest, SecondAccountWithSameEmailIsRefused) {
  v1::RegisterCitizenRequest first = IdentityTestServer::Registration();
  ASSERT_TRUE(Register(first).status.ok());
  v1::RegisterCitizenRequest second = IdentityTestServer::Registration();
  second.set_email(first.email());
  Answer a = Register(second);
  EXPECT_EQ(a.status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(a.reason, "EMAIL_TAKEN");
  EXPECT_EQ(OutboxCount("lifelong.identity.events.v1.CitizenRegistered"), "1");
}

TEST_F(IdentityServiceTest, RetryWithSameRequestIdReturnsFirstAnswer) {
  v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
  v1::RegisterCitizenResponse first, again;
  ASSERT_TRUE(Register(r, &first).status.ok());
  ASSERT_TRUE(Register(r, &again).status.ok());
  EXPECT_EQ(first.SerializeAsString(), again.SerializeAsString());
  EXPECT_EQ(OutboxCount("lifelong.identity.events.v1.CitizenRegistered"), "1");

  v1::RegisterCitizenRequest changed = r;
  changed.set_district("Wirye");
  Answer a = Register(changed);
  EXPECT_EQ(a.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(a.reason, "REQUEST_ID_REUSED");
}

TEST_F(IdentityServiceTest, ConcurrentRetriesCreateOneCitizen) {
  v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
  std::vector<std::future<std::string>> calls;
  for (int i = 0; i < 6; ++i) {
    calls.push_back(std::async(std::launch::async, [&] {
      v1::RegisterCitizenResponse out;
      EXPECT_TRUE(Register(r, &out).status.ok());
      return out.citizen().name();
    }));
  }
  std::set<std::string> names;
  for (auto& c : calls) names.insert(c.get());
  EXPECT_EQ(names.size(), 1u);
  EXPECT_EQ(OutboxCount("lifelong.identity.events.v1.CitizenRegistered"), "1");
}

TEST_F(IdentityServiceTest, WrongPasswordAndUnknownAccountGetTheSameAnswer) {
  v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
  ASSERT_TRUE(Register(r).status.ok());
  Answer wrong = Login(r.email(), "Wrong-Password-1");
  Answer unknown = Login("nobody-" + r.email(), "Wrong-Password-1");
  EXPECT_EQ(wrong.status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.status.code(), unknown.status.code());
  EXPECT_EQ(wrong.status.message(), unknown.status.message());
  EXPECT_EQ(wrong.reason, "INVALID_CREDENTIALS");
  EXPECT_EQ(unknown.reason, "INVALID_CREDENTIALS");
}

TEST_F(IdentityServiceTest,
       TooManyFailuresForAnAccountAreRefusedWithRetryDelay) {
  v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
  ASSERT_TRUE(Register(r).status.ok());
  for (int i = 0; i < kRelaxed.failures_per_account; ++i) {
    EXPECT_EQ(Login(r.email(), "Wrong-Password-1").reason,
              "INVALID_CREDENTIALS");
  }
  // Now even the right password is refused until the window ends.
  v1::LoginRequest request;
  request.set_login(r.email());
  request.set_password(kTestPassword);
  v1::LoginResponse response;
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Login(&ctx, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(Of(status).reason, "TOO_MANY_LOGIN_ATTEMPTS");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::RetryInfo retry;
  bool has_retry = false;
  for (const auto& any : details.details()) has_retry |= any.UnpackTo(&retry);
  ASSERT_TRUE(has_retry);
  EXPECT_GT(retry.retry_delay().seconds(), 0);
  EXPECT_LE(retry.retry_delay().seconds(), 60);
  // Another account is not affected.
  v1::RegisterCitizenRequest other = IdentityTestServer::Registration();
  ASSERT_TRUE(Register(other).status.ok());
  EXPECT_TRUE(Login(other.email(), kTestPassword).status.ok());
}

TEST(LoginPeerLimitTest, TooManyFailuresFromOneAddressAreRefused) {
  // Each test server has its own limiter secret, so its keys are its own.
  IdentityTestServer server({1000, 3, std::chrono::seconds(30), ""});
  auto stub = server.Stub();
  auto login = [&](const std::string& who) {
    v1::LoginRequest request;
    request.set_login(who);
    request.set_password("Wrong-Password-1");
    v1::LoginResponse response;
    grpc::ClientContext ctx;
    return stub->Login(&ctx, request, &response).error_code();
  };
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(login("someone" + std::to_string(i) + "@example.kr"),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  // A throttled address's wrong guesses are refused.
  EXPECT_EQ(login("someone-else@example.kr"),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(IdentityServiceTest, LogoutEndsOnlyThatSession) {
  v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
  ASSERT_TRUE(Register(r).status.ok());
  v1::LoginResponse a, b;
  ASSERT_TRUE(Login(r.email(), kTestPassword, &a).status.ok());
  ASSERT_TRUE(Login(r.email(), kTestPassword, &b).status.ok());
  v1::LogoutResponse out;
  ASSERT_TRUE(
      stub_->Logout(AuthContext(a.session_token()).get(), {}, &out).ok());
  EXPECT_EQ(WhoAmI(a.session_token()).reason, "SESSION_INVALID");
  EXPECT_TRUE(WhoAmI(b.session_token()).status.ok());
}

TEST_F(IdentityServiceTest, LogoutEverywhereEndsEverySession) {
  v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
  ASSERT_TRUE(Register(r).status.ok());
  std::vector<std::string> tokens;
  for (int i = 0; i < 3; ++i) {
    v1::LoginResponse s;
    ASSERT_TRUE(Login(r.email(), kTestPassword, &s).status.ok());
    tokens.push_back(s.session_token());
  }
  v1::LogoutEverywhereResponse out;
  ASSERT_TRUE(
      stub_->LogoutEverywhere(AuthContext(tokens[0]).get(), {}, &out).ok());
  EXPECT_EQ(out.sessions_ended(), 3);
  for (const std::string& t : tokens) {
    EXPECT_EQ(WhoAmI(t).status.code(), absl::StatusCode::kUnauthenticated);
  }
}

TEST_F(IdentityServiceTest,
       ChangePasswordEndsEverySessionAndKeepsOnlyTheNewPassword) {
  v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
  ASSERT_TRUE(Register(r).status.ok());
  v1::LoginResponse s;
  ASSERT_TRUE(Login(r.email(), kTestPassword, &s).status.ok());

  v1::ChangePasswordRequest change;
  change.set_request_id("change-1");
  change.set_current_password("Not-The-Password-1");
  change.set_new_password("Brand-New-Secret-7");
  v1::ChangePasswordResponse out;
  // A wrong current password is answered as Login answers a wrong password,
  // and the session stays valid.
  Answer wrong = Of(stub_->ChangePassword(AuthContext(s.session_token()).get(),
                                          change, &out));
  Answer login = Login(r.email(), "Not-The-Password-1");
  EXPECT_EQ(wrong.status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.status.code(), login.status.code());
  EXPECT_EQ(wrong.reason, "INVALID_CREDENTIALS");
  EXPECT_EQ(wrong.reason, login.reason);
  EXPECT_TRUE(WhoAmI(s.session_token()).status.ok());

  change.set_current_password(kTestPassword);
  ASSERT_TRUE(
      stub_->ChangePassword(AuthContext(s.session_token()).get(), change, &out)
          .ok());
  EXPECT_EQ(out.sessions_ended(), 1);
  EXPECT_EQ(WhoAmI(s.session_token()).status.code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(Login(r.email(), kTestPassword).reason, "INVALID_CREDENTIALS");
  EXPECT_TRUE(Login(r.email(), "Brand-New-Secret-7").status.ok());
}

TEST_F(IdentityServiceTest, WhoAmIShowsWhenTheSessionEnds) {
  v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
  ASSERT_TRUE(Register(r).status.ok());
  v1::LoginResponse s;
  ASSERT_TRUE(Login(r.email(), kTestPassword, &s).status.ok());
  long long now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  v1::WhoAmIResponse me;
  ASSERT_TRUE(WhoAmI(s.session_token(), &me).status.ok());
  // The test server keeps the default policy: 2 hours idle, 24 absolute.
  EXPECT_NEAR(me.idle_expire_time().seconds(), now + 2 * 3600, 5);
  EXPECT_EQ(me.absolute_expire_time().seconds(),
            s.absolute_expire_time().seconds());
  // Near the absolute end, the idle expiry never passes it.
  std::string key =
      "session:" + common::SessionStore::HashToken(s.session_token());
  ASSERT_TRUE(
      server_.redis()
          .Command({"HSET", key, "absolute_expiry", std::to_string(now + 600)})
          .ok());
  ASSERT_TRUE(WhoAmI(s.session_token(), &me).status.ok());
  EXPECT_EQ(me.idle_expire_time().seconds(), now + 600);
  EXPECT_EQ(me.absolute_expire_time().seconds(), now + 600);
}

TEST_F(IdentityServiceTest, VerifierDecidesClaimOnceAndItIsRecorded) {
  std::string citizen;
  server_.CitizenToken(&citizen);
  std::string staff = server_.StaffToken(v1::ROLE_PRIORITY_VERIFIER);
  // The registration above claimed nothing: add a claim through a new citizen.
  v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
  r.add_priority_claims(v1::PRIORITY_GROUP_SINGLE_PARENT);
  v1::RegisterCitizenResponse registered;
  ASSERT_TRUE(Register(r, &registered).status.ok());

  v1::VerifyPriorityClaimRequest verify;
  verify.set_request_id("verify-1");
  verify.set_citizen(registered.citizen().name());
  verify.set_group(v1::PRIORITY_GROUP_SINGLE_PARENT);
  verify.set_decision(v1::CLAIM_STATUS_VERIFIED);
  v1::VerifyPriorityClaimResponse out;
  ASSERT_TRUE(
      stub_->VerifyPriorityClaim(AuthContext(staff).get(), verify, &out).ok());
  ASSERT_EQ(out.citizen().priority_claims_size(), 1);
  const v1::PriorityClaim& claim = out.citizen().priority_claims(0);
  EXPECT_EQ(claim.status(), v1::CLAIM_STATUS_VERIFIED);
  EXPECT_EQ(claim.decided_by().rfind("staff/", 0), 0u);
  EXPECT_GT(claim.decide_time().seconds(), 0);
  // The decision goes on the restricted topic only.
  EXPECT_EQ(server_.db().AdminQuery(
                "SELECT string_agg(topic, ',') FROM " + server_.db().name() +
                ".outbox WHERE type = "
                "'lifelong.identity.events.v1.PriorityClaimVerified'"),
            "lifelong.identity.priority.v1");
  EXPECT_EQ(server_.db().AdminQuery(
                "SELECT count(*) FROM " + server_.db().name() +
                ".outbox WHERE topic = 'lifelong.identity.account.v1' AND "
                "type <> 'lifelong.identity.events.v1.CitizenRegistered' AND "
                "type NOT LIKE 'lifelong.identity.events.v1.StaffRole%'"),
            "0");

  // Decided once: a second decision is refused; a claim never made is not
  // found.
  verify.set_request_id("verify-2");
  verify.set_decision(v1::CLAIM_STATUS_REJECTED);
  Answer again =
      Of(stub_->VerifyPriorityClaim(AuthContext(staff).get(), verify, &out));
  EXPECT_EQ(again.status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(again.reason, "CLAIM_ALREADY_DECIDED");
  verify.set_request_id("verify-3");
  verify.set_citizen(citizen);
  Answer missing =
      Of(stub_->VerifyPriorityClaim(AuthContext(staff).get(), verify, &out));
  EXPECT_EQ(missing.reason, "CLAIM_NOT_FOUND");
}

TEST_F(IdentityServiceTest, RoleGrantAndRevokeReachLiveSessions) {
  std::string admin = server_.AdminToken();
  std::string staff_token = server_.StaffToken(v1::ROLE_INSTRUCTOR);
  v1::WhoAmIResponse me;
  ASSERT_TRUE(WhoAmI(staff_token, &me).status.ok());

  v1::GrantRoleRequest grant;
  grant.set_request_id("grant-1");
  grant.set_staff(me.account());
  grant.mutable_grant()->set_role(v1::ROLE_CONSULTANT);
  grant.mutable_grant()->set_scope("centres/wirye");
  v1::GrantRoleResponse granted;
  ASSERT_TRUE(stub_->GrantRole(AuthContext(admin).get(), grant, &granted).ok());
  ASSERT_TRUE(WhoAmI(staff_token, &me).status.ok());
  EXPECT_EQ(me.roles_size(), 2);

  grant.set_request_id("grant-2");
  EXPECT_EQ(
      Of(stub_->GrantRole(AuthContext(admin).get(), grant, &granted)).reason,
      "ROLE_ALREADY_GRANTED");

  v1::RevokeRoleRequest revoke;
  revoke.set_request_id("revoke-1");
  revoke.set_staff(me.account());
  *revoke.mutable_grant() = grant.grant();
  v1::RevokeRoleResponse revoked;
  ASSERT_TRUE(
      stub_->RevokeRole(AuthContext(admin).get(), revoke, &revoked).ok());
  ASSERT_TRUE(WhoAmI(staff_token, &me).status.ok());
  ASSERT_EQ(me.roles_size(), 1);
  EXPECT_EQ(me.roles(0).role(), v1::ROLE_INSTRUCTOR);
  EXPECT_EQ(OutboxCount("lifelong.identity.events.v1.StaffRoleRevoked"), "1");

  // A scoped role without its scope is bad input naming the field.
  grant.set_request_id("grant-3");
  grant.mutable_grant()->set_scope("");
  EXPECT_THAT(
      Of(stub_->GrantRole(AuthContext(admin).get(), grant, &granted)).fields,
      ElementsAre("grant.scope:INVALID_SCOPE"));
}

TEST_F(IdentityServiceTest, FirstAdminIsCreatedOnceEvenByConcurrentReplicas) {
  std::vector<std::future<absl::Status>> replicas;
  for (int i = 0; i < 3; ++i) {
    replicas.push_back(std::async(std::launch::async, [&, i] {
      return server_.logic().EnsureFirstAdmin(
          "other-admin-" + std::to_string(i) + "@hanam.example", kTestPassword);
    }));
  }
  for (auto& r : replicas) EXPECT_TRUE(r.get().ok());
  EXPECT_EQ(
      server_.db().AdminQuery("SELECT count(*) FROM " + server_.db().name() +
                              ".role_grants WHERE role = 'admin'"),
      "1");
}

// A login as the client `client` behind the gateway (127.0.0.1, trusted).
grpc::Status LoginVia(v1::IdentityService::Stub& stub,
                      const std::string& client, const std::string& login,
                      const std::string& password) {
  v1::LoginRequest request;
  request.set_login(login);
  request.set_password(password);
  v1::LoginResponse response;
  grpc::ClientContext ctx;
  ctx.AddMetadata("x-forwarded-for", client);
  return stub.Login(&ctx, request, &response);
}

TEST(LoginLimitsTest, AGuessingNeighbourNeverLocksOutAnInnocentAccount) {
  IdentityTestServer server({5, 10, std::chrono::seconds(60), ""});
  auto stub = server.Stub();
  v1::RegisterCitizenRequest innocent = IdentityTestServer::Registration();
  v1::RegisterCitizenRequest typo = IdentityTestServer::Registration();
  for (const auto& r : {innocent, typo}) {
    v1::RegisterCitizenResponse out;
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub->RegisterCitizen(&ctx, r, &out).ok());
  }
  // Behind one library NAT (203.0.113.7), someone guesses 10 logins.
  const std::string nat = "203.0.113.7";
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(Of(LoginVia(*stub, nat, "guess" + std::to_string(i) + "@x.kr",
                          "Wrong-Password-1"))
                  .reason,
              "INVALID_CREDENTIALS");
  }
  // The address is throttled, yet the right password of an account without
  // failures still works from it.
  EXPECT_TRUE(LoginVia(*stub, nat, innocent.email(), kTestPassword).ok());
  // A wrong one from it is refused, and that account has a failure now.
  grpc::Status wrong = LoginVia(*stub, nat, typo.email(), "Wrong-Password-1");
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(Of(wrong).reason, "TOO_MANY_LOGIN_ATTEMPTS");
  EXPECT_EQ(Of(LoginVia(*stub, nat, typo.email(), kTestPassword)).reason,
            "TOO_MANY_LOGIN_ATTEMPTS");
  // From its owner's own address the account still works (per-account
  // limit: one failure of five).
  EXPECT_TRUE(
      LoginVia(*stub, "198.51.100.20", typo.email(), kTestPassword).ok());
  // Failures are counted per real client behind the trusted proxy: another
  // client of the same gateway is not throttled.
  EXPECT_EQ(
      Of(LoginVia(*stub, "203.0.113.8", "guess0@x.kr", "Wrong-Password-1"))
          .reason,
      "INVALID_CREDENTIALS");
}

TEST(LoginLimitsTest, RedisKeysAreKeyedHashesNotPlainDigests) {
  IdentityTestServer server({5, 50, std::chrono::seconds(60), ""});
  const std::string login = "nobody-" + testing::RandomSuffix() + "@x.kr";
  Of(LoginVia(*server.Stub(), "198.51.100.30", login, "Wrong-Password-1"));
  auto exists = [&](const std::string& key) {
    return server.redis().Command({"EXISTS", key})->integer;
  };
  EXPECT_EQ(exists(server.limiter().AccountKey(login)), 1);
  EXPECT_EQ(exists("ratelimit:login:account:" + common::Sha256Hex(login)), 0);
  LoginLimiter other_secret(server.redis(),
                            {5, 50, std::chrono::seconds(60), "another"});
  EXPECT_NE(other_secret.AccountKey(login), server.limiter().AccountKey(login));
}

}  // namespace
}  // namespace lifelong::identity
