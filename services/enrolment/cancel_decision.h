// Whether an application may be cancelled, and what the cancellation
// frees: CancelApplication's decision as a pure function of the facts its
// transaction loads (the application as of its row lock, who asks, the
// offering's first session, the time). The transaction then writes what it
// says: the status, the freed seat (seats.h offers it on, promotion.h
// decides to whom) or the shorter waitlist.
//
//   CancelFacts facts{&application, own, staff_of_centre, first_session,
//                     cutoff_hours, now};
//   absl::StatusOr<CancelDecision> d = DecideCancel(facts, "applications/…");
//   if (!d.ok()) return d.status();  // the refusal, nothing written
//
// Refusals, in this order (the first that holds answers):
//   1. no such application, or neither the     NOT_FOUND
//      citizen's own nor the centre staff's    APPLICATION_NOT_FOUND
//   2. not live (cancelled, expired,           FAILED_PRECONDITION
//      completed)                              NOT_CANCELLABLE
//   3. a citizen, at or after the cut-off      FAILED_PRECONDITION
//      (cutoff_hours before the first          CANCELLATION_CLOSED
//      session); staff withdraw at any time
// A cancelled application that held a seat (confirmed or offered) frees it,
// its reserved seat when it held one of a quota; the seat is offered on
// with reason CANCELLATION when the citizen cancelled, STAFF_WITHDRAWAL
// when staff did. A waitlisted one leaves the waitlist; a lottery entry
// (applied) frees nothing.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.pb.h"

namespace lifelong::enrolment {

// Confirmed or offered: the application holds one of the offering's seats.
bool HoldsSeat(v1::ApplicationStatus status);
// Holds a seat, waits for one, or is a lottery entry.
bool IsLive(v1::ApplicationStatus status);

struct CancelFacts {
  // As of its row lock; nullptr: no such application.
  const v1::Application* application = nullptr;
  bool own = false;              // the caller is its citizen
  bool staff_of_centre = false;  // the caller is its centre's staff
  int64_t first_session = 0;     // UTC seconds; 0: none scheduled
  int cutoff_hours = 24;
  int64_t now = 0;  // UTC seconds
};

struct CancelDecision {
  // It held a seat: release it (and its reserved seat of `quota_group`,
  // 0: a general seat), then offer free seats on for `offer_reason`.
  bool seat_freed = false;
  int quota_group = 0;
  events::v1::SeatOfferReason offer_reason =
      events::v1::SEAT_OFFER_REASON_UNSPECIFIED;
  // It was waiting: the waitlist is one shorter.
  bool leaves_waitlist = false;
};

// `name` is the application's resource name, for the NOT_FOUND message.
absl::StatusOr<CancelDecision> DecideCancel(const CancelFacts& facts,
                                            const std::string& name);

}  // namespace lifelong::enrolment
