// Moves of places inside a transaction that holds the `places` row's lock
// (LockPlaces): after any change that may free places (a cancellation, an
// expired or used hold, a capacity raise), SettlePlaces promotes the first
// waitlisted RSVPs that fit (promotion.h, FIFO by seq), writes the counts
// and announces each promotion (RsvpPromoted) in the same transaction.
//
//   std::optional<PlacesRow> p = LockPlaces(tx, event.id);
//   p->confirmed -= rsvp.group_size;                 // a cancellation
//   std::vector<std::string> promoted = SettlePlaces(tx, event, *p);
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/community/event_rows.h"

namespace lifelong::community {

// `places` is the locked row with the caller's change applied in memory;
// it is updated with the promotions and written. Returns the promoted RSVP
// ids in waitlist order.
std::vector<std::string> SettlePlaces(pqxx::work& tx, const EventRow& event,
                                      PlacesRow& places);

// 1-based position of a waitlisted RSVP among its event's waiting RSVPs.
int WaitlistPosition(pqxx::work& tx, const std::string& event_id,
                     const std::string& rsvp_id);

}  // namespace lifelong::community
