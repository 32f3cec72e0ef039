// The record after a session and the learning plan, against the real
// PostgreSQL: items must name what the catalogue published, the note is
// staff-only, and enrolment's events move the items (fed to the consumer's
// handler as Kafka would).
#include "services/consulting/learning_plan.h"

#include <gtest/gtest.h>

#include "lifelong/catalogue/events/v1/catalogue_events.pb.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/consulting/consulting_test_fixture.h"

namespace lifelong::consulting {
namespace {

using absl::StatusCode;

class LearningPlanTest : public ConsultingTest {
 protected:
  void PlanEvent(const std::string& topic,
                 const google::protobuf::Message& payload) {
    common::ConsumedMessage m;
    m.topic = topic;
    m.value = payload.SerializeAsString();
    m.headers["ce_type"] = payload.GetTypeName();
    absl::Status s = common::InTransaction(
        pool_, [&](pqxx::work& tx) { return ApplyPlanEvent(tx, m); });
    ASSERT_TRUE(s.ok()) << s;
  }
  // The catalogue publishes a programme and one offering of it.
  void Catalogue() {
    catalogue::events::v1::ProgrammePublished p;
    p.mutable_programme()->set_name(kProgramme);
    p.mutable_programme()->set_centre("centres/misa");
    PlanEvent(kCatalogueProgrammeTopic, p);
    catalogue::events::v1::OfferingPublished o;
    o.mutable_offering()->set_name(kOffering);
    o.mutable_offering()->set_programme(kProgramme);
    o.mutable_offering()->set_centre("centres/misa");
    PlanEvent(kCatalogueOfferingTopic, o);
  }
  template <typename Event>
  void Enrolment(const std::string& citizen) {
    Event e;
    e.mutable_application()->set_name("applications/" + Uuid(6, 1));
    e.mutable_application()->set_offering(kOffering);
    e.mutable_application()->set_citizen(citizen);
    PlanEvent(kEnrolmentApplicationTopic, e);
  }

