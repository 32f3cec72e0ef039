#include "services/enrolment/apply_decision.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace lifelong::enrolment {
namespace {

namespace cv1 = lifelong::catalogue::v1;
constexpr int64_t kNow = 1800000000;
constexpr int64_t kDay = 86400;

// Published, open to everyone now, first session in a week.
cv1::Offering Open() {
  cv1::Offering o;
  o.set_name("offerings/1");
  o.set_centre("centres/misa");
  o.set_state(cv1::OFFERING_STATE_PUBLISHED);
  o.set_selection(cv1::SELECTION_METHOD_FIRST_COME);
  cv1::ApplicationWindow* w = o.add_windows();
  w->set_audience(cv1::WINDOW_AUDIENCE_EVERYONE);
  w->mutable_open_time()->set_seconds(kNow - kDay);
  w->mutable_close_time()->set_seconds(kNow + kDay);
  cv1::Session* s = o.add_sessions();
  s->set_state(cv1::SESSION_STATE_SCHEDULED);
  s->mutable_start_time()->set_seconds(kNow + 7 * kDay);
  s->mutable_end_time()->set_seconds(kNow + 7 * kDay + 7200);
  o.mutable_fees()->set_fee_krw(30000);
  o.mutable_fees()->add_waived_for(cv1::PRIORITY_GROUP_DISABILITY);
  return o;
}

class DecideApplyTest : public ::testing::Test {
 protected:
  DecideApplyTest() {
    facts_.offering = &offering_;
    facts_.citizen = &citizen_;
    facts_.limit_per_group = 2;
    facts_.now = kNow;
    facts_.current_year = 2027;
  }
  std::string Reason() {
    absl::StatusOr<ApplyDecision> d = DecideApply(facts_, "offerings/1");
    return d.ok() ? "OK" : common::ReasonOf(d.status());
  }

  cv1::Offering offering_ = Open();
  CitizenFacts citizen_{1990, "Misa", "", {}};
  ApplyFacts facts_;
};

TEST_F(DecideApplyTest, FirstComeTakesASeatOrAPlaceAtTheFullPrice) {
  absl::StatusOr<ApplyDecision> d = DecideApply(facts_, "offerings/1");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_FALSE(d->lottery_entry);
  EXPECT_TRUE(d->priority_groups.empty());
  EXPECT_EQ(d->fee.amount_krw(), 30000);
}

TEST_F(DecideApplyTest, ALotteryTakesAnEntryWithTheVerifiedGroupsAndTheirFee) {
  offering_.set_selection(cv1::SELECTION_METHOD_LOTTERY);
  citizen_.priority_groups = {cv1::PRIORITY_GROUP_DISABILITY};
  citizen_.birth_year = 1950;  // over 65 in 2027
  absl::StatusOr<ApplyDecision> d = DecideApply(facts_, "offerings/1");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(d->lottery_entry);
  EXPECT_EQ(d->priority_groups, (std::set<int>{cv1::PRIORITY_GROUP_DISABILITY,
                                               cv1::PRIORITY_GROUP_OVER_65}));
  EXPECT_EQ(d->fee.amount_krw(), 0);  // waived
}

TEST_F(DecideApplyTest, EachRefusalInItsOrder) {
  // 7. at the limit of the offering's group
  offering_.set_limit_group("2027-spring-digital");
  facts_.live_in_limit_group = 2;
  EXPECT_EQ(Reason(), "LIMIT_REACHED");
  facts_.live_in_limit_group = 1;
  EXPECT_EQ(Reason(), "OK");
  facts_.live_in_limit_group = 2;
  // 6. not eligible comes before the limit
  offering_.mutable_eligibility()->set_min_age(60);
  EXPECT_EQ(Reason(), "NOT_ELIGIBLE");
  // 5. blocked comes before eligibility; a block that ended is none
  facts_.blocked_until = kNow - 1;
  EXPECT_EQ(Reason(), "NOT_ELIGIBLE");
  facts_.blocked_until = kNow + kDay;
  EXPECT_EQ(Reason(), "REGISTRATION_BLOCKED");
  // 4. a citizen not known yet: retry
  facts_.citizen = nullptr;
  EXPECT_EQ(Reason(), "CITIZEN_UNKNOWN");
  absl::StatusOr<ApplyDecision> unknown = DecideApply(facts_, "offerings/1");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kUnavailable);
  // 3. staff of another centre, before anything about the citizen
  facts_.for_self = false;
  EXPECT_EQ(Reason(), "NOT_YOUR_CENTRE");
  facts_.staff_of_centre = true;
  EXPECT_EQ(Reason(), "CITIZEN_UNKNOWN");
  // 2. an offering that is not open, before who asks
  facts_.staff_of_centre = false;
  offering_.set_state(cv1::OFFERING_STATE_CANCELLED);
  EXPECT_EQ(Reason(), "OFFERING_NOT_OPEN");
  // 1. an offering not heard of yet: retry
  facts_.offering = nullptr;
  EXPECT_EQ(Reason(), "OFFERING_NOT_YET_KNOWN");
}

TEST_F(DecideApplyTest, OutsideEveryWindowIsWindowClosed) {
  offering_.mutable_windows(0)->mutable_open_time()->set_seconds(kNow + kDay);
  offering_.mutable_windows(0)->mutable_close_time()->set_seconds(kNow +
                                                                  2 * kDay);
  EXPECT_EQ(Reason(), "WINDOW_CLOSED");
}

}  // namespace
}  // namespace lifelong::enrolment
