// Who leaves the waiting list when places free (a cancellation, an expired
// hold, a capacity raise): strictly first come, first served. Walking the
// queue in RSVP order, the first RSVP is promoted while its whole group fits
// in the free places; the walk stops at the first that does not fit, so
// nobody overtakes an earlier RSVP (a family of four waits for four places
// rather than be passed by a single person behind it).
//
// Also the rule for changing places: capacity may not fall below the people
// confirmed plus held (CAPACITY_BELOW_CONFIRMED), nor the waiting list below
// the people waiting (WAITLIST_BELOW_WAITING).
//
//   std::vector<std::string> ids = PickPromotions(free, queue);
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace lifelong::community {

struct WaitingRsvp {
  std::string rsvp_id;
  int group_size = 1;
};

// `queue` in waitlist order; returns the ids promoted, in that order.
std::vector<std::string> PickPromotions(int free_places,
                                        const std::vector<WaitingRsvp>& queue);

// OK, or FAILED_PRECONDITION with CAPACITY_BELOW_CONFIRMED or
// WAITLIST_BELOW_WAITING.
absl::Status CheckPlacesChange(int capacity, int waitlist_capacity,
                               int confirmed, int held, int waitlisted);

}  // namespace lifelong::community
