// A series' occurrences from an RFC 5545 RRULE in Asia/Seoul wall-clock
// time, expanded by libical (not by hand), and the edits an organiser makes
// to them. Pure: no database.
//
// Expansion: DTSTART is the first local date at the local start time (a
// floating time in Asia/Seoul); libical yields the local dates of the rule;
// dates in `exceptions` (EXDATE: a skipped week) are dropped; each remaining
// date becomes [start, start + duration) converted to UTC with libical's
// Asia/Seoul zone. The rule must be bounded (COUNT or UNTIL) and give at
// most `max_occurrences` dates after the exceptions are dropped.
//
//   absl::StatusOr<std::vector<Occurrence>> dates = ExpandRecurrence(
//       {"FREQ=WEEKLY;BYDAY=TU;COUNT=12", {2027, 3, 2}, 19 * 60, 120,
//        {{2027, 3, 16}}, 200});
//
// Errors (all INVALID_ARGUMENT: bad input): RRULE_INVALID (does not parse,
// a bad first date, time or duration, no occurrence at all);
// RRULE_TOO_MANY_OCCURRENCES (unbounded, or over the maximum).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace lifelong::community {

inline constexpr char kSeoulZone[] = "Asia/Seoul";

struct LocalDay {
  int year = 0;
  int month = 0;  // 1-12
  int day = 0;    // 1-31
  bool operator==(const LocalDay& o) const {
    return year == o.year && month == o.month && day == o.day;
  }
};

struct RecurrenceSpec {
  std::string rrule;  // "FREQ=WEEKLY;BYDAY=TU;COUNT=12" (no "RRULE:")
  LocalDay first_date;
  int start_minute = 0;  // local minutes after midnight, 0-1439
  int duration_minutes = 60;
  std::vector<LocalDay> exceptions;
  int max_occurrences = 200;
};

struct Occurrence {
  LocalDay date;
  int64_t start = 0;  // UTC seconds
  int64_t end = 0;
};

absl::StatusOr<std::vector<Occurrence>> ExpandRecurrence(
    const RecurrenceSpec& spec);

// UTC seconds of a local Asia/Seoul date and minute of the day.
absl::StatusOr<int64_t> SeoulToUtc(const LocalDay& date, int minute);
// The local Asia/Seoul date of a UTC instant.
LocalDay SeoulDateOf(int64_t utc_seconds);

// One occurrence of a series and its times.
struct OccurrenceTimes {
  std::string id;
  int64_t start = 0;
  int64_t end = 0;
  bool operator==(const OccurrenceTimes& o) const {
    return id == o.id && start == o.start && end == o.end;
  }
};

// Moving one occurrence to [new_start, new_end): with `following`, every
// later occurrence of the series (by start) moves by the same amounts (its
// start by new_start - old start, its end by new_end - old end), so "every
// Tuesday from now on at 20:00 instead of 19:00" is one edit. Returns the
// occurrences whose times change, in order; empty when `target` is not in
// `series`.
std::vector<OccurrenceTimes> MoveOccurrences(
    const std::vector<OccurrenceTimes>& series, const std::string& target,
    int64_t new_start, int64_t new_end, bool following);

}  // namespace lifelong::community
