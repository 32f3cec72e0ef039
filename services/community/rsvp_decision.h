// May this RSVP be taken, and how: a pure function of the facts the RSVP's
// transaction loaded under the lock of the event's `places` row. The rules,
// in the order they are checked (the first that fails is the answer):
//   1. the event takes RSVPs (has a registration)      else NO_REGISTRATION
//   2. it is not cancelled                              else EVENT_CANCELLED
//   3. now is inside [open_time, close_time) and before the event starts
//                                                       else
//                                                       REGISTRATION_CLOSED
//   4. 1 <= group_size <= max_group_size                else GROUP_TOO_LARGE
//   5. members-only events: the contact is an active member of the group
//                                                       else MEMBERS_ONLY
//   6. an age band: every person's age (event year - birth year) is inside
//      it; the contact's birth year comes from identity  else AGE_BAND
//      (CITIZEN_UNKNOWN, UNAVAILABLE, while identity's event has not come)
//   7. the contact has no live RSVP to the event        else ALREADY_RSVPED
//   8. places: free = capacity - confirmed - held (+ the places of a hold the
//      RSVP presents). CONFIRMED when the whole group fits and nobody waits
//      (a newcomer never overtakes the queue; a hold's owner may, having
//      held the places before); else WAITLISTED when the group fits in the
//      waiting list; else EVENT_FULL_WAITLIST_FULL.
//
//   RsvpFacts f = ...loaded...;
//   RsvpDecision d = DecideRsvp(f);
//   if (d.outcome == RsvpOutcome::kRefused) return d.ToStatus();
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace lifelong::community {

struct RsvpFacts {
  int64_t now = 0;  // UTC seconds
  // The registration (a single event's, or the series' for an occurrence).
  bool has_registration = false;
  int64_t open_time = 0;
  int64_t close_time = 0;
  int max_group_size = 1;
  int min_age = 0;  // 0: no bound
  int max_age = 0;  // 0: no bound
  bool members_only = false;
  // The event.
  bool cancelled = false;
  int64_t start_time = 0;
  int event_year = 0;  // the local year of its start
  // Its places.
  int capacity = 0;
  int waitlist_capacity = 0;
  int confirmed = 0;
  int waitlisted = 0;
  int held = 0;
  // Places of a valid hold this RSVP presents (0: none).
  int own_hold = 0;
  // The contact.
  bool is_member = false;
  std::optional<int> contact_birth_year;
  bool already_rsvped = false;
  // The request.
  int group_size = 1;
  std::vector<int> attendee_birth_years;  // the others', group_size - 1
};

enum class RsvpOutcome { kConfirmed, kWaitlisted, kRefused };

struct RsvpDecision {
  RsvpOutcome outcome = RsvpOutcome::kRefused;
  absl::StatusCode code = absl::StatusCode::kOk;  // when refused
  std::string reason;                             // stable, when refused
  std::string message;
  // The error a refusal answers with.
  absl::Status ToStatus() const;
};

RsvpDecision DecideRsvp(const RsvpFacts& facts);

}  // namespace lifelong::community
