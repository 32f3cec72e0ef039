#include "services/community/recurrence.h"

#include <libical/ical.h>

#include <algorithm>
#include <mutex>

#include "common/errors.h"

namespace lifelong::community {
namespace {

// libical's zone cache and error state are process-wide.
std::mutex& IcalMutex() {
  static std::mutex mu;
  return mu;
}

icaltimezone* Seoul() {
  static icaltimezone* zone = icaltimezone_get_builtin_timezone(kSeoulZone);
  return zone;
}

absl::Status Invalid(const std::string& reason, const std::string& message) {
  return common::Error(absl::StatusCode::kInvalidArgument, reason, message);
}

bool ValidDay(const LocalDay& d) {
  if (d.year < 1970 || d.year > 2200 || d.month < 1 || d.month > 12 ||
      d.day < 1) {
    return false;
  }
  return d.day <= icaltime_days_in_month(d.month, d.year);
}

icaltimetype LocalTime(const LocalDay& date, int minute) {
  icaltimetype t = icaltime_null_time();
  t.year = date.year;
  t.month = date.month;
  t.day = date.day;
  t.hour = minute / 60;
  t.minute = minute % 60;
  t.second = 0;
  t.is_date = 0;
  return t;
}

}  // namespace

absl::StatusOr<int64_t> SeoulToUtc(const LocalDay& date, int minute) {
  if (!ValidDay(date) || minute < 0 || minute >= 24 * 60) {
    return Invalid("INVALID_DATE", "not a calendar date and time");
  }
  std::lock_guard<std::mutex> lock(IcalMutex());
  if (Seoul() == nullptr) {
    return common::Error(absl::StatusCode::kInternal, "TIMEZONE_MISSING",
                         "libical has no Asia/Seoul zone");
  }
  return static_cast<int64_t>(
      icaltime_as_timet_with_zone(LocalTime(date, minute), Seoul()));
}

LocalDay SeoulDateOf(int64_t utc_seconds) {
  // Asia/Seoul has kept UTC+9 without daylight saving since 1988.
  std::lock_guard<std::mutex> lock(IcalMutex());
  icaltimetype t = icaltime_from_timet_with_zone(
      static_cast<time_t>(utc_seconds), 0, Seoul());
  return {t.year, t.month, t.day};
}

absl::StatusOr<std::vector<Occurrence>> ExpandRecurrence(
    const RecurrenceSpec& spec) {
  if (!ValidDay(spec.first_date) || spec.start_minute < 0 ||
      spec.start_minute >= 24 * 60) {
    return Invalid("RRULE_INVALID", "the first date or start time is invalid");
  }
  if (spec.duration_minutes < 1 || spec.duration_minutes > 24 * 60) {
    return Invalid("RRULE_INVALID", "duration must be 1 to 1440 minutes");
  }
  if (spec.rrule.empty() || spec.rrule.size() > 500 ||
      spec.rrule.rfind("RRULE:", 0) == 0) {
    return Invalid("RRULE_INVALID",
                   "an RRULE value (without \"RRULE:\") is required");
  }
  std::vector<LocalDay> dates;
  {
    std::lock_guard<std::mutex> lock(IcalMutex());
    icalerror_clear_errno();
    icalrecurrencetype rule =
        icalrecurrencetype_from_string(spec.rrule.c_str());
    if (rule.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
      icalerror_clear_errno();
      return Invalid("RRULE_INVALID", "the RRULE does not parse");
    }
    if (rule.count == 0 && icaltime_is_null_time(rule.until)) {
      return Invalid("RRULE_TOO_MANY_OCCURRENCES",
                     "the RRULE must be bounded by COUNT or UNTIL");
    }
    icalrecur_iterator* it = icalrecur_iterator_new(
        rule, LocalTime(spec.first_date, spec.start_minute));
    if (it == nullptr) {
      icalerror_clear_errno();
      return Invalid("RRULE_INVALID", "libical cannot expand the RRULE");
    }
    // Exceptions do not count towards the maximum, so read enough past it.
    size_t limit =
        static_cast<size_t>(spec.max_occurrences) + spec.exceptions.size() + 1;
    for (icaltimetype t = icalrecur_iterator_next(it);
         !icaltime_is_null_time(t) && dates.size() < limit;
         t = icalrecur_iterator_next(it)) {
      dates.push_back({t.year, t.month, t.day});
    }
    icalrecur_iterator_free(it);
  }
  std::vector<Occurrence> occurrences;
  for (const LocalDay& d : dates) {
    if (std::find(spec.exceptions.begin(), spec.exceptions.end(), d) !=
        spec.exceptions.end()) {
      continue;
    }
    absl::StatusOr<int64_t> start = SeoulToUtc(d, spec.start_minute);
    if (!start.ok()) return start.status();
    occurrences.push_back(
        {d, *start, *start + int64_t{spec.duration_minutes} * 60});
  }
  if (static_cast<int>(occurrences.size()) > spec.max_occurrences) {
    return Invalid("RRULE_TOO_MANY_OCCURRENCES",
                   "the RRULE gives more than " +
                       std::to_string(spec.max_occurrences) + " occurrences");
  }
  if (occurrences.empty()) {
    return Invalid("RRULE_INVALID", "the RRULE gives no occurrence");
  }
  return occurrences;
}

std::vector<OccurrenceTimes> MoveOccurrences(
    const std::vector<OccurrenceTimes>& series, const std::string& target,
    int64_t new_start, int64_t new_end, bool following) {
  auto it =
      std::find_if(series.begin(), series.end(),
                   [&](const OccurrenceTimes& o) { return o.id == target; });
  if (it == series.end()) return {};
  const int64_t start_shift = new_start - it->start;
  const int64_t end_shift = new_end - it->end;
  std::vector<OccurrenceTimes> moved;
  for (const OccurrenceTimes& o : series) {
    bool hit = o.id == target || (following && o.start > it->start);
    if (!hit) continue;
    OccurrenceTimes m{o.id, o.start + start_shift, o.end + end_shift};
    if (!(m == o)) moved.push_back(m);
  }
  std::sort(moved.begin(), moved.end(),
            [](const OccurrenceTimes& a, const OccurrenceTimes& b) {
              return a.start < b.start;
            });
  return moved;
}

}  // namespace lifelong::community
