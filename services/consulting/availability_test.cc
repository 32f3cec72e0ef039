// A consultant's hours against the real PostgreSQL: a dated schedule (a
// term, the summer) replaces the default one on its days and only there,
// dated schedules never overlap, and staff can read them back.
#include <gtest/gtest.h>

#include "services/consulting/consulting_test_fixture.h"
#include "services/consulting/schedule_validation.h"

namespace lifelong::consulting {
namespace {

using absl::StatusCode;

// The first bad field and its reason.
std::pair<std::string, std::string> FirstViolation(const absl::Status& s) {
  std::vector<common::FieldViolation> v = common::FieldViolationsOf(s);
  if (v.empty()) return {};
  return {v[0].field, v[0].reason};
}

class SchedulesTest : public ConsultingTest {
 protected:
  // Starts offered on `day` by the consultant.
  std::vector<int64_t> Starts(const std::string& consultant, int day) {
    v1::ListAvailableSlotsRequest r;
    r.set_consultant(consultant);
    *r.mutable_first_day() = DateOf(day);
    *r.mutable_last_day() = DateOf(day);
    auto slots = Slots(r);
    EXPECT_TRUE(slots.ok()) << slots.status();
    std::vector<int64_t> out;
    if (slots.ok()) {
      for (const v1::Slot& s : slots->slots()) {
        out.push_back(s.start_time().seconds());
      }
    }
    return out;
  }

  // A dated schedule: Mondays `from`-`to` (hours) only.
  absl::StatusOr<v1::SetWeeklyRulesResponse> SetDated(
      const std::string& consultant, const std::string& name, int first,
      int last, int from = 10, int to = 12) {
    v1::SetWeeklyRulesRequest r;
    r.set_request_id("dated-" + std::to_string(++requests_));
    r.set_consultant(consultant);
    r.set_schedule(name);
    *r.mutable_effective_from() = DateOf(first);
    *r.mutable_effective_until() = DateOf(last);
    if (from < to) {
      v1::WeeklyRule* rule = r.add_rules();
      rule->add_days(1);
      rule->mutable_hours()->mutable_start()->set_hours(from);
      rule->mutable_hours()->mutable_end()->set_hours(to);
    }
    return logic_.SetWeeklyRules(Admin(), r);
  }

  int requests_ = 0;
};

TEST_F(SchedulesTest, ADatedScheduleReplacesTheDefaultOnItsDaysOnly) {
  std::string consultant = AddConsultant(1);
  AddSessionType();
  ASSERT_EQ(Starts(consultant, kMonday).size(), 17u);  // 09:00 to 17:00
  // The winter break schedule: the week of 4 January, Mondays 10-12 only.
  ASSERT_TRUE(SetDated(consultant, "winter-break", kMonday, kMonday + 6).ok());
  EXPECT_EQ(Starts(consultant, kMonday),
            (std::vector<int64_t>{At(kMonday, 10), At(kMonday, 10, 30),
                                  At(kMonday, 11)}));
  EXPECT_TRUE(Starts(consultant, kMonday + 1).empty());    // no Tuesday rule
  EXPECT_EQ(Starts(consultant, kMonday + 7).size(), 17u);  // default again
  // Read back: the default first, then the dated one.
  v1::ListSchedulesRequest list;
  list.set_consultant(consultant);
  auto schedules = logic_.ListSchedules(Admin(), list);
  ASSERT_TRUE(schedules.ok()) << schedules.status();
  ASSERT_EQ(schedules->schedules_size(), 2);
  EXPECT_EQ(schedules->schedules(0).name(), "default");
  EXPECT_FALSE(schedules->schedules(0).has_effective_from());
  EXPECT_EQ(schedules->schedules(0).rules_size(), 5);  // one per weekday
  EXPECT_EQ(schedules->schedules(1).name(), "winter-break");
  EXPECT_EQ(schedules->schedules(1).effective_until().day(), 10);
  ASSERT_EQ(schedules->schedules(1).rules_size(), 1);
  EXPECT_EQ(schedules->schedules(1).rules(0).hours().start().hours(), 10);
  // Another citizen's or centre's caller may not read them.
  EXPECT_EQ(logic_.ListSchedules(Staff("wirye"), list).status().code(),
            StatusCode::kPermissionDenied);
  // Set with no rules: removed, the default applies again.
  ASSERT_TRUE(
      SetDated(consultant, "winter-break", kMonday, kMonday + 6, 0, 0).ok());
  EXPECT_EQ(Starts(consultant, kMonday).size(), 17u);
}

TEST_F(SchedulesTest, DatedSchedulesNeverOverlapAndBadInputIsNamed) {
  std::string consultant = AddConsultant(1);
  ASSERT_TRUE(SetDated(consultant, "spring", kMonday, kMonday + 30).ok());
  auto overlap = SetDated(consultant, "exams", kMonday + 30, kMonday + 40);
  EXPECT_EQ(overlap.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(common::ReasonOf(overlap.status()), "SCHEDULES_OVERLAP");
  // Changing a schedule's own days is no overlap with itself.
  EXPECT_TRUE(SetDated(consultant, "spring", kMonday + 1, kMonday + 29).ok());
  EXPECT_TRUE(SetDated(consultant, "exams", kMonday + 30, kMonday + 40).ok());
  auto bad_name = SetDated(consultant, "Spring Term", kMonday, kMonday);
  EXPECT_EQ(bad_name.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FirstViolation(bad_name.status()).first, "schedule");
  auto backwards = SetDated(consultant, "late", kMonday + 90, kMonday + 80);
  EXPECT_EQ(FirstViolation(backwards.status()).first, "effective_until");
  v1::SetWeeklyRulesRequest dated_default;
  dated_default.set_request_id("dated-default");
  dated_default.set_consultant(consultant);
  *dated_default.mutable_effective_from() = DateOf(kMonday);
  auto refused = logic_.SetWeeklyRules(Admin(), dated_default);
  EXPECT_EQ(FirstViolation(refused.status()).second,
            "NOT_FOR_DEFAULT_SCHEDULE");
}

}  // namespace
}  // namespace lifelong::consulting
