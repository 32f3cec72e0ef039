// Apply against the real PostgreSQL: when an offering is open for
// application (the rule shared with the catalogue, common/application_open.h),
// and what enrolment answers about an offering it has not heard of yet.
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/enrolment/enrolment_test_fixture.h"
#include "services/enrolment/refusals.h"

namespace lifelong::enrolment {
namespace {

constexpr int64_t kDay = 86400;

std::string Reason(const absl::StatusOr<v1::ApplyResponse>& r) {
  return r.ok() ? "OK" : common::ReasonOf(r.status());
}

class ApplyTest : public EnrolmentTest {
 protected:
  // Three weekly sessions from a week ahead; the window stays open a month,
  // past the first session and past the last.
  static cv1::Offering LongWindow(int n, cv1::OfferingState state) {
    cv1::Offering o = Offering(n, 10, cv1::SELECTION_METHOD_FIRST_COME, 3);
    o.mutable_windows(0)->mutable_close_time()->set_seconds(kNow + 30 * kDay);
    o.set_state(state);
    return o;
  }
};

TEST_F(ApplyTest, ARunningCourseTakesApplicationsWhileItsWindowIsOpen) {
  // The catalogue presents an offering changed during its course as
  // RUNNING; the read model keeps what the event said.
  std::string running = Publish(LongWindow(1, cv1::OFFERING_STATE_RUNNING));
  std::string published = Publish(LongWindow(2, cv1::OFFERING_STATE_PUBLISHED));
  now_ = kNow + 7 * kDay + 60;  // the first session has started
  absl::StatusOr<v1::ApplyResponse> a = Apply(Citizen(1), running, "r1");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->application().status(), v1::APPLICATION_STATUS_CONFIRMED);
  EXPECT_EQ(Reason(Apply(Citizen(2), published, "r2")), "OK");

  now_ = kNow + 21 * kDay + 7200;  // the last session has ended
  EXPECT_EQ(Reason(Apply(Citizen(3), running, "r3")), "OFFERING_NOT_OPEN");
  EXPECT_EQ(Reason(Apply(Citizen(4), published, "r4")), "OFFERING_NOT_OPEN");

