// Which consulting slots are free: a pure function of loaded facts (rules,
// overrides, closures, out-of-office periods, session types, bookings and
// holds) and the time now. No database, no clock: ListAvailableSlots, and
// HoldSlot/BookSlot (through CheckSlot) call it inside their transaction
// with the facts they loaded, and the unit tests call it on a fake clock.
//
//   Facts facts = ...;  // loaded
//   std::vector<Slot> free = ComputeSlots(facts, {first_day, last_day, ""});
//   SlotVerdict v = CheckSlot(facts, consultant, session_type, start);
//
// Time. Availability is stored as local wall-clock rules in Asia/Seoul and
// turned into instants only here. Korea has kept UTC+9 all year since 1988
// (no daylight-saving time), so a local minute maps to exactly one instant:
// instant = (day * 1440 + minute) * 60 - 9 h. A `day` is a local date
// counted in days since 1970-01-01 (DayNumber); overrides, out-of-office
// periods and closures are whole local days, never UTC ranges, so a day off
// covers 00:00-24:00 Seoul time whatever the UTC date.
//
// The algorithm, for each consultant (the one asked for, or every one of
// the session types' centres), each session type of their centre and each
// local day in the range:
//   1. a day inside a closure of the centre or of the city (public
//      holidays) has no slots;
//   2. a day inside the consultant's out-of-office period has none; when a
//      specific consultant was asked for and the period names a colleague,
//      the colleague's slots of that day are offered instead, marked
//      redirected_from;
//   3. the day's windows are its date override if there is one (none: a
//      day off), else the weekly rules of its ISO weekday minus their
//      breaks, from the dated schedule that covers the day if one does,
//      else from the default schedule;
//   4. starts fall every grid minutes from each window's start while the
//      session fits in the window (buffers may lie outside it);
//   5. a start earlier than now + minimum notice, or later than now +
//      horizon, is dropped;
//   6. a day whose bookings of the type for this consultant reached
//      cap_per_day, or whose ISO week reached cap_per_week, has no more
//      slots (seats of one group occurrence count once);
//   7. a start whose time plus buffers [start - before, end + after)
//      overlaps a held, pending or confirmed booking's (which includes its
//      buffers) is taken — except, for a group session type, its own
//      occurrence, which is offered while it has seats left.
// The database's exclusion constraint enforces rule 7 for whatever slips
// between loading and writing; this function decides what to offer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifelong::consulting {

inline constexpr int64_t kSeoulUtcOffsetSeconds = 9 * 3600;

// Days since 1970-01-01 of a proleptic Gregorian date.
int DayNumber(int year, int month, int day);
void CivilDate(int day_number, int& year, int& month, int& day);
// 1 (Monday) to 7 (Sunday).
int IsoWeekday(int day_number);
// The Monday of the day's ISO week.
int WeekStart(int day_number);
// The instant (UTC seconds) of a local Seoul minute.
int64_t InstantOf(int day_number, int minute_of_day);
// The local Seoul day of an instant.
int LocalDayOf(int64_t instant);
// "YYYY-MM-DD".
std::string DateText(int day_number);

// [start, end) in minutes from local midnight; end may be 1440.
struct Window {
  int start = 0;
  int end = 0;
  bool operator==(const Window& o) const {
    return start == o.start && end == o.end;
  }
};

struct WeeklyRule {
  int iso_weekday = 1;
  Window hours;
  std::vector<Window> breaks;
};

struct OutOfOffice {
  int first_day = 0;
  int last_day = 0;
  std::string colleague;  // consultant id, or empty
};

// A schedule that replaces the default weekly rules on the local days
// [first_day, last_day] (a term, the summer).
struct DatedSchedule {
  int first_day = 0;
  int last_day = 0;
  std::vector<WeeklyRule> weekly;
};

struct Consultant {
  std::string id;
  std::string centre;
  // The default schedule: whenever no dated schedule applies.
  std::vector<WeeklyRule> weekly;
  // Never overlapping one another.
  std::vector<DatedSchedule> dated;
  // Local day -> that day's windows (empty: a day off).
  std::map<int, std::vector<Window>> overrides;
  std::vector<OutOfOffice> away;
};

