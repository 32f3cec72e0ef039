// Across the running services of the test stack: a person with neither
// phone nor email is registered at a centre's desk, logs in with the login
// number and one-time desk code they were given on paper, and the centre's
// staff enrol them in a course (enrolment knowing the citizen only from
// identity's event); the citizen sees it in their applications, and that the
// staff member read their data.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "common/errors.h"
#include "common/testing/test_stack.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "tests/support/platform_clients.h"

namespace lifelong {
namespace {

namespace iv1 = identity::v1;
namespace cv1 = catalogue::v1;
namespace ev1 = enrolment::v1;
using testing::Bearer;
using testing::ServiceChannel;

TEST(AssistedRegistrationTest, APersonWithoutPhoneOrEmailIsEnrolledAtTheDesk) {
  auto identity = iv1::IdentityService::NewStub(ServiceChannel("IDENTITY"));
  auto catalogue = cv1::CatalogueService::NewStub(ServiceChannel("CATALOGUE"));
  auto enrolment = ev1::EnrolmentService::NewStub(ServiceChannel("ENROLMENT"));
  std::string run = "desk-" + testing::RandomSuffix();
  std::string admin =
      testing::LogIn(*identity, testing::kAdminEmail, testing::kAdminPassword);
  std::string offering =
      testing::OpenFirstComeOffering(*catalogue, admin, run, 5);
  std::string centre = "centres/" + run;

  // The centre's desk staff.
  iv1::CreateStaffAccountRequest create;
  create.set_request_id("staff-" + run);
  create.set_display_name("Desk " + run);
  create.set_email(run + "@hanam.example");
  create.set_password(testing::kCitizenPassword);
  iv1::CreateStaffAccountResponse created;
  ASSERT_TRUE(
      identity->CreateStaffAccount(Bearer(admin).get(), create, &created).ok());
  iv1::GrantRoleRequest grant;
  grant.set_request_id("grant-" + run);
  grant.set_staff(created.staff().name());
  grant.mutable_grant()->set_role(iv1::ROLE_CENTRE_STAFF);
  grant.mutable_grant()->set_scope(centre);
  iv1::GrantRoleResponse granted;
  ASSERT_TRUE(identity->GrantRole(Bearer(admin).get(), grant, &granted).ok());
  std::string staff = testing::LogIn(*identity, run + "@hanam.example",
                                     testing::kCitizenPassword);

  iv1::RegisterAssistedCitizenRequest person;
  person.set_request_id("register-" + run);
  person.set_centre(centre);
  person.set_display_name("박순자");
  person.set_birth_year(1941);
  person.set_district("Misa");
  person.set_language(iv1::LANGUAGE_KO);
  iv1::RegisterAssistedCitizenResponse desk;
  grpc::Status registered =
      identity->RegisterAssistedCitizen(Bearer(staff).get(), person, &desk);
  ASSERT_TRUE(registered.ok()) << registered.error_message();
  EXPECT_TRUE(desk.citizen().email().empty());
  EXPECT_TRUE(desk.citizen().phone().empty());

  // At home or at a library, with the paper from the desk.
  std::string citizen =
      testing::LogIn(*identity, desk.login_number(), desk.desk_code().code());
  ASSERT_FALSE(citizen.empty());

  // The staff enrol them; enrolment hears of the citizen from Kafka and
  // until then says to retry.
  ev1::ApplyRequest apply;
  apply.set_request_id("apply-" + run);
  apply.set_offering(offering);
  apply.set_citizen(desk.citizen().name());
  ev1::ApplyResponse applied;
  grpc::Status status;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  do {
    status = enrolment->Apply(Bearer(staff).get(), apply, &applied);
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE &&
        status.error_code() != grpc::StatusCode::NOT_FOUND) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  } while (std::chrono::steady_clock::now() < deadline);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(applied.application().status(), ev1::APPLICATION_STATUS_CONFIRMED);

  ev1::ListMyApplicationsResponse mine;
  ASSERT_TRUE(
      enrolment->ListMyApplications(Bearer(citizen).get(), {}, &mine).ok());
  ASSERT_EQ(mine.applications_size(), 1);
  EXPECT_EQ(mine.applications(0).name(), applied.application().name());

  iv1::ListMyDataAccessResponse log;
  ASSERT_TRUE(identity->ListMyDataAccess(Bearer(citizen).get(), {}, &log).ok());
  ASSERT_GE(log.records_size(), 1);
  EXPECT_EQ(log.records(log.records_size() - 1).method(),
            "RegisterAssistedCitizen");
  EXPECT_EQ(log.records(0).accessor(), created.staff().name());
}

}  // namespace
}  // namespace lifelong
