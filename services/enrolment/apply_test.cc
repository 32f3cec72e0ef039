// Apply against the real PostgreSQL: when an offering is open for
// application (the rule shared with the catalogue, common/application_open.h).
#include "services/enrolment/enrolment_test_fixture.h"

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

}  // namespace
}  // namespace lifelong::enrolment