struct Closure {
  std::string centre;  // empty: city-wide
  int first_day = 0;
  int last_day = 0;
};

struct SessionTypeRules {
  std::string id;
  std::string centre;
  int length_minutes = 60;
  int grid_minutes = 30;
  int buffer_before_minutes = 0;
  int buffer_after_minutes = 0;
  int minimum_notice_minutes = 0;
  int horizon_days = 60;
  int cap_per_day = 0;   // 0: no cap
  int cap_per_week = 0;  // 0: no cap
  int seats = 1;
};

// A held (not lapsed), pending or confirmed booking.
struct Booked {
  std::string consultant;
  std::string session_type;
  int64_t start = 0;
  int64_t end = 0;
  // [occupied_start, occupied_end): its time with its buffers.
  int64_t occupied_start = 0;
  int64_t occupied_end = 0;
  // The booking's id (1:1) or OccupancyOf(type, start) (group seats).
  std::string occupancy;
};

struct Facts {
  int64_t now = 0;  // UTC seconds
  std::vector<SessionTypeRules> session_types;
  std::vector<Consultant> consultants;
  std::vector<Closure> closures;
  std::vector<Booked> booked;
};

struct SlotQuery {
  int first_day = 0;  // local days, inclusive
  int last_day = 0;
  std::string consultant;  // empty: every consultant in the facts
  // Only these session types; empty: every one in the facts.
  std::vector<std::string> session_types;
  // The time now, when the facts are shared between requests (a snapshot);
  // unset: facts.now.
  std::optional<int64_t> now;
  // "Any consultant": one slot per (start, session type) with the
  // consultant left empty, free_consultants counting who is free then and
  // seats_left summed.
  bool any_consultant = false;
};

// The ids are views into the Facts the slot was computed from: valid while
// those facts live (slots are many, and copying ids made search slow).
struct Slot {
  std::string_view consultant;
  std::string_view session_type;
  std::string_view centre;
  int64_t start = 0;
  int64_t end = 0;
  int seats_left = 1;
  std::string_view redirected_from;
  // Any-consultant searches: how many consultants are free then.
  int free_consultants = 1;
};

// The key that lets seats of one group occurrence share the consultant's
// time: "<session type>@<start>".
std::string OccupancyOf(const std::string& session_type, int64_t start);

// Free slots ordered by start, then by consultant and session type in the
// order the facts list them (any consultant: by start, then session type).
std::vector<Slot> ComputeSlots(const Facts& facts, const SlotQuery& query);

enum class SlotVerdict {
  kFree,
  kUnknownSessionType,
  kUnknownConsultant,
  kInsideMinimumNotice,
  kBeyondHorizon,
  kCentreClosed,
  kConsultantAway,
  kOutsideAvailability,
  kNotOnGrid,
  kCapReached,
  kTaken,
};

// Why `start` of `session_type` with `consultant` can or cannot be booked.
// (A full group occurrence is kTaken.)
SlotVerdict CheckSlot(const Facts& facts, const std::string& consultant,
                      const std::string& session_type, int64_t start);
// Whether the consultant works through [start, end) by their hours alone
// (not away, their centre not closed, inside one window of the day): for
// moving a booking to them, when notice, grid and caps are not the point.
// kFree, kUnknownConsultant, kCentreClosed, kConsultantAway or
// kOutsideAvailability.
SlotVerdict CheckHours(const Facts& facts, const std::string& consultant,
                       int64_t start, int64_t end);

// The stable reason of a verdict ("SLOT_TAKEN", "INSIDE_MINIMUM_NOTICE").
const char* ReasonOf(SlotVerdict verdict);

// For "any consultant": one of the consultants free at the slot.
struct PickCandidate {
  std::string consultant;
  // Held, pending and confirmed bookings in the slot's ISO week.
  int load = 0;
  // UTC seconds of their last round-robin assignment (0: never).
  int64_t last_assigned = 0;
};
struct Pick {
  size_t index = 0;
  std::string why;  // "least load: 2 bookings this week among 3 free"
};
// Round robin weighted by load: the least loaded; among equals the one
// assigned longest ago; then the smallest id (so the pick is reproducible).
// `candidates` must not be empty.
Pick PickFairly(const std::vector<PickCandidate>& candidates);

}  // namespace lifelong::consulting
