// Moves of seats inside a transaction that has locked the offering's row
// (LoadOffering(tx, id, /*lock=*/true)), so that the conditional updates on
// offerings.confirmed (never above capacity) and offering_quotas.taken
// (never above the reserved seats) cannot race, and waitlist ranks stay
// gap-free. Every write of the seat counts is here: Apply's seat or
// waitlist place, the draw, cancellations, offer expiry, the catalogue's
// capacity changes and a cancelled offering. Who is offered a free seat is
// decided by promotion.h from the facts loaded here; this file loads and
// writes.
//
//   FreeSeat(tx, offering_id, quota_group, policy,
//            events::v1::SEAT_OFFER_REASON_CANCELLATION);
#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/promotion.h"

namespace lifelong::enrolment {

// Apply's seat: the next one if one is left (confirmed < capacity), with
// the counts after it; nullopt when the offering is full.
struct SeatTaken {
  int confirmed = 0;
  int capacity = 0;
};
std::optional<SeatTaken> TakeSeat(pqxx::work& tx,
                                  const std::string& offering_id);

// Apply's waitlist place when the offering is full: the stored position
// (it only grows, unique per offering) and the rank shown (the waitlist's
// length with it).
struct WaitlistPlace {
  int position = 0;
  int rank = 0;
};
WaitlistPlace TakeWaitlistPlace(pqxx::work& tx, const std::string& offering_id);

// The draw's outcome in the counts (closing.cc): `seated` seats more,
// `waitlisted` waiting (positions 1 to waitlisted), and each quota's
// reserved seats with those the draw filled.
struct DrawnQuota {
  int group = 0;
  int seats = 0;
  int taken = 0;
};
void SeatTheDraw(pqxx::work& tx, const std::string& offering_id,
                 const std::vector<DrawnQuota>& quotas, int seated,
                 int waitlisted);

// A cancelled offering holds no seats and no waitlist.
void ClearSeats(pqxx::work& tx, const std::string& offering_id);

// Releases a seat that an application held (`quota_group` 0: a general
// seat), then offers free seats to the waitlist; `why` the seat freed.
void FreeSeat(pqxx::work& tx, const std::string& offering_id, int quota_group,
              const SeatPolicy& policy, events::v1::SeatOfferReason why);

// While seats are free and people wait, holds the next seat for the next in
// line (a member of `preferred_group` first, for a freed reserved seat; the
// rule is DecidePromotion's) and announces SeatOffered with `why` the seats
// are free. Returns how many seats were offered.
int OfferFreeSeats(pqxx::work& tx, const std::string& offering_id,
                   const SeatPolicy& policy, events::v1::SeatOfferReason why,
                   int preferred_group = 0);

// An application leaves the waitlist (cancelled): the waitlist is shorter.
void LeaveWaitlist(pqxx::work& tx, const std::string& offering_id);

}  // namespace lifelong::enrolment
