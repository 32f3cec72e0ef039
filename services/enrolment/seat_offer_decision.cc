#include "services/enrolment/seat_offer_decision.h"

#include "common/errors.h"

namespace lifelong::enrolment {

bool OfferLapsed(const v1::Application& a, int64_t now) {
  return a.status() == v1::APPLICATION_STATUS_OFFERED &&
         a.offer_expire_time().seconds() <= now;
}

absl::Status DecideAcceptOffer(const AcceptFacts& f, const std::string& name) {
  using absl::StatusCode;
  if (f.application == nullptr || (!f.own && !f.staff_of_centre)) {
    return common::Error(StatusCode::kNotFound, "APPLICATION_NOT_FOUND", name);
  }
  const v1::Application& a = *f.application;
  if (a.status() == v1::APPLICATION_STATUS_OFFER_EXPIRED ||
      OfferLapsed(a, f.now)) {
    return common::Error(StatusCode::kFailedPrecondition, "OFFER_EXPIRED",
                         "the seat offer has expired");
  }
  if (a.status() != v1::APPLICATION_STATUS_OFFERED) {
    return common::Error(StatusCode::kFailedPrecondition, "NO_SEAT_OFFER",
                         "no seat is offered to this application");
  }
  return absl::OkStatus();
}

}  // namespace lifelong::enrolment
