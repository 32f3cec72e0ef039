// "Open for application now": the one rule that the catalogue (an
// offering's `application_open` flag, SearchOfferings'
// `open_for_application_now` filter) and the enrolment service (Apply's
// first gate) share, so that what a screen shows as open is what Apply
// accepts, at every instant. Pure and header-only: each service builds the
// facts from the offering it holds (catalogue: its table; enrolment: its
// read model of the catalogue's events) and asks this.
//
// An offering is open for application at `now` (UTC seconds) when
//   1. it is published (not a draft, not cancelled; a published offering
//      that has started running is still published),
//   2. its last counted (not cancelled) session has not ended: a course
//      with nothing left to attend takes no one, and
//   3. one of its application windows holds `now`: open_time <= now <
//      close_time (a window's close is exclusive).
// A course whose first session has started is still open while one of its
// windows is: the windows are what staff set, and staff who want no late
// joiners close the last window before the first session.
//
// "Open" means that someone may apply now. Whether a given citizen may is
// the enrolment service's further business: the window's audience (staged
// windows: priority groups, residents, everyone), eligibility, the
// per-person limit, a registration block.
//
//   common::OfferingSchedule s;
//   s.published = true;
//   s.windows = {{open, close}};
//   s.last_session_end = end_of_last_session;
//   if (common::ApplicationsOpen(s, now)) ...
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace lifelong::common {

// The facts the rule reads.
struct OfferingSchedule {
  // Published (or running / completed as the catalogue presents it), not a
  // draft and not cancelled.
  bool published = false;
  // Application windows, [open_time, close_time) in UTC seconds.
  std::vector<std::pair<int64_t, int64_t>> windows;
  // When the last not-cancelled session ends, UTC seconds; 0: no session.
  int64_t last_session_end = 0;
};

// Why an offering is not open; kOpen when it is.
enum class Openness {
  kOpen,
  kNotPublished,   // a draft or cancelled
  kEnded,          // the last session has ended
  kOutsideWindow,  // no window holds now
};

inline Openness OpennessAt(const OfferingSchedule& s, int64_t now) {
  if (!s.published) return Openness::kNotPublished;
  if (s.last_session_end > 0 && now >= s.last_session_end)
    return Openness::kEnded;
  for (const std::pair<int64_t, int64_t>& w : s.windows) {
    if (w.first <= now && now < w.second) return Openness::kOpen;
  }
  return Openness::kOutsideWindow;
}

inline bool ApplicationsOpen(const OfferingSchedule& s, int64_t now) {
  return OpennessAt(s, now) == Openness::kOpen;
}

}  // namespace lifelong::common
