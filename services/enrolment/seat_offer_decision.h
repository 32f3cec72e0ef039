// What becomes of a seat offered to the waitlist (promotion.h): the
// citizen accepts it in time, or it lapses and the seat passes on. Pure
// functions of the application as of its row lock and the time;
// seat_offers.cc loads, decides and writes.
//
//   AcceptFacts facts{&application, own, staff_of_centre, now};
//   if (absl::Status s = DecideAcceptOffer(facts, "applications/…"); !s.ok())
//     return s;  // the refusal, nothing written
//   if (OfferLapsed(application, now)) ...  // expire it, offer the seat on
//
// AcceptSeatOffer's refusals, in this order:
//   1. no such application, or neither the     NOT_FOUND
//      citizen's own nor the centre staff's    APPLICATION_NOT_FOUND
//   2. the offer lapsed (expired, or still     FAILED_PRECONDITION
//      OFFERED at or past its expiry time)     OFFER_EXPIRED
//   3. no seat is offered to it                FAILED_PRECONDITION
//                                              NO_SEAT_OFFER
// Accepted, the application is CONFIRMED on the seat it already holds.
// A lapsed offer becomes OFFER_EXPIRED (SeatOfferExpired); its seat (its
// reserved seat when it held one of a quota) is freed and offered on with
// reason OFFER_LAPSED.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "lifelong/enrolment/v1/enrolment_service.pb.h"

namespace lifelong::enrolment {

// OFFERED, and its offer expires at or before `now` (UTC seconds).
bool OfferLapsed(const v1::Application& application, int64_t now);

struct AcceptFacts {
  // As of its row lock; nullptr: no such application.
  const v1::Application* application = nullptr;
  bool own = false;              // the caller is its citizen
  bool staff_of_centre = false;  // the caller is its centre's staff
  int64_t now = 0;               // UTC seconds
};

// OK: confirm it. `name` is the application's resource name.
absl::Status DecideAcceptOffer(const AcceptFacts& facts,
                               const std::string& name);

}  // namespace lifelong::enrolment
