#include "services/enrolment/apply_decision.h"

#include <chrono>

#include "common/errors.h"
#include "services/enrolment/fees.h"
#include "services/enrolment/offering_store.h"
#include "services/enrolment/refusals.h"

namespace lifelong::enrolment {

absl::StatusOr<ApplyDecision> DecideApply(const ApplyFacts& f,
                                          const std::string& offering_name) {
  using absl::StatusCode;
  if (f.offering == nullptr) return OfferingNotYetKnown(offering_name);
  const catalogue::v1::Offering& offering = *f.offering;
  // Published and not ended: the rule the catalogue's application_open
  // follows (common/application_open.h).
  if (absl::Status open = CheckOfferingOpen(offering, f.now); !open.ok()) {
    return open;
  }
  if (!f.for_self && !f.staff_of_centre) {
    return common::Error(
        StatusCode::kPermissionDenied, "NOT_YOUR_CENTRE",
        "staff apply for citizens to their own centre's offerings");
  }
  if (f.citizen == nullptr) {
    return common::WithRetryDelay(
        common::Error(StatusCode::kUnavailable, "CITIZEN_UNKNOWN",
                      "the citizen is not known here yet; retry shortly"),
        std::chrono::seconds(2));
  }
  if (f.blocked_until > f.now) return RegistrationBlocked(f.blocked_until);
  if (absl::Status allowed =
          CheckApplication(offering, *f.citizen, f.now, f.current_year);
      !allowed.ok()) {
    return allowed;
  }
  if (!offering.limit_group().empty() &&
      f.live_in_limit_group >= f.limit_per_group) {
    return common::Error(StatusCode::kFailedPrecondition, "LIMIT_REACHED",
                         "at most " + std::to_string(f.limit_per_group) +
                             " applications per person in " +
                             offering.limit_group());
  }
  ApplyDecision d;
  d.lottery_entry =
      offering.selection() == catalogue::v1::SELECTION_METHOD_LOTTERY;
  d.priority_groups = GroupsOf(*f.citizen, f.current_year);
  d.fee = FeeOf(offering.fees(), d.priority_groups);
  return d;
}

}  // namespace lifelong::enrolment
