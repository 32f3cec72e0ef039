// People registered at a centre's desk, over gRPC against the real
// PostgreSQL and Redis: without phone or email, living elsewhere and working
// in the city, logging in with a login number and one-time desk codes,
// setting a first password.
#include <gtest/gtest.h>

#include <future>
#include <vector>

#include "common/errors.h"
#include "services/identity/identity_test_server.h"

namespace lifelong::identity {
namespace {

class DeskTest : public ::testing::Test {
 protected:
  DeskTest()
      : stub_(server_.Stub()),
        staff_(server_.StaffToken(v1::ROLE_CENTRE_STAFF, "centres/misa")) {}

  static v1::RegisterAssistedCitizenRequest Person() {
    v1::RegisterAssistedCitizenRequest r;
    r.set_request_id("desk-" + testing::RandomSuffix());
    r.set_centre("centres/misa");
    r.set_display_name("박순자");
    r.set_birth_year(1941);
    r.set_district("Misa");
    r.set_language(v1::LANGUAGE_KO);
    return r;
  }

  grpc::Status Register(const v1::RegisterAssistedCitizenRequest& r,
                        v1::RegisterAssistedCitizenResponse* out) {
    return stub_->RegisterAssistedCitizen(AuthContext(staff_).get(), r, out);
  }

  grpc::Status LogIn(const std::string& login, const std::string& password,
                     v1::LoginResponse* out = nullptr) {
    v1::LoginRequest r;
    r.set_login(login);
    r.set_password(password);
    v1::LoginResponse response;
    grpc::ClientContext ctx;
    grpc::Status s = stub_->Login(&ctx, r, &response);
    if (out != nullptr) *out = response;
    return s;
  }