  const std::string kProgramme = "programmes/" + Uuid(4, 1);
  const std::string kOffering = "offerings/" + Uuid(4, 2);
};

TEST_F(LearningPlanTest, OutcomeThenEnrolmentMovesThePlan) {
  Catalogue();
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  auto booking = Book(1, type, consultant, At(kMonday, 10));
  ASSERT_TRUE(booking.ok());
  v1::RecordOutcomeRequest r;
  r.set_request_id("outcome-1");
  r.set_booking(booking->booking().name());
  r.set_note("staff-only: wants evening classes");
  v1::PlanItem* item = r.add_add_items();
  item->set_kind(v1::PLAN_ITEM_KIND_PROGRAMME);
  item->set_target(kProgramme);
  v1::PlanItem* own = r.add_add_items();
  own->set_kind(v1::PLAN_ITEM_KIND_FREE_TEXT);
  own->set_text("practise with the smartphone club");
  r.set_plan_status(v1::PLAN_STATUS_ACTIVE);
  r.set_propose_follow_up(true);
  // Not before the session.
  EXPECT_EQ(common::ReasonOf(logic_.RecordOutcome(Staff(), r).status()),
            "NOT_HELD_YET");
  now_ = At(kMonday, 11);
  // Not pointing at a programme the catalogue never published.
  v1::RecordOutcomeRequest unknown = r;
  unknown.set_request_id("outcome-unknown");
  unknown.mutable_add_items(0)->set_target("programmes/" + Uuid(4, 99));
  auto refused = logic_.RecordOutcome(Staff(), unknown);
  EXPECT_EQ(refused.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(common::ReasonOf(refused.status()), "UNKNOWN_PROGRAMME");
  // Citizens cannot write outcomes.
  EXPECT_FALSE(logic_.RecordOutcome(Citizen(1), r).ok());
  auto recorded = logic_.RecordOutcome(Staff(), r);
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  EXPECT_EQ(recorded->booking().status(), v1::BOOKING_STATUS_COMPLETED);
  EXPECT_EQ(recorded->plan().items_size(), 2);
  EXPECT_EQ(recorded->plan().status(), v1::PLAN_STATUS_ACTIVE);

  // The citizen sees the plan, never the note.
  v1::GetLearningPlanRequest get;
  auto mine = logic_.GetLearningPlan(Citizen(1), get);
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_EQ(mine->plan().items(0).state(), v1::PLAN_ITEM_STATE_SUGGESTED);
  v1::GetConsultationNoteRequest note;
  note.set_booking(booking->booking().name());
  EXPECT_EQ(logic_.GetConsultationNote(Citizen(1), note).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(logic_.GetConsultationNote(Staff(), note)->note(),
            "staff-only: wants evening classes");
  // Another centre's staff see neither.
  get.set_citizen(CitizenName(1));
  EXPECT_EQ(logic_.GetLearningPlan(Staff("gamil"), get).status().code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(logic_.GetLearningPlan(Staff("misa"), get).ok());

  // Enrolment's events for an offering of the programme move the item.
  Enrolment<enrolment::events::v1::EnrolmentConfirmed>(CitizenName(1));
  EXPECT_EQ(logic_.GetLearningPlan(Citizen(1), {})->plan().items(0).state(),
            v1::PLAN_ITEM_STATE_ENROLLED);
  Enrolment<enrolment::events::v1::CourseCompleted>(CitizenName(1));
  EXPECT_EQ(logic_.GetLearningPlan(Citizen(1), {})->plan().items(0).state(),
            v1::PLAN_ITEM_STATE_DONE);
  // Someone else's enrolment changes nothing of this plan.
  Enrolment<enrolment::events::v1::EnrolmentConfirmed>(CitizenName(2));
  EXPECT_EQ(Events("LearningPlanUpdated"), "3");
  // Plan events carry no free text and no note.
  EXPECT_EQ(Query("SELECT count(*) FROM {s}.outbox WHERE "
                  "position('smartphone' IN encode(payload, 'escape')) > 0 "
                  "OR position('evening' IN encode(payload, 'escape')) > 0"),
            "0");
  EXPECT_EQ(Query("SELECT key FROM {s}.outbox WHERE type LIKE "
                  "'%LearningPlanUpdated' LIMIT 1"),
            CitizenName(1).substr(9));  // the citizen's bare id
  // The last open item done: the plan completes itself.
  EXPECT_EQ(logic_.GetLearningPlan(Citizen(1), {})->plan().status(),
            v1::PLAN_STATUS_ACTIVE);
  v1::UpdatePlanItemRequest done;
  done.set_request_id("own-item-done");
  done.set_item(recorded->plan().items(1).name());
  done.set_state(v1::PLAN_ITEM_STATE_DONE);
  auto finished = logic_.UpdatePlanItem(Citizen(1), done);
  ASSERT_TRUE(finished.ok()) << finished.status();
  EXPECT_EQ(finished->plan().status(), v1::PLAN_STATUS_COMPLETE);
}

TEST_F(LearningPlanTest, TheCitizenDropsAnItem) {
  Catalogue();
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  auto booking = Book(1, type, consultant, At(kMonday, 10));
  ASSERT_TRUE(booking.ok());
  now_ = At(kMonday, 11);
  v1::RecordOutcomeRequest r;
  r.set_request_id("outcome-2");
  r.set_booking(booking->booking().name());
  v1::PlanItem* item = r.add_add_items();
  item->set_kind(v1::PLAN_ITEM_KIND_OFFERING);
  item->set_target(kOffering);
  auto recorded = logic_.RecordOutcome(Staff(), r);
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  v1::UpdatePlanItemRequest drop;
  drop.set_request_id("drop-1");
  drop.set_item(recorded->plan().items(0).name());
  drop.set_state(v1::PLAN_ITEM_STATE_DROPPED);
  EXPECT_EQ(logic_.UpdatePlanItem(Citizen(2), drop).status().code(),
            StatusCode::kNotFound);
  auto dropped = logic_.UpdatePlanItem(Citizen(1), drop);
  ASSERT_TRUE(dropped.ok()) << dropped.status();
  EXPECT_EQ(dropped->plan().items(0).state(), v1::PLAN_ITEM_STATE_DROPPED);
  // A dropped item stays dropped when an enrolment comes later.
  Enrolment<enrolment::events::v1::EnrolmentConfirmed>(CitizenName(1));
  EXPECT_EQ(logic_.GetLearningPlan(Citizen(1), {})->plan().items(0).state(),
            v1::PLAN_ITEM_STATE_DROPPED);
}

}  // namespace
}  // namespace lifelong::consulting
