#include "services/enrolment/progress.h"

#include <gtest/gtest.h>

namespace lifelong::enrolment {
namespace {

const std::vector<std::string> kTen = {"s1", "s2", "s3", "s4", "s5",
                                       "s6", "s7", "s8", "s9", "s10"};

std::map<std::string, v1::AttendanceMark> Marks(
    std::initializer_list<v1::AttendanceMark> in_order) {
  std::map<std::string, v1::AttendanceMark> out;
  int i = 0;
  for (v1::AttendanceMark m : in_order) out[kTen[i++]] = m;
  return out;
}

constexpr auto P = v1::ATTENDANCE_MARK_PRESENT;
constexpr auto L = v1::ATTENDANCE_MARK_LATE;
constexpr auto E = v1::ATTENDANCE_MARK_EXCUSED;
constexpr auto A = v1::ATTENDANCE_MARK_ABSENT;

TEST(ProgressTest, EightOfTenCompletesSevenDoesNot) {
  v1::Progress eight =
      ProgressOf(kTen, Marks({P, P, P, L, P, P, P, P, A, A}), 80);
  EXPECT_EQ(eight.required(), 8);
  EXPECT_TRUE(IsComplete(eight));
  v1::Progress seven =
      ProgressOf(kTen, Marks({P, P, P, L, P, P, P, A, A, A}), 80);
  EXPECT_FALSE(IsComplete(seven));
  EXPECT_FALSE(seven.can_still_complete());
}

TEST(ProgressTest, ExcusedAbsencesAreNotCountedAgainst) {
  // 7 attended of 8 counted (2 excused): 80 % of 8 rounds up to 7.
  v1::Progress p = ProgressOf(kTen, Marks({P, P, E, P, P, E, P, P, A, P}), 80);
  EXPECT_EQ(p.required(), 7);
  EXPECT_EQ(p.excused(), 2);
  EXPECT_TRUE(IsComplete(p));
}

TEST(ProgressTest, EarlyFlagOnceTheThresholdIsOutOfReach) {
  // Two absences of ten: still possible (8 left to attend).
  v1::Progress two = ProgressOf(kTen, Marks({A, A}), 80);
  EXPECT_TRUE(two.can_still_complete());
  EXPECT_FALSE(IsComplete(two));  // sessions left unmarked
  // A third absence makes 8 of 10 impossible.
  v1::Progress three = ProgressOf(kTen, Marks({A, A, A}), 80);
  EXPECT_FALSE(three.can_still_complete());
}

TEST(ProgressTest, MarksForCancelledSessionsAreIgnored) {
  std::vector<std::string> scheduled = {"s1", "s2"};
  v1::Progress p = ProgressOf(scheduled, Marks({P, P, A, A, A}), 80);
  EXPECT_EQ(p.sessions(), 2);
  EXPECT_EQ(p.absent(), 0);
  EXPECT_TRUE(IsComplete(p));
  // Everything excused is not a completion.
  EXPECT_FALSE(IsComplete(ProgressOf(scheduled, Marks({E, E}), 80)));
}

TEST(ProgressTest, NoCompletionBeforeTheLastCountedSessionEnds) {
  catalogue::v1::Offering o;
  for (int i = 0; i < 3; ++i) {
    catalogue::v1::Session* s = o.add_sessions();
    s->set_session_id("s" + std::to_string(i));
    s->mutable_start_time()->set_seconds(1000 * (i + 1));
    s->mutable_end_time()->set_seconds(1000 * (i + 1) + 500);
  }
  o.mutable_sessions(2)->set_state(catalogue::v1::SESSION_STATE_CANCELLED);
  EXPECT_EQ(LastSessionEnd(o), 2500);  // the cancelled third does not count
  EXPECT_EQ(LastSessionEnd(catalogue::v1::Offering()), 0);
  v1::Progress done;
  done.set_sessions(2);
  done.set_present(2);
  done.set_required(2);
  ASSERT_TRUE(IsComplete(done));
  EXPECT_FALSE(CompletesAt(done, 2500, 2002));  // 2 s into the last session
  EXPECT_TRUE(CompletesAt(done, 2500, 2500));
  EXPECT_FALSE(CompletesAt(done, 0, 9999));  // no counted session at all
  v1::Progress short_of_it = done;
  short_of_it.set_present(1);
  EXPECT_FALSE(CompletesAt(short_of_it, 2500, 9999));
}

}  // namespace
}  // namespace lifelong::enrolment
