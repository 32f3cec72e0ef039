// Across the running services of the test stack: a citizen registers with
// identity, the catalogue publishes an offering, and enrolment, knowing both
// only from their events on Kafka, gives the citizen a seat.
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

TEST(EnrolmentFlowTest, CitizenGetsASeatThroughEventsAlone) {
  auto identity = iv1::IdentityService::NewStub(ServiceChannel("IDENTITY"));
  auto catalogue = cv1::CatalogueService::NewStub(ServiceChannel("CATALOGUE"));
  auto enrolment = ev1::EnrolmentService::NewStub(ServiceChannel("ENROLMENT"));
  std::string run = "e2e-" + testing::RandomSuffix();
  std::string admin =
      testing::LogIn(*identity, testing::kAdminEmail, testing::kAdminPassword);
  iv1::RegisterCitizenResponse registered =
      testing::RegisterCitizen(*identity, run, 1952);
  std::string citizen = testing::LogIn(*identity, registered.citizen().email(),
                                       testing::kCitizenPassword);
  std::string offering =
      testing::OpenFirstComeOffering(*catalogue, admin, run, 5);

  // Enrolment learns of both from Kafka; until then it says to retry.
  ev1::ApplyRequest apply;
  apply.set_request_id("apply-" + run);
  apply.set_offering(offering);
  ev1::ApplyResponse applied;
  grpc::Status status;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  do {
    status = enrolment->Apply(Bearer(citizen).get(), apply, &applied);
    if (status.ok()) break;
    std::string reason = common::ReasonOf(common::FromGrpcStatus(status));
    ASSERT_TRUE(reason == "CITIZEN_UNKNOWN" ||
                reason == "OFFERING_NOT_YET_KNOWN")
        << reason << ": " << status.error_message();
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  } while (std::chrono::steady_clock::now() < deadline);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(applied.application().status(), ev1::APPLICATION_STATUS_CONFIRMED);
  EXPECT_EQ(applied.application().citizen(), registered.citizen().name());

  ev1::ListMyApplicationsResponse listed;
  ASSERT_TRUE(
      enrolment->ListMyApplications(Bearer(citizen).get(), {}, &listed).ok());
  ASSERT_EQ(listed.applications_size(), 1);
  EXPECT_EQ(listed.applications(0).name(), applied.application().name());

  // The citizen cancels over gRPC; the seat is free again; the roster is
  // for the centre's staff, not for the citizen.
  ev1::CancelApplicationRequest cancel;
  cancel.set_request_id("cancel-" + run);
  cancel.set_name(applied.application().name());
  ev1::CancelApplicationResponse cancelled;
  ASSERT_TRUE(
      enrolment->CancelApplication(Bearer(citizen).get(), cancel, &cancelled)
          .ok());
  EXPECT_EQ(cancelled.application().status(),
            ev1::APPLICATION_STATUS_CANCELLED);
  ev1::ListOfferingApplicationsRequest roster;
  roster.set_parent(offering);
  roster.set_filter("status = CANCELLED");
  ev1::ListOfferingApplicationsResponse rows;
  EXPECT_EQ(
      enrolment->ListOfferingApplications(Bearer(citizen).get(), roster, &rows)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      enrolment->ListOfferingApplications(Bearer(admin).get(), roster, &rows)
          .ok());
  ASSERT_EQ(rows.applications_size(), 1);
  EXPECT_EQ(rows.applications(0).cancelled_by(), registered.citizen().name());

  // The roster page's names and contacts: one more call, to identity, with
  // the ticket enrolment signed; the citizen sees who looked and why.
  iv1::BatchGetCitizenContactsRequest contacts;
  contacts.set_ticket(rows.contact_ticket());
  iv1::BatchGetCitizenContactsResponse shown;
  ASSERT_TRUE(
      identity->BatchGetCitizenContacts(Bearer(admin).get(), contacts, &shown)
          .ok());
  ASSERT_EQ(shown.contacts_size(), 1);
  EXPECT_EQ(shown.contacts(0).citizen(), registered.citizen().name());
  EXPECT_EQ(shown.contacts(0).display_name(),
            registered.citizen().display_name());
  EXPECT_EQ(shown.contacts(0).email(), registered.citizen().email());
  EXPECT_EQ(
      identity->BatchGetCitizenContacts(Bearer(citizen).get(), contacts, &shown)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  iv1::ListMyDataAccessResponse log;
  ASSERT_TRUE(identity->ListMyDataAccess(Bearer(citizen).get(), {}, &log).ok());
  ASSERT_FALSE(log.records().empty());
  EXPECT_EQ(log.records(0).reason(), iv1::ACCESS_REASON_ROSTER);
  EXPECT_EQ(log.records(0).about(), offering);

  // Certificates are checked without signing in; an unknown one is not there.
  ev1::VerifyCertificateRequest verify;
  verify.set_name("certificates/00000000-0000-4000-8000-000000000000");
  ev1::VerifyCertificateResponse certificate;
  grpc::Status unknown =
      enrolment->VerifyCertificate(Bearer("").get(), verify, &certificate);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(common::ReasonOf(common::FromGrpcStatus(unknown)),
            "CERTIFICATE_NOT_FOUND");
}

}  // namespace
}  // namespace lifelong
