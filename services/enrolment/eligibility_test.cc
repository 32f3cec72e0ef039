#include "services/enrolment/eligibility.h"

#include <gtest/gtest.h>

#include "common/errors.h"
#include "common/testing/application_open_cases.h"
#include "services/enrolment/refusals.h"

namespace lifelong::enrolment {
namespace {

namespace cv1 = lifelong::catalogue::v1;
constexpr int64_t kNow = 1800000000;
constexpr int64_t kDay = 86400;

cv1::Offering Staged() {
  cv1::Offering o;
  o.set_state(cv1::OFFERING_STATE_PUBLISHED);
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

// An offering of one case of common/testing/application_open_cases.h, its
// times from `base`, presented as the catalogue's event shows it.
cv1::Offering FromCase(const testing::ApplicationOpenCase& c, int64_t base,
                       cv1::OfferingState published_as) {
  cv1::Offering o;
  o.set_state(c.published ? published_as : cv1::OFFERING_STATE_CANCELLED);
  cv1::ApplicationWindow* w = o.add_windows();
  w->set_audience(cv1::WINDOW_AUDIENCE_EVERYONE);
  w->mutable_open_time()->set_seconds(base + c.window_open);
  w->mutable_close_time()->set_seconds(base + c.window_close);
  for (size_t i = 0; i < c.sessions.size(); ++i) {
    cv1::Session* s = o.add_sessions();
    s->set_session_id("s" + std::to_string(i + 1));
    s->mutable_start_time()->set_seconds(base + c.sessions[i].first);
    s->mutable_end_time()->set_seconds(base + c.sessions[i].second);
    s->set_state(c.last_session_cancelled && i + 1 == c.sessions.size()
                     ? cv1::SESSION_STATE_CANCELLED
                     : cv1::SESSION_STATE_SCHEDULED);
  }
  return o;
}

TEST(EligibilityTest, WindowClosedSaysWhenTheCallersWindowOpens) {
  // A resident's window opens tomorrow, everyone's in three days.
  absl::Status s = CheckApplication(Staged(), Resident(), kNow, 2027);
  EXPECT_EQ(Reason(s), "WINDOW_CLOSED");
  EXPECT_EQ(MetadataOf(s).at("opens_at"), Rfc3339(kNow + kDay));
  CitizenFacts visitor{1990, "", "", {}};
  EXPECT_EQ(MetadataOf(CheckApplication(Staged(), visitor, kNow, 2027))
                .at("opens_at"),
            Rfc3339(kNow + 3 * kDay));
  // After the last close: no opens_at.
  EXPECT_TRUE(
      MetadataOf(CheckApplication(Staged(), Resident(), kNow + 11 * kDay, 2027))
          .empty());
}

// The catalogue pins the same cases for its flag and search filter
// (services/catalogue/application_open_test.cc).
TEST(EligibilityTest, ApplyAcceptsExactlyWhatTheSharedRuleCallsOpen) {
  for (const testing::ApplicationOpenCase& c :
       testing::ApplicationOpenCases()) {
    // The read model holds the offering as the catalogue's last event
    // presented it: published, or running when it changed during the course.
    for (cv1::OfferingState as :
         {cv1::OFFERING_STATE_PUBLISHED, cv1::OFFERING_STATE_RUNNING}) {
      cv1::Offering o = FromCase(c, kNow, as);
      absl::Status s = CheckApplication(o, Resident(), kNow + c.now, 2027);
      EXPECT_EQ(s.ok(), c.open)
          << c.name << " (" << cv1::OfferingState_Name(as) << "): " << s;
      EXPECT_EQ(common::ApplicationsOpen(ScheduleOf(o), kNow + c.now), c.open)
          << c.name;
      if (!c.open) {
        EXPECT_TRUE(Reason(s) == "WINDOW_CLOSED" ||
                    Reason(s) == "OFFERING_NOT_OPEN")
            << c.name << ": " << s;
      }
    }
  }
}

TEST(EligibilityTest, EndedOrCancelledOfferingsAreNotOpenWhateverTheWindow) {
  const testing::ApplicationOpenCase* ended = nullptr;
  for (const testing::ApplicationOpenCase& c : testing::ApplicationOpenCases())
    if (std::string(c.name) == "last session ended, window open") ended = &c;
  ASSERT_NE(ended, nullptr);
  cv1::Offering o = FromCase(*ended, kNow, cv1::OFFERING_STATE_COMPLETED);
  EXPECT_EQ(Reason(CheckOfferingOpen(o, kNow + ended->now)),
            "OFFERING_NOT_OPEN");
  o.set_state(cv1::OFFERING_STATE_DRAFT);
  EXPECT_EQ(Reason(CheckOfferingOpen(o, kNow)), "OFFERING_NOT_OPEN");
}

}  // namespace
}  // namespace lifelong::enrolment
