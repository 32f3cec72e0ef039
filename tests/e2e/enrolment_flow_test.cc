// Across the running services of the test stack: a citizen registers with
// identity, the catalogue publishes an offering, and enrolment, knowing both
// only from their events on Kafka, gives the citizen a seat.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "common/errors.h"
#include "common/testing/test_stack.h"
#include "lifelong/catalogue/v1/catalogue_service.grpc.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"

namespace lifelong {
namespace {

namespace iv1 = identity::v1;
namespace cv1 = catalogue::v1;
namespace ev1 = enrolment::v1;

std::shared_ptr<grpc::Channel> Channel(const std::string& service) {
  return grpc::CreateChannel(testing::Env("LIFELONG_" + service + "_ADDR"),
                             grpc::InsecureChannelCredentials());
}

std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(10));
  return ctx;
}

std::string Login(iv1::IdentityService::Stub& identity,
                  const std::string& login, const std::string& password) {
  iv1::LoginRequest r;
  r.set_login(login);
  r.set_password(password);
  iv1::LoginResponse out;
  grpc::ClientContext ctx;
  grpc::Status s = identity.Login(&ctx, r, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out.session_token();
}

TEST(EnrolmentFlowTest, CitizenGetsASeatThroughEventsAlone) {
  auto identity = iv1::IdentityService::NewStub(Channel("IDENTITY"));
  auto catalogue = cv1::CatalogueService::NewStub(Channel("CATALOGUE"));
  auto enrolment = ev1::EnrolmentService::NewStub(Channel("ENROLMENT"));
  std::string run = testing::RandomSuffix();
  std::string admin =
      Login(*identity, "admin@hanam.example", "Hanam-Lifelong-2026!");

  iv1::RegisterCitizenRequest reg;
  reg.set_request_id("e2e-" + run);
  reg.set_display_name("이순자");
  reg.set_email("e2e-" + run + "@example.kr");
  reg.set_password("Correct-Horse-42");
  reg.set_birth_year(1952);
  reg.set_district("Misa");
  reg.set_language(iv1::LANGUAGE_KO);
  iv1::RegisterCitizenResponse registered;
  grpc::ClientContext reg_ctx;
  ASSERT_TRUE(identity->RegisterCitizen(&reg_ctx, reg, &registered).ok());
  std::string citizen = Login(*identity, reg.email(), "Correct-Horse-42");

  // A centre, its hall, a programme and an offering whose window is open now.
  cv1::CreateCentreRequest centre;
  centre.set_request_id("e2e-centre-" + run);
  centre.set_centre_id("e2e-" + run);
  centre.mutable_centre()->mutable_display_name()->set_ko("시험 센터");
  centre.mutable_centre()->set_district("Misa");
  cv1::CreateCentreResponse centre_out;
  ASSERT_TRUE(
      catalogue->CreateCentre(As(admin).get(), centre, &centre_out).ok());
  cv1::CreateVenueRequest venue;
  venue.set_request_id("e2e-venue-" + run);
  venue.set_venue_id("e2e-" + run);
  venue.mutable_venue()->mutable_display_name()->set_ko("시험 강당");
  venue.mutable_venue()->set_kind(cv1::VENUE_KIND_BASE_CENTRE);
  venue.mutable_venue()->set_address("하남시");
  venue.mutable_venue()->set_district("Misa");
  cv1::Room* room = venue.mutable_venue()->add_rooms();
  room->set_room_id("hall");
  room->set_display_name("Hall");
  room->set_capacity(10);
  cv1::CreateVenueResponse venue_out;
  ASSERT_TRUE(catalogue->CreateVenue(As(admin).get(), venue, &venue_out).ok());
  cv1::CreateProgrammeRequest programme;
  programme.set_request_id("e2e-programme-" + run);
  cv1::Programme* p = programme.mutable_programme();
  p->set_centre(centre_out.centre().name());
  p->mutable_title()->set_ko("어르신 스마트폰 교실");
  p->mutable_title()->set_en("Smartphones for older adults");
  p->set_category("categories/digital");
  p->add_audiences(cv1::AUDIENCE_OLDER_ADULTS);
  p->set_instruction_language("ko");
  p->set_level(cv1::LEVEL_BEGINNER);
  cv1::CreateProgrammeResponse programme_out;
  ASSERT_TRUE(
      catalogue->CreateProgramme(As(admin).get(), programme, &programme_out)
          .ok());
  cv1::PublishProgrammeRequest publish_programme;
  publish_programme.set_request_id("e2e-publish-programme-" + run);
  publish_programme.set_name(programme_out.programme().name());
  cv1::PublishProgrammeResponse published_programme;
  ASSERT_TRUE(catalogue
                  ->PublishProgramme(As(admin).get(), publish_programme,
                                     &published_programme)
                  .ok());
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  cv1::CreateOfferingRequest offering;
  offering.set_request_id("e2e-offering-" + run);
  cv1::Offering* o = offering.mutable_offering();
  o->set_programme(programme_out.programme().name());
  o->set_term("2027-spring");
  o->set_venue(venue_out.venue().name());
  o->set_room("hall");
  o->set_delivery(cv1::DELIVERY_OFFLINE);
  o->set_capacity(5);
  o->set_selection(cv1::SELECTION_METHOD_FIRST_COME);
  cv1::ApplicationWindow* w = o->add_windows();
  w->set_audience(cv1::WINDOW_AUDIENCE_EVERYONE);
  w->mutable_open_time()->set_seconds(now - 3600);
  w->mutable_close_time()->set_seconds(now + 7 * 86400);
  cv1::Session* s = o->add_sessions();
  s->mutable_start_time()->set_seconds(now + 10 * 86400);
  s->mutable_end_time()->set_seconds(now + 10 * 86400 + 7200);
  cv1::CreateOfferingResponse offering_out;
  grpc::Status created =
      catalogue->CreateOffering(As(admin).get(), offering, &offering_out);
  ASSERT_TRUE(created.ok()) << created.error_message();
  cv1::PublishOfferingRequest publish;
  publish.set_request_id("e2e-publish-" + run);
  publish.set_name(offering_out.offering().name());
  cv1::PublishOfferingResponse published;
  ASSERT_TRUE(
      catalogue->PublishOffering(As(admin).get(), publish, &published).ok());

  // Enrolment learns of both from Kafka; until then it says to retry.
  ev1::ApplyRequest apply;
  apply.set_request_id("e2e-apply-" + run);
  apply.set_offering(published.offering().name());
  ev1::ApplyResponse applied;
  grpc::Status status;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  do {
    status = enrolment->Apply(As(citizen).get(), apply, &applied);
    if (status.ok()) break;
    std::string reason = common::ReasonOf(common::FromGrpcStatus(status));
    ASSERT_TRUE(reason == "CITIZEN_UNKNOWN" || reason == "OFFERING_NOT_FOUND")
        << reason << ": " << status.error_message();
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  } while (std::chrono::steady_clock::now() < deadline);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(applied.application().status(), ev1::APPLICATION_STATUS_CONFIRMED);
  EXPECT_EQ(applied.application().citizen(), registered.citizen().name());

  ev1::ListMyApplicationsRequest mine;
  ev1::ListMyApplicationsResponse listed;
  ASSERT_TRUE(
      enrolment->ListMyApplications(As(citizen).get(), mine, &listed).ok());
  ASSERT_EQ(listed.applications_size(), 1);
  EXPECT_EQ(listed.applications(0).name(), applied.application().name());
}

}  // namespace
}  // namespace lifelong
