#include "services/enrolment/cancel_decision.h"

#include "common/errors.h"

namespace lifelong::enrolment {

bool HoldsSeat(v1::ApplicationStatus s) {
  return s == v1::APPLICATION_STATUS_CONFIRMED ||
         s == v1::APPLICATION_STATUS_OFFERED;
}

bool IsLive(v1::ApplicationStatus s) {
  return HoldsSeat(s) || s == v1::APPLICATION_STATUS_WAITLISTED ||
         s == v1::APPLICATION_STATUS_APPLIED;
}

absl::StatusOr<CancelDecision> DecideCancel(const CancelFacts& f,
                                            const std::string& name) {
  using absl::StatusCode;
  if (f.application == nullptr || (!f.own && !f.staff_of_centre)) {
    return common::Error(StatusCode::kNotFound, "APPLICATION_NOT_FOUND", name);
  }
  v1::ApplicationStatus status = f.application->status();
  if (!IsLive(status)) {
    return common::Error(
        StatusCode::kFailedPrecondition, "NOT_CANCELLABLE",
        "the application is " + v1::ApplicationStatus_Name(status));
  }
  int64_t cutoff = f.first_session - int64_t{f.cutoff_hours} * 3600;
  if (!f.staff_of_centre && f.first_session > 0 && f.now >= cutoff) {
    return common::Error(StatusCode::kFailedPrecondition, "CANCELLATION_CLOSED",
                         "citizens may cancel until " +
                             std::to_string(f.cutoff_hours) +
                             " hours before the first session; ask the centre");
  }
  CancelDecision d;
  d.seat_freed = HoldsSeat(status);
  if (d.seat_freed) {
    d.quota_group = f.application->quota_group();
    d.offer_reason = f.own ? events::v1::SEAT_OFFER_REASON_CANCELLATION
                           : events::v1::SEAT_OFFER_REASON_STAFF_WITHDRAWAL;
  }
  d.leaves_waitlist = status == v1::APPLICATION_STATUS_WAITLISTED;
  return d;
}

}  // namespace lifelong::enrolment
