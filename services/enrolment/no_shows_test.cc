#include "services/enrolment/no_shows.h"

#include <gtest/gtest.h>

namespace lifelong::enrolment {
namespace {

constexpr int64_t kNow = 1800000000;
constexpr auto kNone = v1::ATTENDANCE_MARK_UNSPECIFIED;
constexpr auto kPresent = v1::ATTENDANCE_MARK_PRESENT;
constexpr auto kExcused = v1::ATTENDANCE_MARK_EXCUSED;
constexpr auto kAbsent = v1::ATTENDANCE_MARK_ABSENT;

std::optional<NoShowDecision> Decide(int strikes, v1::AttendanceMark previous,
                                     v1::AttendanceMark mark) {
  return DecideNoShow({strikes, previous, mark, 3, 30, kNow});
}

TEST(NoShowTest, AnAbsenceIsAStrikeOtherMarksChangeNothing) {
  std::optional<NoShowDecision> d = Decide(0, kNone, kAbsent);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->strikes, 1);
  EXPECT_EQ(d->blocked_until, 0);
  EXPECT_FALSE(Decide(1, kNone, kPresent).has_value());
  EXPECT_FALSE(Decide(1, kNone, kExcused).has_value());
  // Marking an absence absent again is no new strike.
  EXPECT_FALSE(Decide(1, kAbsent, kAbsent).has_value());
  EXPECT_FALSE(Decide(1, kPresent, kExcused).has_value());
}

TEST(NoShowTest, TheThirdStrikeBlocksForThirtyDaysAndStartsAgain) {
  std::optional<NoShowDecision> d = Decide(2, kPresent, kAbsent);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->strikes, 0);
  EXPECT_EQ(d->blocked_until, kNow + 30 * 86400);
  d = Decide(5, kNone, kAbsent);  // above the limit (lowered since)
  EXPECT_EQ(d->strikes, 0);
  EXPECT_EQ(d->blocked_until, kNow + 30 * 86400);
}

TEST(NoShowTest, ACorrectedAbsenceTakesItsStrikeBackNeverBelowZero) {
  std::optional<NoShowDecision> d = Decide(2, kAbsent, kExcused);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->strikes, 1);
  EXPECT_EQ(d->blocked_until, 0);
  d = Decide(0, kAbsent, kPresent);  // the count started again since
  EXPECT_EQ(d->strikes, 0);
}

}  // namespace
}  // namespace lifelong::enrolment
