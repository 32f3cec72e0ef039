#include "services/consulting/schedule_validation.h"

#include <algorithm>

namespace lifelong::consulting {
namespace {

// Minutes from midnight, or -1 when not a time of day (24:00 allowed only
// as an end).
int MinuteOf(const lifelong::types::v1::LocalTime& t, bool end) {
  if (t.hours() == 24 && t.minutes() == 0 && end) return 1440;
  if (t.hours() < 0 || t.hours() > 23 || t.minutes() < 0 || t.minutes() > 59) {
    return -1;
  }
  return t.hours() * 60 + t.minutes();
}

bool Overlap(const Window& a, const Window& b) {
  return a.start < b.end && b.start < a.end;
}

}  // namespace

int DayOf(const lifelong::types::v1::LocalDate& d) {
  return DayNumber(d.year(), d.month(), d.day());
}

lifelong::types::v1::LocalDate DateOf(int day) {
  lifelong::types::v1::LocalDate d;
  int y, m, dd;
  CivilDate(day, y, m, dd);
  d.set_year(y);
  d.set_month(m);
  d.set_day(dd);
  return d;
}

bool ValidDate(const lifelong::types::v1::LocalDate& d) {
  if (d.year() < 2000 || d.year() > 2100 || d.month() < 1 || d.month() > 12 ||
      d.day() < 1 || d.day() > 31) {
    return false;
  }
  int y, m, day;
  CivilDate(DayOf(d), y, m, day);
  return y == d.year() && m == d.month() && day == d.day();
}

bool CheckDateRange(const lifelong::types::v1::LocalDate& first,
                    const lifelong::types::v1::LocalDate& last,
                    const std::string& first_field,
                    const std::string& last_field, int max_days,
                    common::FieldViolations& v) {
  bool ok = true;
  if (!ValidDate(first)) {
    v.Add(first_field, "INVALID_DATE", "a calendar date is required");
    ok = false;
  }
  if (!ValidDate(last)) {
    v.Add(last_field, "INVALID_DATE", "a calendar date is required");
    ok = false;
  }
  if (!ok) return false;
  int span = DayOf(last) - DayOf(first);
  if (span < 0) {
    v.Add(last_field, "END_BEFORE_START", "ends before it starts");
    return false;
  }
  if (span + 1 > max_days) {
    v.Add(last_field, "RANGE_TOO_LONG",
          "at most " + std::to_string(max_days) + " days");
    return false;
  }
  return true;
}

Window CheckWindow(const v1::TimeWindow& window, const std::string& field,
                   common::FieldViolations& v) {
  Window w{MinuteOf(window.start(), false), MinuteOf(window.end(), true)};
  if (w.start < 0) v.Add(field + ".start", "INVALID_TIME", "00:00 to 23:59");
  if (w.end < 0) v.Add(field + ".end", "INVALID_TIME", "00:00 to 24:00");
  if (w.start >= 0 && w.end >= 0 && w.end <= w.start) {
    v.Add(field + ".end", "END_BEFORE_START", "ends before it starts");
  }
  return w;
}

std::vector<Window> CheckWindows(
    const google::protobuf::RepeatedPtrField<v1::TimeWindow>& windows,
    const std::string& field, common::FieldViolations& v) {
  std::vector<Window> out;
  for (int i = 0; i < windows.size(); ++i) {
    std::string name = field + "[" + std::to_string(i) + "]";
    Window w = CheckWindow(windows[i], name, v);
    for (const Window& earlier : out) {
      if (Overlap(w, earlier)) {
        v.Add(name, "OVERLAPPING_WINDOWS", "overlaps an earlier window");
      }
    }
    out.push_back(w);
  }
  std::sort(out.begin(), out.end(),
            [](const Window& a, const Window& b) { return a.start < b.start; });
  return out;
}

std::vector<WeeklyRule> CheckWeeklyRules(
    const google::protobuf::RepeatedPtrField<v1::WeeklyRule>& rules,
    common::FieldViolations& v) {
  std::vector<WeeklyRule> out;
  for (int i = 0; i < rules.size(); ++i) {
    const v1::WeeklyRule& rule = rules[i];
    std::string name = "rules[" + std::to_string(i) + "]";
    if (rule.days().empty()) {
      v.Add(name + ".days", "REQUIRED", "at least one day, 1 to 7");
    }
    Window hours = CheckWindow(rule.hours(), name + ".hours", v);
    std::vector<Window> breaks =
        CheckWindows(rule.breaks(), name + ".breaks", v);
    for (size_t b = 0; b < breaks.size(); ++b) {
      if (breaks[b].start < hours.start || breaks[b].end > hours.end) {
        v.Add(name + ".breaks", "BREAK_OUTSIDE_HOURS",
              "a break lies inside the rule's hours");
      }
    }
    for (int day : rule.days()) {
      if (day < 1 || day > 7) {
        v.Add(name + ".days", "INVALID_DAY", "ISO days 1 (Monday) to 7");
        continue;
      }
      for (const WeeklyRule& earlier : out) {
        if (earlier.iso_weekday == day && Overlap(earlier.hours, hours)) {
          v.Add(name + ".hours", "OVERLAPPING_RULES",
                "overlaps another rule on day " + std::to_string(day));
        }
      }
      out.push_back({day, hours, breaks});
    }
  }
  return out;
}

}  // namespace lifelong::consulting