  now_ = kNow + 30 * kDay;  // and the window closed
  EXPECT_EQ(Reason(Apply(Citizen(5), published, "r5")), "OFFERING_NOT_OPEN");
}

// Right after PublishOffering, enrolment has not read the catalogue's event
// yet: every call about the offering says "retry shortly", never "no such
// course", and the same request succeeds once the event has arrived.
TEST_F(ApplyTest, AnOfferingNotYetKnownIsRetryableUntilItsEventArrives) {
  std::string citizen = Citizen(1);
  cv1::Offering o = Offering(7, 2, cv1::SELECTION_METHOD_LOTTERY);
  auto retryable = [](const absl::Status& s) {
    EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
    EXPECT_EQ(common::ReasonOf(s), "OFFERING_NOT_YET_KNOWN");
    auto retry = s.GetPayload("type.googleapis.com/google.rpc.RetryInfo");
    ASSERT_TRUE(retry.has_value()) << s;
    google::rpc::RetryInfo info;
    ASSERT_TRUE(info.ParseFromString(std::string(*retry)));
    EXPECT_EQ(info.retry_delay().seconds(), 1);
  };
  retryable(Apply(citizen, o.name(), "first").status());
  v1::ListOfferingApplicationsRequest roster;
  roster.set_offering(o.name());
  roster.set_status(v1::APPLICATION_STATUS_CONFIRMED);
  retryable(logic_.ListOfferingApplications(Staff(), roster).status());
  v1::GetDrawRequest draw;
  draw.set_offering(o.name());
  retryable(logic_.GetDraw(Staff(), draw).status());

  Publish(o);
  absl::StatusOr<v1::ApplyResponse> applied = Apply(citizen, o.name(), "first");
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(applied->application().status(), v1::APPLICATION_STATUS_APPLIED);
  EXPECT_TRUE(logic_.ListOfferingApplications(Staff(), roster).ok());
  EXPECT_TRUE(logic_.GetDraw(Staff(), draw).ok());
}

// What a screen needs to act on a refusal is in ErrorInfo.metadata, and it
// survives the translation to gRPC.
TEST_F(ApplyTest, RefusalsCarryMachineReadableMetadata) {
  auto metadata_on_the_wire = [](const absl::Status& s) {
    grpc::Status wire = common::ToGrpcStatus(s, "enrolment.lifelong");
    google::rpc::Status details;
    EXPECT_TRUE(details.ParseFromString(wire.error_details()));
    google::rpc::ErrorInfo info;
    for (const auto& any : details.details()) any.UnpackTo(&info);
    EXPECT_EQ(info.domain(), "enrolment.lifelong");
    return std::map<std::string, std::string>(info.metadata().begin(),
                                              info.metadata().end());
  };
  std::string kim = Citizen(1);

  // Already applied: the application there is.
  std::string offering = Publish(1, 10, cv1::SELECTION_METHOD_FIRST_COME);
  absl::StatusOr<v1::ApplyResponse> first = Apply(kim, offering, "k1");
  ASSERT_TRUE(first.ok()) << first.status();
  absl::Status again = Apply(kim, offering, "k2").status();
  EXPECT_EQ(common::ReasonOf(again), "ALREADY_APPLIED");
  EXPECT_EQ(metadata_on_the_wire(again),
            (std::map<std::string, std::string>{
                {"application", first->application().name()}}));

  // The window opens tomorrow: when.
  cv1::Offering later = Offering(2, 10, cv1::SELECTION_METHOD_FIRST_COME);
  later.mutable_windows(0)->mutable_open_time()->set_seconds(kNow + kDay);
  later.mutable_windows(0)->mutable_close_time()->set_seconds(kNow + 2 * kDay);
  Publish(later);
  absl::Status closed = Apply(kim, later.name(), "k3").status();
  EXPECT_EQ(common::ReasonOf(closed), "WINDOW_CLOSED");
  // kNow + 1 day = 2027-01-16T08:00:00Z.
  EXPECT_EQ(metadata_on_the_wire(closed),
            (std::map<std::string, std::string>{
                {"opens_at", "2027-01-16T08:00:00Z"}}));

  // Blocked after no-shows: until when.
  Count("UPDATE {s}.citizens SET blocked_until = to_timestamp(" +
        std::to_string(kNow + 30 * kDay) + ")");
  absl::Status blocked =
      Apply(kim, Publish(3, 10, cv1::SELECTION_METHOD_FIRST_COME), "k4")
          .status();
  EXPECT_EQ(common::ReasonOf(blocked), "REGISTRATION_BLOCKED");
  EXPECT_EQ(MetadataOf(blocked),
            (std::map<std::string, std::string>{
                {"blocked_until", Rfc3339(kNow + 30 * kDay)}}));
  EXPECT_EQ(Rfc3339(kNow + 30 * kDay), "2027-02-14T08:00:00Z");
}

// A result list shows seats for a page of offerings in one call; a course
// enrolment has not heard of yet does not fail the page.
TEST_F(ApplyTest, SeatCountsForAPageOfOfferingsInOneCall) {
  std::string first_come = Publish(11, 2, cv1::SELECTION_METHOD_FIRST_COME);
  std::string lottery = Publish(12, 3, cv1::SELECTION_METHOD_LOTTERY);
  std::vector<v1::Application> held;
  for (int i = 0; i < 4; ++i) {
    absl::StatusOr<v1::ApplyResponse> a =
        Apply(Citizen(i), first_come, "fc" + std::to_string(i));
    ASSERT_TRUE(a.ok()) << a.status();
    held.push_back(a->application());
  }
  for (int i = 10; i < 15; ++i)
    ASSERT_TRUE(Apply(Citizen(i), lottery, "l" + std::to_string(i)).ok());
  // The first seat holder cancels: the seat is held for the first in line.
  v1::CancelApplicationRequest cancel;
  cancel.set_request_id("cancel");
  cancel.set_name(held[0].name());
  ASSERT_TRUE(logic_.CancelApplication(As(held[0].citizen()), cancel).ok());

  std::string unknown = "offerings/" + Uuid(1, 99);
  v1::BatchGetOfferingSeatsRequest r;
  for (const std::string& o : {lottery, unknown, first_come})
    r.add_names(o + "/seats");
  absl::StatusOr<v1::BatchGetOfferingSeatsResponse> got =
      logic_.BatchGetOfferingSeats(common::Caller{}, r);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->seats_size(), 3);
  const v1::OfferingSeats& l = got->seats(0);
  EXPECT_EQ(l.name(), lottery + "/seats");
  EXPECT_TRUE(l.known());
  EXPECT_EQ(l.capacity(), 3);
  EXPECT_EQ(l.confirmed_count(), 0);
  EXPECT_EQ(l.remaining_seats(), 3);
  EXPECT_EQ(l.lottery_entries(), 5);
  EXPECT_EQ(got->seats(1).name(), unknown + "/seats");
  EXPECT_FALSE(got->seats(1).known());
  const v1::OfferingSeats& f = got->seats(2);
  EXPECT_EQ(f.capacity(), 2);
  EXPECT_EQ(f.confirmed_count(), 2);  // one confirmed, one offered
  EXPECT_EQ(f.remaining_seats(), 0);
  EXPECT_EQ(f.waitlist_length(), 1);
  EXPECT_EQ(f.lottery_entries(), 0);

