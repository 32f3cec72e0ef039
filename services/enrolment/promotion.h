// Who gets the offering's free seats (promotion from the waitlist): a pure
// function of the facts seats.cc loads under the offering's row lock (the
// offering's state and seat counts, the reserved seats of a freed seat's
// group still untaken, the waitlist in order with each one's priority
// groups), returning the seat offers to write. Used when a seat is freed (a
// cancellation, a staff withdrawal, an offer that lapsed) and when the
// catalogue raises the capacity.
//
//   PromotionFacts facts;  // loaded under the offering's lock
//   for (const SeatOfferPlan& offer : DecidePromotion(facts, policy)) ...
//
// The rule:
//   1. only an open offering (published or running) offers seats;
//   2. free seats = capacity - confirmed (seats held: confirmed, offered);
//      while seats are free and people wait, the next in line is offered
//      the next seat, held until now + offer_seconds;
//   3. the next in line is the one waiting longest (lowest waitlist
//      position), except for the first seat when a reserved seat of a
//      priority group was freed: a member of that group goes first, the
//      longest-waiting member; membership is by the groups verified now
//      (the citizen's verified claims plus OVER_65 derived from the birth
//      year in the current year), as the draw counts them (lottery.h), or,
//      for a citizen enrolment has no record of, the groups stored when
//      applying;
//   4. that member takes the reserved seat again while the quota has one
//      untaken; anyone else takes a general seat (quota_group 0).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lifelong/catalogue/v1/catalogue_service.pb.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/eligibility.h"

namespace lifelong::enrolment {

struct SeatPolicy {
  int64_t now = 0;                    // UTC seconds
  int64_t offer_seconds = 48 * 3600;  // how long an offered seat is held
  int current_year = 0;               // for the derived OVER_65 group
};

// One waiting application.
struct Waiting {
  std::string application_id;
  // What enrolment knows of the citizen now; nullopt: no record.
  std::optional<CitizenFacts> citizen;
  std::set<int> groups_when_applied;
};

struct PromotionFacts {
  catalogue::v1::OfferingState state =
      catalogue::v1::OFFERING_STATE_UNSPECIFIED;
  int capacity = 0;
  int confirmed = 0;  // seats held, after any freed seat was released
  // A reserved seat of this group was freed (0: a general seat, or more
  // capacity), and how many of its reserved seats are untaken.
  int preferred_group = 0;
  int preferred_seats_left = 0;
  // In waitlist order; at least the first (capacity - confirmed), all of
  // them when preferred_group is set.
  std::vector<Waiting> waitlist;
  events::v1::SeatOfferReason why = events::v1::SEAT_OFFER_REASON_UNSPECIFIED;
};

// A seat offer to write: the application becomes OFFERED until
// `expires_at`, holding a seat (a reserved seat of `quota_group`, 0:
// general), and SeatOffered says `reason`.
struct SeatOfferPlan {
  std::string application_id;
  int quota_group = 0;
  int64_t expires_at = 0;  // UTC seconds
  events::v1::SeatOfferReason reason =
      events::v1::SEAT_OFFER_REASON_UNSPECIFIED;
};

// Published or running: the offering gives seats.
bool GivesSeats(catalogue::v1::OfferingState state);

// Whether `waiting` belongs to priority `group` now (rule 3).
bool IsMemberNow(const Waiting& waiting, int group, int current_year);

// The offers in the order they are made.
std::vector<SeatOfferPlan> DecidePromotion(const PromotionFacts& facts,
                                           const SeatPolicy& policy);

}  // namespace lifelong::enrolment
