// Whether a citizen's application is taken, and as what: Apply's decision
// as a pure function of the facts its transaction loads (the offering as
// enrolment knows it, who asks, the citizen, their live applications in
// the offering's limit group, the time). The transaction then writes what
// it says; the seat itself is taken by a conditional update (seats stay an
// invariant of the database), so "first come" means "a seat if one is
// left, else the next waitlist place".
//
//   ApplyFacts facts{&offering, for_self, staff_of_centre, &citizen, ...};
//   absl::StatusOr<ApplyDecision> d = DecideApply(facts, "offerings/…");
//   if (!d.ok()) return d.status();  // the refusal, nothing written
//
// Refusals, in this order (the first that holds answers):
//   1. the offering is not known yet            UNAVAILABLE
//   OFFERING_NOT_YET_KNOWN
//   2. not open (draft, cancelled, ended)       FAILED_PRECONDITION
//   OFFERING_NOT_OPEN
//   3. staff applying for another centre        PERMISSION_DENIED
//   NOT_YOUR_CENTRE
//   4. the citizen is not known yet             UNAVAILABLE CITIZEN_UNKNOWN
//   5. registration blocked (no-shows)          FAILED_PRECONDITION
//   REGISTRATION_BLOCKED
//   6. not eligible, or outside their window    FAILED_PRECONDITION
//   NOT_ELIGIBLE / WINDOW_CLOSED
//   7. at the limit of the offering's group     FAILED_PRECONDITION
//   LIMIT_REACHED
// An accepted application records the citizen's priority groups (verified
// claims and the derived OVER_65) and the fee they pay (fees.h).
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/eligibility.h"

namespace lifelong::enrolment {

struct ApplyFacts {
  // nullptr: enrolment has not heard of the offering yet.
  const catalogue::v1::Offering* offering = nullptr;
  // The citizen applies for themselves; else centre staff apply for them.
  bool for_self = true;
  // The caller is centre staff of the offering's centre.
  bool staff_of_centre = false;
  // nullptr: identity's CitizenRegistered has not arrived yet.
  const CitizenFacts* citizen = nullptr;
  int64_t blocked_until = 0;  // UTC seconds; 0 or past: not blocked
  // The citizen's live applications in the offering's limit group.
  int live_in_limit_group = 0;
  int limit_per_group = 0;
  int64_t now = 0;  // UTC seconds
  int current_year = 0;
};

struct ApplyDecision {
  // A lottery entry (APPLIED, drawn when the last window closes), or the
  // next seat if one is left, else the next waitlist place.
  bool lottery_entry = false;
  std::set<int> priority_groups;
  events::v1::ApplicationFee fee;
};

absl::StatusOr<ApplyDecision> DecideApply(const ApplyFacts& facts,
                                          const std::string& offering_name);

}  // namespace lifelong::enrolment
