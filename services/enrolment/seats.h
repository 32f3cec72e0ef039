// Moves of seats inside a transaction that has locked the offering's row
// (LoadOffering(tx, id, /*lock=*/true)), so that the conditional updates on
// offerings.confirmed (never above capacity) and offering_quotas.taken
// (never above the reserved seats) cannot race, and waitlist ranks stay
// gap-free. Used by cancellations, offer expiry, the catalogue's capacity
// changes and the draw.
#pragma once

#include <cstdint>
#include <pqxx/pqxx>
#include <string>

#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"

namespace lifelong::enrolment {

struct SeatPolicy {
  int64_t now = 0;                    // UTC seconds
  int64_t offer_seconds = 48 * 3600;  // how long an offered seat is held
  int current_year = 0;               // for the derived OVER_65 group
};

// Releases a seat that an application held (`quota_group` 0: a general
// seat), then offers free seats to the waitlist; `why` the seat freed.
void FreeSeat(pqxx::work& tx, const std::string& offering_id, int quota_group,
              const SeatPolicy& policy, events::v1::SeatOfferReason why);

// While seats are free and people wait, holds the next seat for the next in
// line (a member of `preferred_group` first, for a freed reserved seat: a
// member by the groups verified now, as the draw counts them, lottery.h) and
// announces SeatOffered with `why` the seats are free. Returns how many
// seats were offered.
int OfferFreeSeats(pqxx::work& tx, const std::string& offering_id,
                   const SeatPolicy& policy, events::v1::SeatOfferReason why,
                   int preferred_group = 0);

// An application leaves the waitlist (cancelled): the waitlist is shorter.
void LeaveWaitlist(pqxx::work& tx, const std::string& offering_id);

}  // namespace lifelong::enrolment