  // Bad names are each named.
  v1::BatchGetOfferingSeatsRequest bad;
  bad.add_names(first_come);
  bad.add_names(first_come + "/seats");
  bad.add_names(first_come + "/seats");
  absl::Status refused =
      logic_.BatchGetOfferingSeats(common::Caller{}, bad).status();
  std::vector<std::string> fields;
  for (const common::FieldViolation& v : common::FieldViolationsOf(refused))
    fields.push_back(v.field + ":" + v.reason);
  EXPECT_EQ(fields, (std::vector<std::string>{"names[0]:INVALID_FORMAT",
                                              "names[2]:DUPLICATE"}));
  EXPECT_EQ(logic_.BatchGetOfferingSeats(common::Caller{}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// "My applications" in one call: each row carries what the screen shows
// of its offering (title, centre, dates, state), as enrolment knows it.
TEST_F(ApplyTest, MyApplicationsCarryTheirOfferingsSummary) {
  cv1::Offering o = LongWindow(1, cv1::OFFERING_STATE_PUBLISHED);
  o.mutable_title()->set_ko("어르신 스마트폰 교실");
  o.set_venue("venues/misa-hall");
  o.mutable_centre_display_name()->set_ko("미사 평생학습센터");
  o.mutable_venue_display_name()->set_en("Misa Centre Hall");
  o.mutable_sessions(0)->set_state(cv1::SESSION_STATE_CANCELLED);
  std::string offering = Publish(o);
  std::string citizen = Citizen(1);
  ASSERT_TRUE(Apply(citizen, offering, "mine-1").ok());
  auto mine = logic_.ListMyApplications(As(citizen), {});
  ASSERT_TRUE(mine.ok()) << mine.status();
  ASSERT_EQ(mine->applications_size(), 1);
  const v1::OfferingSummary& s = mine->applications(0).offering_summary();
  EXPECT_EQ(s.title().ko(), "어르신 스마트폰 교실");
  EXPECT_EQ(s.centre(), "centres/misa");
  EXPECT_EQ(s.venue(), "venues/misa-hall");
  EXPECT_EQ(s.centre_display_name().ko(), "미사 평생학습센터");
  EXPECT_EQ(s.venue_display_name().en(), "Misa Centre Hall");
  EXPECT_EQ(s.state(), cv1::OFFERING_STATE_PUBLISHED);
  // The cancelled first session is left out.
  EXPECT_EQ(s.first_session_start().seconds(),
            o.sessions(1).start_time().seconds());
  EXPECT_EQ(s.last_session_end().seconds(), o.sessions(2).end_time().seconds());
  v1::GetApplicationRequest get;
  get.set_name(mine->applications(0).name());
  auto one = logic_.GetApplication(As(citizen), get);
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->application().offering_summary().title().ko(),
            "어르신 스마트폰 교실");
  // Never on the topic.
  EXPECT_EQ(Count("SELECT count(*) FROM {s}.outbox WHERE position("
                  "convert_to('스마트폰', 'UTF8') IN payload) > 0"),
            "0");
}

}  // namespace
}  // namespace lifelong::enrolment