  IdentityTestServer server_;
  std::unique_ptr<v1::IdentityService::Stub> stub_;
  std::string staff_;
};

TEST_F(DeskTest, APersonWithoutPhoneOrEmailLogsInWithTheDeskCode) {
  v1::RegisterAssistedCitizenResponse desk;
  ASSERT_TRUE(Register(Person(), &desk).ok());
  EXPECT_TRUE(desk.citizen().email().empty());
  EXPECT_TRUE(desk.citizen().phone().empty());
  ASSERT_EQ(desk.login_number().size(), 8u);
  ASSERT_EQ(desk.desk_code().code().size(), 8u);
  EXPECT_NEAR(desk.desk_code().expire_time().seconds() -
                  std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count(),
              7 * 24 * 3600, 10);
  // The registering staff member assists the new citizen.
  EXPECT_EQ(desk.grant().role().scope(), "centres/misa");
  v1::GetCitizenRequest get;
  get.set_name(desk.citizen().name());
  v1::GetCitizenResponse seen;
  EXPECT_TRUE(stub_->GetCitizen(AuthContext(staff_).get(), get, &seen).ok());
  // The event tells enrolment a citizen exists, as for any registration.
  EXPECT_EQ(server_.db().AdminQuery(
                "SELECT count(*) FROM " + server_.db().name() +
                ".outbox WHERE type = "
                "'lifelong.identity.events.v1.CitizenRegistered'"),
            "1");

  // The login number as printed, with the code: once.
  std::string number = desk.login_number();
  std::string printed = number.substr(0, 4) + "-" + number.substr(4);
  v1::LoginResponse session;
  ASSERT_TRUE(LogIn(printed, desk.desk_code().code(), &session).ok());
  EXPECT_EQ(session.account(), desk.citizen().name());
  grpc::Status again = LogIn(number, desk.desk_code().code());
  EXPECT_EQ(again.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(common::ReasonOf(common::FromGrpcStatus(again)),
            "INVALID_CREDENTIALS");

  // A first password needs no current one; then it is the password.
  v1::ChangePasswordRequest change;
  change.set_request_id("first-password");
  change.set_new_password("Hanam-Desk-Password-9");
  v1::ChangePasswordResponse changed;
  ASSERT_TRUE(stub_
                  ->ChangePassword(AuthContext(session.session_token()).get(),
                                   change, &changed)
                  .ok());
  EXPECT_TRUE(LogIn(number, "Hanam-Desk-Password-9").ok());
  // From then on the current password is required.
  v1::LoginResponse next;
  ASSERT_TRUE(LogIn(number, "Hanam-Desk-Password-9", &next).ok());
  change.set_request_id("second-password");
  change.set_new_password("Another-Password-77");
  EXPECT_EQ(stub_
                ->ChangePassword(AuthContext(next.session_token()).get(),
                                 change, &changed)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DeskTest, ADeskCodeLogsInOnceEvenWhenLoginsRace) {
  v1::RegisterAssistedCitizenResponse desk;
  ASSERT_TRUE(Register(Person(), &desk).ok());
  std::vector<std::future<grpc::StatusCode>> logins;
  for (int i = 0; i < 8; ++i) {
    logins.push_back(std::async(std::launch::async, [&] {
      return LogIn(desk.login_number(), desk.desk_code().code()).error_code();
    }));
  }
  int ok = 0;
  for (auto& l : logins) {
    grpc::StatusCode code = l.get();
    if (code == grpc::StatusCode::OK) {
      ++ok;
    } else {
      EXPECT_EQ(code, grpc::StatusCode::UNAUTHENTICATED);
    }
  }
  EXPECT_EQ(ok, 1);
}

TEST_F(DeskTest, OnlyTheNewestCodeWorksAndOnlyAssistingStaffIssueOne) {
  v1::RegisterAssistedCitizenRequest person = Person();
  v1::RegisterAssistedCitizenResponse first, retried;
  ASSERT_TRUE(Register(person, &first).ok());
  // A retry returns the same account with a new code.
  ASSERT_TRUE(Register(person, &retried).ok());
  EXPECT_EQ(retried.citizen().name(), first.citizen().name());
  EXPECT_EQ(retried.login_number(), first.login_number());

  v1::IssueDeskCodeRequest issue;
  issue.set_citizen(first.citizen().name());
  v1::IssueDeskCodeResponse issued;
  ASSERT_TRUE(
      stub_->IssueDeskCode(AuthContext(staff_).get(), issue, &issued).ok());
  EXPECT_EQ(issued.login_number(), first.login_number());
  // Staff not assisting the citizen do not learn they exist.
  std::string other = server_.StaffToken(v1::ROLE_CENTRE_STAFF, "centres/misa");
  v1::IssueDeskCodeResponse refused;
  EXPECT_EQ(stub_->IssueDeskCode(AuthContext(other).get(), issue, &refused)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  if (first.desk_code().code() != issued.desk_code().code()) {
    EXPECT_EQ(
        LogIn(first.login_number(), first.desk_code().code()).error_code(),
        grpc::StatusCode::UNAUTHENTICATED);
  }
  if (retried.desk_code().code() != issued.desk_code().code()) {
    EXPECT_EQ(
        LogIn(first.login_number(), retried.desk_code().code()).error_code(),
        grpc::StatusCode::UNAUTHENTICATED);
  }
  EXPECT_TRUE(LogIn(first.login_number(), issued.desk_code().code()).ok());

  // An expired code does not work.
  ASSERT_TRUE(
      stub_->IssueDeskCode(AuthContext(staff_).get(), issue, &issued).ok());
  server_.db().AdminQuery("UPDATE " + server_.db().name() +
                          ".desk_codes SET expires_at = now() - interval "
                          "'1 second' RETURNING 1");
  EXPECT_EQ(LogIn(first.login_number(), issued.desk_code().code()).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(DeskTest, PeopleWhoWorkInTheCityAndLiveElsewhereRegister) {
  v1::RegisterAssistedCitizenRequest person = Person();
  person.set_district("");
  person.set_workplace_district("Pungsan");
  person.set_phone("010-5555-" + std::to_string(1000 + std::rand() % 9000));
  v1::RegisterAssistedCitizenResponse desk;
  ASSERT_TRUE(Register(person, &desk).ok());
  EXPECT_EQ(desk.citizen().district(), "");
  EXPECT_EQ(desk.citizen().workplace_district(), "Pungsan");
  // By phone too, with the desk code.
  EXPECT_TRUE(LogIn(person.phone(), desk.desk_code().code()).ok());

  // Online as well; but neither district is no district at all.
  v1::RegisterCitizenRequest online = IdentityTestServer::Registration();
  online.set_district("");
  online.set_workplace_district("Misa");
  v1::RegisterCitizenResponse registered;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->RegisterCitizen(&ctx, online, &registered).ok());
  online = IdentityTestServer::Registration();
  online.set_district("");
  grpc::ClientContext ctx2;
  absl::Status none = common::FromGrpcStatus(
      stub_->RegisterCitizen(&ctx2, online, &registered));
  ASSERT_EQ(common::FieldViolationsOf(none).size(), 1u);
  EXPECT_EQ(common::FieldViolationsOf(none)[0].field, "district");
}

TEST_F(DeskTest, TheFormsListsComeFromTheApiWithoutASession) {
  v1::GetRegistrationOptionsResponse form;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->GetRegistrationOptions(&ctx, {}, &form).ok());
  ASSERT_EQ(form.districts_size(), 4);
  EXPECT_EQ(form.districts(0).code(), "Misa");
  EXPECT_EQ(form.districts(0).name_ko(), "미사동");
  EXPECT_EQ(form.priority_groups_size(), 4);
  EXPECT_EQ(form.languages_size(), 2);
  EXPECT_EQ(form.max_birth_year(), kTestYear);
  // Every district listed is accepted by registration.
  for (const v1::DistrictOption& d : form.districts()) {
    v1::RegisterCitizenRequest r = IdentityTestServer::Registration();
    r.set_district(d.code());
    v1::RegisterCitizenResponse out;
    grpc::ClientContext c;
    EXPECT_TRUE(stub_->RegisterCitizen(&c, r, &out).ok()) << d.code();
  }
}

TEST_F(DeskTest, DeskRegistrationIsForTheCentresOwnStaff) {
  v1::RegisterAssistedCitizenRequest person = Person();
  person.set_centre("centres/wirye");
  v1::RegisterAssistedCitizenResponse out;
  grpc::Status elsewhere = Register(person, &out);
  EXPECT_EQ(elsewhere.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  person.set_centre("centres/misa");
  std::string consultant =
      server_.StaffToken(v1::ROLE_CONSULTANT, "centres/misa");
  EXPECT_EQ(
      stub_
          ->RegisterAssistedCitizen(AuthContext(consultant).get(), person, &out)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace lifelong::identity
