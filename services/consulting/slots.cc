#include "services/consulting/slots.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <tuple>
#include <unordered_map>

namespace lifelong::consulting {
namespace {

const SessionTypeRules* FindType(const Facts& facts, const std::string& id) {
  for (const SessionTypeRules& t : facts.session_types) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const Consultant* FindConsultant(const Facts& facts, const std::string& id) {
  for (const Consultant& c : facts.consultants) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

bool Closed(const Facts& facts, const std::string& centre, int day) {
  for (const Closure& c : facts.closures) {
    if ((c.centre.empty() || c.centre == centre) && c.first_day <= day &&
        day <= c.last_day) {
      return true;
    }
  }
  return false;
}

const OutOfOffice* AwayOn(const Consultant& c, int day) {
  for (const OutOfOffice& a : c.away) {
    if (a.first_day <= day && day <= a.last_day) return &a;
  }
  return nullptr;
}

// The rule's hours minus its breaks.
void AddWithoutBreaks(const WeeklyRule& rule, std::vector<Window>& out) {
  std::vector<Window> breaks = rule.breaks;
  std::sort(breaks.begin(), breaks.end(),
            [](const Window& a, const Window& b) { return a.start < b.start; });
  int from = rule.hours.start;
  for (const Window& b : breaks) {
    int cut_start = std::max(b.start, rule.hours.start);
    int cut_end = std::min(b.end, rule.hours.end);
    if (cut_end <= cut_start) continue;
    if (cut_start > from) out.push_back({from, cut_start});
    from = std::max(from, cut_end);
  }
  if (rule.hours.end > from) out.push_back({from, rule.hours.end});
}

std::vector<Window> WindowsOn(const Consultant& c, int day) {
  auto override_it = c.overrides.find(day);
  if (override_it != c.overrides.end()) return override_it->second;
  const std::vector<WeeklyRule>* weekly = &c.weekly;
  for (const DatedSchedule& d : c.dated) {
    if (d.first_day <= day && day <= d.last_day) weekly = &d.weekly;
  }
  std::vector<Window> windows;
  int weekday = IsoWeekday(day);
  for (const WeeklyRule& rule : *weekly) {
    if (rule.iso_weekday == weekday) AddWithoutBreaks(rule, windows);
  }
  std::sort(windows.begin(), windows.end(),
            [](const Window& a, const Window& b) { return a.start < b.start; });
  return windows;
}

// The bookings that matter to one computation, by consultant: those
// whose time (buffers included) or start falls in [from, to).
using BookedIndex = std::unordered_map<std::string, std::vector<const Booked*>>;

BookedIndex IndexOf(const Facts& facts, int64_t from, int64_t to) {
  BookedIndex index;
  for (const Booked& b : facts.booked) {
    bool overlaps = b.occupied_start < to && from < b.occupied_end;
    bool starts_in = from <= b.start && b.start < to;
    if (overlaps || starts_in) index[b.consultant].push_back(&b);
  }
  return index;
}

// The span an index must cover for days [first, last]: whole ISO weeks (for
// the weekly caps) and a day more on each side (for buffers).
std::pair<int64_t, int64_t> SpanOf(int first_day, int last_day) {
  return {InstantOf(WeekStart(first_day), 0) - 86400,
          InstantOf(WeekStart(last_day) + 7, 0) + 86400};
}

const std::vector<const Booked*>& BookedOf(const BookedIndex& index,
                                           const std::string& consultant) {
  static const std::vector<const Booked*> kNone;
  auto it = index.find(consultant);
  return it == index.end() ? kNone : it->second;
}

// Occurrences (distinct occupancy) of the type among the consultant's
// bookings on the local day, and in the ISO week of that day.
std::pair<int, int> CountsFor(const std::vector<const Booked*>& booked,
                              const std::string& type, int day) {
  // Seats of one group occurrence share an occupancy: count it once.
  std::vector<std::string_view> on_day, in_week;
  auto add = [](std::vector<std::string_view>& seen, std::string_view o) {
    if (std::find(seen.begin(), seen.end(), o) == seen.end()) {
      seen.push_back(o);
    }
  };
  int week = WeekStart(day);
  for (const Booked* b : booked) {
    if (b->session_type != type) continue;
    int d = LocalDayOf(b->start);
    if (d == day) add(on_day, b->occupancy);
    if (WeekStart(d) == week) add(in_week, b->occupancy);
  }
  return {static_cast<int>(on_day.size()), static_cast<int>(in_week.size())};
}

bool CapReached(const std::vector<const Booked*>& booked,
                const SessionTypeRules& t, int day) {
  if (t.cap_per_day <= 0 && t.cap_per_week <= 0) return false;
  auto [on_day, in_week] = CountsFor(booked, t.id, day);
  return (t.cap_per_day > 0 && on_day >= t.cap_per_day) ||
         (t.cap_per_week > 0 && in_week >= t.cap_per_week);
}

// Seats left at `start` (0: taken), given the consultant's bookings.
int SeatsLeft(const std::vector<const Booked*>& booked,
              const SessionTypeRules& t, int64_t start) {
  int64_t end = start + t.length_minutes * 60LL;
  int64_t occupied_start = start - t.buffer_before_minutes * 60LL;
  int64_t occupied_end = end + t.buffer_after_minutes * 60LL;
  std::string own;  // the group occurrence's occupancy, once needed
  int seats_taken = 0;
  for (const Booked* b : booked) {
    if (b->occupied_start >= occupied_end ||
        occupied_start >= b->occupied_end) {
      continue;
    }
    if (t.seats > 1) {
      if (own.empty()) own = OccupancyOf(t.id, start);
      if (b->occupancy == own) {
        ++seats_taken;
        continue;
      }
    }
    return 0;
  }
  return std::max(0, t.seats - seats_taken);
}

bool NoticeOk(int64_t now, const SessionTypeRules& t, int64_t start) {
  return start >= now + t.minimum_notice_minutes * 60LL;
}

bool HorizonOk(int64_t now, const SessionTypeRules& t, int64_t start) {
  return start <= now + t.horizon_days * 86400LL;
}

// A free start before it becomes a Slot: small, so that a day's
// candidates sort fast. Consultants and session types are indexes into
// the facts.
struct Candidate {
  int64_t start;
  uint32_t order;  // position of the consultant asked for in the search
  uint32_t consultant;
  uint32_t type;
  int32_t seats;
  int32_t redirected_from;   // consultant index, or -1
  int32_t free_consultants;  // after merging for "any consultant"
};

// The day's free starts of one session type in the consultant's windows;
// `booked` are the consultant's bookings.
void FreeStarts(const std::vector<const Booked*>& booked, int64_t now,
                const SessionTypeRules& t, int day,
                const std::vector<Window>& windows, Candidate base,
                std::vector<Candidate>& out) {
  // Nothing of the day can be booked: skip it before any other work.
  if (!HorizonOk(now, t, InstantOf(day, 0))) return;
  if (!NoticeOk(now, t, InstantOf(day + 1, 0))) return;
  if (windows.empty() || CapReached(booked, t, day)) return;
  for (const Window& w : windows) {
    for (int m = w.start; m + t.length_minutes <= w.end; m += t.grid_minutes) {
      int64_t start = InstantOf(day, m);
      if (!NoticeOk(now, t, start)) continue;
      if (!HorizonOk(now, t, start)) break;
      int seats = SeatsLeft(booked, t, start);
      if (seats <= 0) continue;
      base.start = start;
      base.seats = seats;
      out.push_back(base);
    }
  }
}

// Orders one day's candidates (from `begin`, all starting on `day`) by
// start, keeping the order they were found in (consultant, then session
// type) among equal starts: a counting sort by minute of the day, as a
// day has at most 1,440 starts. For "any consultant" the candidates of one
// (start, session type) are then merged, in session type order.
void OrderDay(std::vector<Candidate>& c, size_t begin, int day,
              bool any_consultant) {
  size_t n = c.size() - begin;
  if (n == 0) return;
  int64_t midnight = InstantOf(day, 0);
  std::array<uint32_t, 1441> first{};  // first[m + 1]: how many start at m
  for (size_t i = begin; i < c.size(); ++i) {
    ++first[(c[i].start - midnight) / 60 + 1];
  }
  for (size_t m = 1; m < first.size(); ++m) first[m] += first[m - 1];
  std::vector<Candidate> sorted(n);
  for (size_t i = begin; i < c.size(); ++i) {
    sorted[first[(c[i].start - midnight) / 60]++] = c[i];
  }
  c.resize(begin);
  for (size_t i = 0; i < n; ++i) {
    const Candidate& f = sorted[i];
    if (!any_consultant) {
      c.push_back(f);
      continue;
    }
    // The merged entries of this start are at the end, in type order.
    size_t at = c.size();
    while (at > begin && c[at - 1].start == f.start &&
           c[at - 1].type > f.type) {
      --at;
    }
    if (at > begin && c[at - 1].start == f.start && c[at - 1].type == f.type) {
      c[at - 1].free_consultants += 1;
      c[at - 1].seats += f.seats;
    } else {
      c.insert(c.begin() + static_cast<std::ptrdiff_t>(at), f);
    }
  }
}

}  // namespace

int DayNumber(int y, int m, int d) {
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void CivilDate(int z, int& year, int& month, int& day) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe) + era * 400 + (month <= 2);
}

int IsoWeekday(int day_number) {
  // 1970-01-01 was a Thursday (4).
  int r = (day_number + 3) % 7;
  if (r < 0) r += 7;
  return r + 1;
}

int WeekStart(int day_number) {
  return day_number - (IsoWeekday(day_number) - 1);
}

int64_t InstantOf(int day_number, int minute_of_day) {
  return (static_cast<int64_t>(day_number) * 1440 + minute_of_day) * 60 -
         kSeoulUtcOffsetSeconds;
}

int LocalDayOf(int64_t instant) {
  int64_t local = instant + kSeoulUtcOffsetSeconds;
  int64_t day = local / 86400;
  if (local % 86400 < 0) --day;
  return static_cast<int>(day);
}

std::string DateText(int day_number) {
  int y, m, d;
  CivilDate(day_number, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string OccupancyOf(const std::string& session_type, int64_t start) {
  return session_type + "@" + std::to_string(start);
}

std::vector<Slot> ComputeSlots(const Facts& facts, const SlotQuery& query) {
  int64_t now = query.now.value_or(facts.now);
  auto [from, to] = SpanOf(query.first_day, query.last_day);
  BookedIndex index = IndexOf(facts, from, to);
  // Each consultant asked for, with their centre's session types asked for
  // and their bookings, looked up once.
  struct Searched {
    uint32_t consultant;
    std::vector<uint32_t> types;
    const std::vector<const Booked*>* booked;
  };
  std::vector<Searched> searched;
  for (uint32_t ci = 0; ci < facts.consultants.size(); ++ci) {
    const Consultant& c = facts.consultants[ci];
    if (!query.consultant.empty() && c.id != query.consultant) continue;
    Searched s{ci, {}, &BookedOf(index, c.id)};
    for (uint32_t ti = 0; ti < facts.session_types.size(); ++ti) {
      const SessionTypeRules& t = facts.session_types[ti];
      if (t.centre != c.centre) continue;
      if (!query.session_types.empty() &&
          std::find(query.session_types.begin(), query.session_types.end(),
                    t.id) == query.session_types.end()) {
        continue;
      }
      s.types.push_back(ti);
    }
    if (!s.types.empty()) searched.push_back(std::move(s));
  }
  std::vector<Candidate> free;
  free.reserve(1024);
  for (int day = query.first_day; day <= query.last_day; ++day) {
    size_t day_begin = free.size();
    for (uint32_t order = 0; order < searched.size(); ++order) {
      const Searched& s = searched[order];
      const Consultant& c = facts.consultants[s.consultant];
      const OutOfOffice* away = AwayOn(c, day);
      if (away != nullptr && !query.consultant.empty() &&
          !away->colleague.empty()) {
        // Redirected: the colleague's slots of the day.
        for (uint32_t ci = 0; ci < facts.consultants.size(); ++ci) {
          const Consultant& colleague = facts.consultants[ci];
          if (colleague.id != away->colleague ||
              AwayOn(colleague, day) != nullptr ||
              Closed(facts, colleague.centre, day)) {
            continue;
          }
          std::vector<Window> windows = WindowsOn(colleague, day);
          const std::vector<const Booked*>& booked =
              BookedOf(index, colleague.id);
          for (uint32_t ti : s.types) {
            FreeStarts(
                booked, now, facts.session_types[ti], day, windows,
                {0, order, ci, ti, 0, static_cast<int32_t>(s.consultant), 1},
                free);
          }
        }
        continue;
      }
      if (away != nullptr || Closed(facts, c.centre, day)) continue;
      // The day's windows once for every session type.
      std::vector<Window> windows = WindowsOn(c, day);
      if (windows.empty()) continue;
      for (uint32_t ti : s.types) {
        FreeStarts(*s.booked, now, facts.session_types[ti], day, windows,
                   {0, order, s.consultant, ti, 0, -1, 1}, free);
      }
    }
    OrderDay(free, day_begin, day, query.any_consultant);
  }
  std::vector<Slot> slots;
  slots.reserve(free.size());
  for (const Candidate& f : free) {
    const SessionTypeRules& t = facts.session_types[f.type];
    const Consultant& c = facts.consultants[f.consultant];
    Slot slot;
    slot.session_type = t.id;
    slot.centre = c.centre;
    slot.start = f.start;
    slot.end = f.start + t.length_minutes * 60LL;
    slot.seats_left = f.seats;
    if (query.any_consultant) {
      slot.free_consultants = f.free_consultants;
    } else {
      slot.consultant = c.id;
      if (f.redirected_from >= 0) {
        slot.redirected_from = facts.consultants[f.redirected_from].id;
      }
    }
    slots.push_back(slot);
  }
  return slots;
}

SlotVerdict CheckSlot(const Facts& facts, const std::string& consultant,
                      const std::string& session_type, int64_t start) {
  const SessionTypeRules* t = FindType(facts, session_type);
  if (t == nullptr) return SlotVerdict::kUnknownSessionType;
  const Consultant* c = FindConsultant(facts, consultant);
  if (c == nullptr) return SlotVerdict::kUnknownConsultant;
  if (!NoticeOk(facts.now, *t, start)) {
    return SlotVerdict::kInsideMinimumNotice;
  }
  if (!HorizonOk(facts.now, *t, start)) return SlotVerdict::kBeyondHorizon;
  int day = LocalDayOf(start);
  auto [from, to] = SpanOf(day, day);
  BookedIndex index = IndexOf(facts, from, to);
  if (Closed(facts, c->centre, day)) return SlotVerdict::kCentreClosed;
  if (AwayOn(*c, day) != nullptr) return SlotVerdict::kConsultantAway;
  int minute = static_cast<int>((start - InstantOf(day, 0)) / 60);
  if ((start - InstantOf(day, 0)) % 60 != 0) return SlotVerdict::kNotOnGrid;
  bool inside = false;
  bool on_grid = false;
  for (const Window& w : WindowsOn(*c, day)) {
    if (minute >= w.start && minute + t->length_minutes <= w.end) {
      inside = true;
      if ((minute - w.start) % t->grid_minutes == 0) on_grid = true;
    }
  }
  if (!inside) return SlotVerdict::kOutsideAvailability;
  if (!on_grid) return SlotVerdict::kNotOnGrid;
  const std::vector<const Booked*>& booked = BookedOf(index, c->id);
  if (CapReached(booked, *t, day)) {
    // A seat in an occurrence that already counts is no new occurrence.
    std::string own = OccupancyOf(t->id, start);
    bool joins_existing = false;
    for (const Booked& b : facts.booked) {
      if (t->seats > 1 && b.occupancy == own) joins_existing = true;
    }
    if (!joins_existing) return SlotVerdict::kCapReached;
  }
  if (SeatsLeft(booked, *t, start) <= 0) return SlotVerdict::kTaken;
  return SlotVerdict::kFree;
}

SlotVerdict CheckHours(const Facts& facts, const std::string& consultant,
                       int64_t start, int64_t end) {
  const Consultant* c = FindConsultant(facts, consultant);
  if (c == nullptr) return SlotVerdict::kUnknownConsultant;
  int day = LocalDayOf(start);
  if (Closed(facts, c->centre, day)) return SlotVerdict::kCentreClosed;
  if (AwayOn(*c, day) != nullptr) return SlotVerdict::kConsultantAway;
  int from = static_cast<int>((start - InstantOf(day, 0)) / 60);
  int to = static_cast<int>((end - InstantOf(day, 0)) / 60);
  for (const Window& w : WindowsOn(*c, day)) {
    if (from >= w.start && to <= w.end) return SlotVerdict::kFree;
  }
  return SlotVerdict::kOutsideAvailability;
}

const char* ReasonOf(SlotVerdict verdict) {
  switch (verdict) {
    case SlotVerdict::kFree:
      return "FREE";
    case SlotVerdict::kUnknownSessionType:
      return "UNKNOWN_SESSION_TYPE";
    case SlotVerdict::kUnknownConsultant:
      return "UNKNOWN_CONSULTANT";
    case SlotVerdict::kInsideMinimumNotice:
      return "INSIDE_MINIMUM_NOTICE";
    case SlotVerdict::kBeyondHorizon:
      return "BEYOND_HORIZON";
    case SlotVerdict::kCentreClosed:
      return "CENTRE_CLOSED";
    case SlotVerdict::kConsultantAway:
      return "CONSULTANT_AWAY";
    case SlotVerdict::kOutsideAvailability:
      return "OUTSIDE_AVAILABILITY";
    case SlotVerdict::kNotOnGrid:
      return "NOT_ON_GRID";
    case SlotVerdict::kCapReached:
      return "CAP_REACHED";
    case SlotVerdict::kTaken:
      return "SLOT_TAKEN";
  }
  return "UNKNOWN";
}

Pick PickFairly(const std::vector<PickCandidate>& candidates) {
  size_t best = 0;
  for (size_t i = 1; i < candidates.size(); ++i) {
    const PickCandidate& a = candidates[i];
    const PickCandidate& b = candidates[best];
    if (std::tie(a.load, a.last_assigned, a.consultant) <
        std::tie(b.load, b.last_assigned, b.consultant)) {
      best = i;
    }
  }
  Pick pick;
  pick.index = best;
  pick.why = "least load: " + std::to_string(candidates[best].load) +
             " bookings this week among " + std::to_string(candidates.size()) +
             " free consultants";
  if (candidates.size() > 1) pick.why += ", then longest since last assigned";
  return pick;
}

}  // namespace lifelong::consulting
