#include "services/consulting/schedule_validation.h"

#include <gtest/gtest.h>

namespace lifelong::consulting {
namespace {

v1::TimeWindow Hours(int h1, int m1, int h2, int m2) {
  v1::TimeWindow w;
  w.mutable_start()->set_hours(h1);
  w.mutable_start()->set_minutes(m1);
  w.mutable_end()->set_hours(h2);
  w.mutable_end()->set_minutes(m2);
  return w;
}

v1::WeeklyRule Rule(std::vector<int> days, v1::TimeWindow hours) {
  v1::WeeklyRule r;
  for (int d : days) r.add_days(d);
  *r.mutable_hours() = hours;
  return r;
}

std::vector<std::string> Fields(const common::FieldViolations& v) {
  std::vector<std::string> out;
  for (const auto& f : v.violations()) out.push_back(f.field + ":" + f.reason);
  return out;
}

TEST(WeeklyRulesTest, ExpandsDaysWithBreaks) {
  google::protobuf::RepeatedPtrField<v1::WeeklyRule> rules;
  *rules.Add() = Rule({1, 2, 3}, Hours(9, 0, 18, 0));
  *rules[0].add_breaks() = Hours(12, 0, 13, 0);
  *rules.Add() = Rule({1}, Hours(18, 0, 21, 0));  // touching is fine
  common::FieldViolations v;
  std::vector<WeeklyRule> out = CheckWeeklyRules(rules, v);
  EXPECT_TRUE(v.empty()) << Fields(v)[0];
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].hours, (Window{540, 1080}));
  EXPECT_EQ(out[0].breaks[0], (Window{720, 780}));
}

TEST(WeeklyRulesTest, OverlappingRulesNameTheField) {
  google::protobuf::RepeatedPtrField<v1::WeeklyRule> rules;
  *rules.Add() = Rule({1, 2}, Hours(9, 0, 12, 0));
  *rules.Add() = Rule({2}, Hours(11, 30, 14, 0));
  common::FieldViolations v;
  CheckWeeklyRules(rules, v);
  EXPECT_EQ(Fields(v),
            std::vector<std::string>{"rules[1].hours:OVERLAPPING_RULES"});
}

TEST(WeeklyRulesTest, BadDaysTimesAndBreaks) {
  google::protobuf::RepeatedPtrField<v1::WeeklyRule> rules;
  *rules.Add() = Rule({8}, Hours(9, 0, 12, 0));
  *rules.Add() = Rule({3}, Hours(14, 0, 10, 0));
  *rules.Add() = Rule({4}, Hours(9, 0, 12, 0));
  *rules[2].add_breaks() = Hours(11, 0, 13, 0);
  *rules.Add() = Rule({}, Hours(25, 0, 26, 0));
  common::FieldViolations v;
  CheckWeeklyRules(rules, v);
  EXPECT_EQ(
      Fields(v),
      (std::vector<std::string>{
          "rules[0].days:INVALID_DAY", "rules[1].hours.end:END_BEFORE_START",
          "rules[2].breaks:BREAK_OUTSIDE_HOURS", "rules[3].days:REQUIRED",
          "rules[3].hours.start:INVALID_TIME",
          "rules[3].hours.end:INVALID_TIME"}));
}

TEST(WindowsTest, OverrideEndingBeforeItStartsAndMidnight) {
  google::protobuf::RepeatedPtrField<v1::TimeWindow> windows;
  *windows.Add() = Hours(22, 0, 24, 0);  // to midnight is allowed
  *windows.Add() = Hours(10, 0, 9, 0);
  common::FieldViolations v;
  std::vector<Window> out = CheckWindows(windows, "windows", v);
  EXPECT_EQ(Fields(v),
            std::vector<std::string>{"windows[1].end:END_BEFORE_START"});
  EXPECT_EQ(out.back(), (Window{1320, 1440}));
}

TEST(DatesTest, RealDatesAndRanges) {
  lifelong::types::v1::LocalDate a, b;
  a.set_year(2027);
  a.set_month(2);
  a.set_day(29);
  EXPECT_FALSE(ValidDate(a));
  a.set_day(28);
  EXPECT_TRUE(ValidDate(a));
  b = a;
  b.set_day(1);
  common::FieldViolations v;
  EXPECT_FALSE(CheckDateRange(a, b, "first_day", "last_day", 31, v));
  EXPECT_EQ(Fields(v), std::vector<std::string>{"last_day:END_BEFORE_START"});
  b.set_month(4);
  common::FieldViolations too_long;
  EXPECT_FALSE(CheckDateRange(a, b, "first_day", "last_day", 31, too_long));
  EXPECT_EQ(Fields(too_long),
            std::vector<std::string>{"last_day:RANGE_TOO_LONG"});
}

}  // namespace
}  // namespace lifelong::consulting
