#include "services/community/recurrence.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/errors.h"

namespace lifelong::community {
namespace {

// 2027-03-02 is a Tuesday; 19:00 in Seoul is 10:00 UTC.
constexpr int64_t kMarch2At19 = 1803981600;  // 2027-03-02T10:00:00Z
constexpr int64_t kWeek = 7 * 86400;

RecurrenceSpec Weekly(const std::string& rule) {
  return {rule, {2027, 3, 2}, 19 * 60, 120, {}, 200};
}

TEST(RecurrenceTest, WeeklyInSeoulTime) {
  auto dates = ExpandRecurrence(Weekly("FREQ=WEEKLY;BYDAY=TU;COUNT=12"));
  ASSERT_TRUE(dates.ok()) << dates.status();
  ASSERT_EQ(dates->size(), 12u);
  EXPECT_EQ((*dates)[0].start, kMarch2At19);
  EXPECT_EQ((*dates)[0].end, kMarch2At19 + 7200);
  EXPECT_EQ((*dates)[11].start, kMarch2At19 + 11 * kWeek);
  EXPECT_EQ((*dates)[11].date, (LocalDay{2027, 5, 18}));
}

TEST(RecurrenceTest, ASkippedWeekIsDropped) {
  RecurrenceSpec spec = Weekly("FREQ=WEEKLY;BYDAY=TU;COUNT=12");
  spec.exceptions = {{2027, 3, 16}};
  auto dates = ExpandRecurrence(spec);
  ASSERT_TRUE(dates.ok()) << dates.status();
  ASSERT_EQ(dates->size(), 11u);
  EXPECT_EQ((*dates)[1].date, (LocalDay{2027, 3, 9}));
  EXPECT_EQ((*dates)[2].date, (LocalDay{2027, 3, 23}));
}

TEST(RecurrenceTest, UntilAndSeveralDaysAWeek) {
  auto dates = ExpandRecurrence(
      Weekly("FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270331T235959Z"));
  ASSERT_TRUE(dates.ok()) << dates.status();
  // Tue 2, Thu 4, ... Tue 30: 9 dates.
  EXPECT_EQ(dates->size(), 9u);
  EXPECT_EQ((*dates)[1].date, (LocalDay{2027, 3, 4}));
}

TEST(RecurrenceTest, MonthlyBySetPosition) {
  // The last Saturday of each month, from March.
  RecurrenceSpec spec = Weekly("FREQ=MONTHLY;BYDAY=-1SA;COUNT=3");
  auto dates = ExpandRecurrence(spec);
  ASSERT_TRUE(dates.ok()) << dates.status();
  ASSERT_EQ(dates->size(), 3u);
  EXPECT_EQ((*dates)[0].date, (LocalDay{2027, 3, 27}));
  EXPECT_EQ((*dates)[2].date, (LocalDay{2027, 5, 29}));
}

TEST(RecurrenceTest, InvalidRules) {
  for (const char* rule :
       {"", "FREQ=SOMETIMES;COUNT=3", "RRULE:FREQ=WEEKLY;COUNT=2", "hello"}) {
    auto dates = ExpandRecurrence(Weekly(rule));
    EXPECT_EQ(dates.status().code(), absl::StatusCode::kInvalidArgument)
        << rule;
    EXPECT_EQ(common::ReasonOf(dates.status()), "RRULE_INVALID") << rule;
  }
  RecurrenceSpec bad_date = Weekly("FREQ=WEEKLY;COUNT=2");
  bad_date.first_date = {2027, 2, 30};
  EXPECT_EQ(common::ReasonOf(ExpandRecurrence(bad_date).status()),
            "RRULE_INVALID");
  RecurrenceSpec bad_length = Weekly("FREQ=WEEKLY;COUNT=2");
  bad_length.duration_minutes = 0;
  EXPECT_EQ(common::ReasonOf(ExpandRecurrence(bad_length).status()),
            "RRULE_INVALID");
}

TEST(RecurrenceTest, TooManyOccurrences) {
  EXPECT_EQ(common::ReasonOf(
                ExpandRecurrence(Weekly("FREQ=WEEKLY;BYDAY=TU")).status()),
            "RRULE_TOO_MANY_OCCURRENCES");
  RecurrenceSpec spec = Weekly("FREQ=DAILY;COUNT=30");
  spec.max_occurrences = 29;
  EXPECT_EQ(common::ReasonOf(ExpandRecurrence(spec).status()),
            "RRULE_TOO_MANY_OCCURRENCES");
  spec.max_occurrences = 30;
  EXPECT_TRUE(ExpandRecurrence(spec).ok());
  // Skipped dates do not count.
  spec.max_occurrences = 29;
  spec.exceptions = {{2027, 3, 3}};
  EXPECT_TRUE(ExpandRecurrence(spec).ok());
}

TEST(RecurrenceTest, SeoulConversions) {
  auto t = SeoulToUtc({2027, 3, 2}, 19 * 60);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, kMarch2At19);
  // 08:00 on the 3rd in Seoul is still the 2nd in UTC.
  EXPECT_EQ(SeoulDateOf(kMarch2At19 + 13 * 3600), (LocalDay{2027, 3, 3}));
  EXPECT_EQ(SeoulDateOf(kMarch2At19), (LocalDay{2027, 3, 2}));
}

TEST(RecurrenceTest, MoveOneOccurrence) {
  std::vector<OccurrenceTimes> series = {
      {"a", 100, 200}, {"b", 1100, 1200}, {"c", 2100, 2200}};
  EXPECT_THAT(MoveOccurrences(series, "b", 1150, 1300, false),
              ::testing::ElementsAre(OccurrenceTimes{"b", 1150, 1300}));
}

TEST(RecurrenceTest, MoveThisAndFollowing) {
  std::vector<OccurrenceTimes> series = {
      {"a", 100, 200}, {"c", 2100, 2200}, {"b", 1100, 1200}};
  EXPECT_THAT(MoveOccurrences(series, "b", 1160, 1260, true),
              ::testing::ElementsAre(OccurrenceTimes{"b", 1160, 1260},
                                     OccurrenceTimes{"c", 2160, 2260}));
  EXPECT_TRUE(MoveOccurrences(series, "zz", 1, 2, true).empty());
  EXPECT_TRUE(MoveOccurrences(series, "a", 100, 200, true).empty());
}

}  // namespace
}  // namespace lifelong::community
