// Across the running services of the test stack: identity makes a staff
// member a consultant, consulting learns it from Kafka; a citizen books a
// session over gRPC with a real session; after it the consultant records a
// learning plan pointing at an offering the catalogue published; the
// citizen applies to it in enrolment, and enrolment's event, through Kafka,
// moves the plan item to ENROLLED and a LearningPlanUpdated goes out.
//
// The session is booked at the next whole minute (a one-minute grid and no
// notice), so the test waits up to two minutes for it to start.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "common/errors.h"
#include "common/testing/test_stack.h"
#include "lifelong/consulting/events/v1/consulting_events.pb.h"
#include "lifelong/consulting/v1/consulting_service.grpc.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "tests/support/platform_clients.h"

namespace lifelong {
namespace {

namespace iv1 = identity::v1;
namespace cv1 = catalogue::v1;
namespace ev1 = enrolment::v1;
namespace kv1 = consulting::v1;
using Clock = std::chrono::steady_clock;
using testing::Bearer;
using testing::ServiceChannel;

// Retries `call` while it fails with one of `reasons` (an event on its way
// through Kafka), for up to 90 s.
grpc::Status Eventually(const std::function<grpc::Status()>& call,
                        const std::vector<std::string>& reasons) {
  auto deadline = Clock::now() + std::chrono::seconds(90);
  grpc::Status status;
  do {
    status = call();
    if (status.ok()) return status;
    std::string reason = common::ReasonOf(common::FromGrpcStatus(status));
    if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  } while (Clock::now() < deadline);
  return status;
}

lifelong::types::v1::LocalDate SeoulDate(int64_t instant) {
  std::time_t t = instant + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  lifelong::types::v1::LocalDate d;
  d.set_year(tm.tm_year + 1900);
  d.set_month(tm.tm_mon + 1);
  d.set_day(tm.tm_mday);
  return d;
}

TEST(ConsultingPlanTest, EnrolmentMovesTheLearningPlanThroughKafka) {
  auto identity = iv1::IdentityService::NewStub(ServiceChannel("IDENTITY"));
  auto catalogue = cv1::CatalogueService::NewStub(ServiceChannel("CATALOGUE"));
  auto enrolment = ev1::EnrolmentService::NewStub(ServiceChannel("ENROLMENT"));
  auto consulting =
      kv1::ConsultingService::NewStub(ServiceChannel("CONSULTING"));
  std::string run = "e2e-" + testing::RandomSuffix();
  std::string admin =
      testing::LogIn(*identity, testing::kAdminEmail, testing::kAdminPassword);
  iv1::RegisterCitizenResponse registered =
      testing::RegisterCitizen(*identity, run, 1970);
  std::string citizen_name = registered.citizen().name();
  std::string citizen = testing::LogIn(*identity, registered.citizen().email(),
                                       testing::kCitizenPassword);

  // A consultant of the Misa centre, made in identity.
  std::string consultant = testing::CreateStaff(
      *identity, admin, run, iv1::ROLE_CONSULTANT, {"centres/misa"});

  // A ten-minute session type on a one-minute grid, no notice; the
  // consultant works all of today and tomorrow (Seoul).
  kv1::CreateSessionTypeRequest type;
  type.set_request_id("type-" + run);
  kv1::SessionType& t = *type.mutable_session_type();
  t.set_centre("centres/misa");
  t.set_display_name("E2E check-in");
  t.set_length_minutes(10);
  t.set_grid_minutes(1);
  t.set_horizon_days(2);
  t.set_channel(kv1::CHANNEL_PHONE);
  kv1::CreateSessionTypeResponse type_out;
  grpc::Status created =
      consulting->CreateSessionType(Bearer(admin).get(), type, &type_out);
  ASSERT_TRUE(created.ok()) << created.error_message();
  int64_t now = std::time(nullptr);
  for (int day = 0; day < 2; ++day) {
    kv1::SetDateOverrideRequest o;
    o.set_request_id("override-" + run + "-" + std::to_string(day));
    o.set_consultant(consultant);
    *o.mutable_date() = SeoulDate(now + day * 86400);
    kv1::TimeWindow* w = o.add_windows();
    w->mutable_end()->set_hours(24);
    kv1::SetDateOverrideResponse out;
    grpc::Status s = Eventually(
        [&] {
          return consulting->SetDateOverride(Bearer(admin).get(), o, &out);
        },
        {"UNKNOWN_CONSULTANT"});
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // The citizen books the next whole minute with their session.
  int64_t start = (std::time(nullptr) / 60 + 1) * 60;
  kv1::BookSlotRequest book;
  book.set_request_id("book-" + run);
  book.set_session_type(type_out.session_type().name());
  book.set_consultant(consultant);
  book.mutable_start_time()->set_seconds(start);
  book.mutable_intake()->add_topics(kv1::TOPIC_DIGITAL_SKILLS);
  book.mutable_intake()->set_consent_to_keep(true);
  kv1::BookSlotResponse booked;
  grpc::Status b = consulting->BookSlot(Bearer(citizen).get(), book, &booked);
  ASSERT_TRUE(b.ok()) << b.error_message();
  EXPECT_EQ(booked.booking().citizen(), citizen_name);
  EXPECT_EQ(booked.booking().status(), kv1::BOOKING_STATUS_CONFIRMED);

  std::string offering =
      testing::OpenFirstComeOffering(*catalogue, admin, run, 5);
  while (std::time(nullptr) < start + 1) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  // The outcome points at the offering once the catalogue's event arrived.
  kv1::RecordOutcomeRequest outcome;
  outcome.set_request_id("outcome-" + run);
  outcome.set_booking(booked.booking().name());
  outcome.set_note("e2e note");
  kv1::PlanItem* item = outcome.add_add_items();
  item->set_kind(kv1::PLAN_ITEM_KIND_OFFERING);
  item->set_target(offering);
  outcome.set_plan_status(kv1::PLAN_STATUS_ACTIVE);
  kv1::RecordOutcomeResponse recorded;
  grpc::Status r = Eventually(
      [&] {
        return consulting->RecordOutcome(Bearer(admin).get(), outcome,
                                         &recorded);
      },
      {"UNKNOWN_OFFERING"});
  ASSERT_TRUE(r.ok()) << r.error_message();
  ASSERT_EQ(recorded.plan().items_size(), 1);
  EXPECT_EQ(recorded.plan().items(0).state(), kv1::PLAN_ITEM_STATE_SUGGESTED);

  // The citizen applies in enrolment; the plan moves by itself.
  ev1::ApplyRequest apply;
  apply.set_request_id("apply-" + run);
  apply.set_offering(offering);
  ev1::ApplyResponse applied;
  grpc::Status a = Eventually(
      [&] { return enrolment->Apply(Bearer(citizen).get(), apply, &applied); },
      {"CITIZEN_UNKNOWN", "OFFERING_NOT_YET_KNOWN"});
  ASSERT_TRUE(a.ok()) << a.error_message();
  kv1::PlanItemState state = kv1::PLAN_ITEM_STATE_SUGGESTED;
  auto deadline = Clock::now() + std::chrono::seconds(90);
  while (state == kv1::PLAN_ITEM_STATE_SUGGESTED && Clock::now() < deadline) {
    kv1::GetLearningPlanResponse plan;
    ASSERT_TRUE(
        consulting->GetLearningPlan(Bearer(citizen).get(), {}, &plan).ok());
    state = plan.plan().items(0).state();
    if (state == kv1::PLAN_ITEM_STATE_SUGGESTED) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }
  EXPECT_EQ(state, kv1::PLAN_ITEM_STATE_ENROLLED);

  // The citizen never reads the note; LearningPlanUpdated is on Kafka,
  // keyed by the citizen, with the item's target and no text.
  kv1::GetConsultationNoteRequest note;
  note.set_booking(booked.booking().name());
  kv1::GetConsultationNoteResponse note_out;
  EXPECT_EQ(
      consulting->GetConsultationNote(Bearer(citizen).get(), note, &note_out)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  auto updates = testing::ReadTopic(
      "lifelong.consulting.booking.v1",
      [&](const common::ConsumedMessage& m) {
        return "citizens/" + m.key == citizen_name &&
               m.headers.count("ce_type") &&
               m.headers.at("ce_type") ==
                   "lifelong.consulting.events.v1.LearningPlanUpdated";
      },
      2, std::chrono::seconds(60));
  ASSERT_EQ(updates.size(), 2u);
  consulting::events::v1::LearningPlanUpdated last;
  ASSERT_TRUE(last.ParseFromString(updates.back().value));
  EXPECT_EQ(last.cause(), "enrolment");
  EXPECT_EQ(last.items(0).target(), offering);
  EXPECT_EQ(last.items(0).state(),
            consulting::events::v1::PLAN_ITEM_STATE_ENROLLED);
  EXPECT_EQ(updates.back().value.find("e2e note"), std::string::npos);
}

}  // namespace
}  // namespace lifelong
