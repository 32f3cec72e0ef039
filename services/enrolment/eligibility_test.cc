#include "services/enrolment/eligibility.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace lifelong::enrolment {
namespace {

namespace cv1 = lifelong::catalogue::v1;
constexpr int64_t kNow = 1800000000;
constexpr int64_t kDay = 86400;

cv1::Offering Staged() {
  cv1::Offering o;
  auto window = [&](cv1::WindowAudience a, int64_t open) {
    cv1::ApplicationWindow* w = o.add_windows();
    w->set_audience(a);
    w->mutable_open_time()->set_seconds(open);
    w->mutable_close_time()->set_seconds(kNow + 10 * kDay);
  };
  // Priority groups since yesterday, residents from tomorrow, everyone later.
  window(cv1::WINDOW_AUDIENCE_PRIORITY_GROUPS, kNow - kDay);
  window(cv1::WINDOW_AUDIENCE_RESIDENTS, kNow + kDay);
  window(cv1::WINDOW_AUDIENCE_EVERYONE, kNow + 3 * kDay);
  return o;
}

CitizenFacts Resident(int birth_year = 1990) {
  return {birth_year, "Misa", "", {}};
}

std::string Reason(const absl::Status& s) {
  return s.ok() ? "OK" : common::ReasonOf(s);
}

TEST(EligibilityTest, StagedWindowsOpenByGroup) {
  cv1::Offering o = Staged();
  CitizenFacts disabled = Resident();
  disabled.priority_groups.insert(cv1::PRIORITY_GROUP_DISABILITY);
  EXPECT_EQ(Reason(CheckApplication(o, disabled, kNow, 2027)), "OK");
  EXPECT_EQ(Reason(CheckApplication(o, Resident(1950), kNow, 2027)),
            "OK");  // over 65
  EXPECT_EQ(Reason(CheckApplication(o, Resident(), kNow, 2027)),
            "WINDOW_CLOSED");
  EXPECT_EQ(Reason(CheckApplication(o, Resident(), kNow + kDay, 2027)), "OK");
  CitizenFacts visitor{1990, "", "", {}};
  EXPECT_EQ(Reason(CheckApplication(o, visitor, kNow + kDay, 2027)),
            "WINDOW_CLOSED");
  EXPECT_EQ(Reason(CheckApplication(o, visitor, kNow + 3 * kDay, 2027)), "OK");
  EXPECT_EQ(Reason(CheckApplication(o, visitor, kNow + 11 * kDay, 2027)),
            "WINDOW_CLOSED");
}

TEST(EligibilityTest, ResidencyAgeAndPriorityRules) {
  cv1::Offering o = Staged();
  o.mutable_eligibility()->set_residents_only(true);
  CitizenFacts worker{1990, "", "Pungsan", {}};
  EXPECT_EQ(Reason(CheckApplication(o, worker, kNow + 3 * kDay, 2027)),
            "NOT_ELIGIBLE");
  o.mutable_eligibility()->set_workplace_counts(true);
  EXPECT_EQ(Reason(CheckApplication(o, worker, kNow + kDay, 2027)), "OK");

  o.mutable_eligibility()->set_min_age(60);
  EXPECT_EQ(Reason(CheckApplication(o, Resident(1990), kNow + 3 * kDay, 2027)),
            "NOT_ELIGIBLE");
  EXPECT_EQ(Reason(CheckApplication(o, Resident(1960), kNow + 3 * kDay, 2027)),
            "OK");

  o.mutable_eligibility()->add_priority_groups_only(
      cv1::PRIORITY_GROUP_BASIC_LIVELIHOOD);
  EXPECT_EQ(Reason(CheckApplication(o, Resident(1960), kNow + 3 * kDay, 2027)),
            "NOT_ELIGIBLE");
  CitizenFacts recipient = Resident(1960);
  recipient.priority_groups.insert(cv1::PRIORITY_GROUP_BASIC_LIVELIHOOD);
  EXPECT_EQ(Reason(CheckApplication(o, recipient, kNow, 2027)), "OK");
}

}  // namespace
}  // namespace lifelong::enrolment
