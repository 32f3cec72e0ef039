// The enrolment service's logic: applications and first-come seat
// allocation with a waitlist. Seats are counted on the offering's read-model
// row with a conditional update (confirmed < capacity), so that however many
// citizens apply in the same second no seat is given twice; the row lock it
// takes also hands out waitlist positions without gaps or duplicates. A
// citizen's row is locked for the length of their application, so that two
// applications at once cannot both pass the per-person limit.
#pragma once

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/pg/pool.h"
#include "lifelong/enrolment/v1/enrolment_service.pb.h"

namespace lifelong::enrolment {

inline constexpr char kApplicationTopic[] = "lifelong.enrolment.application.v1";

struct EnrolmentOptions {
  std::function<int64_t()> now;  // UTC seconds
  std::function<int()> current_year;
  // Live applications a citizen may hold per limit group (a term).
  int limit_per_group = 3;
};

class EnrolmentService {
 public:
  EnrolmentService(common::PgPool& pool, EnrolmentOptions options);

  absl::StatusOr<v1::ApplyResponse> Apply(const common::Caller& caller,
                                          const v1::ApplyRequest& request);
  absl::StatusOr<v1::GetApplicationResponse> GetApplication(
      const common::Caller& caller, const v1::GetApplicationRequest& request);
  absl::StatusOr<v1::ListMyApplicationsResponse> ListMyApplications(
      const common::Caller& caller,
      const v1::ListMyApplicationsRequest& request);

 private:
  common::PgPool& pool_;
  const EnrolmentOptions options_;
};

}  // namespace lifelong::enrolment
