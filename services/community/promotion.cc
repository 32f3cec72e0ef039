#include "services/community/promotion.h"

#include "common/errors.h"

namespace lifelong::community {

std::vector<std::string> PickPromotions(int free_places,
                                        const std::vector<WaitingRsvp>& queue) {
  std::vector<std::string> promoted;
  for (const WaitingRsvp& w : queue) {
    if (w.group_size > free_places) break;
    free_places -= w.group_size;
    promoted.push_back(w.rsvp_id);
  }
  return promoted;
}

absl::Status CheckPlacesChange(int capacity, int waitlist_capacity,
                               int confirmed, int held, int waitlisted) {
  if (capacity < confirmed + held) {
    return common::Error(
        absl::StatusCode::kFailedPrecondition, "CAPACITY_BELOW_CONFIRMED",
        "capacity may not fall below the " + std::to_string(confirmed + held) +
            " people confirmed or held");
  }
  // A capacity raise promotes first, so only what stays waiting counts;
  // the caller passes the waiting after promotion.
  if (waitlist_capacity < waitlisted) {
    return common::Error(absl::StatusCode::kFailedPrecondition,
                         "WAITLIST_BELOW_WAITING",
                         "the waiting list may not fall below the " +
                             std::to_string(waitlisted) + " people waiting");
  }
  return absl::OkStatus();
}

}  // namespace lifelong::community
