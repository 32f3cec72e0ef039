// Who may act on enrolment's resources beyond the RPC's access policy (the
// adapter's AccessPolicy lets a role in; these say which of its holders may
// touch this offering): staff at all, and those who run an offering.
// Resources a caller may not read answer NOT_FOUND (the caller of these
// decides the answer).
//
//   if (!RunsOffering(caller, offering)) return NotFound(...);
#pragma once

#include "common/auth/caller.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"

namespace lifelong::enrolment {

// An admin or centre staff of any centre.
bool IsStaff(const common::Caller& caller);

// An admin, the offering's centre's staff, or its instructor.
bool RunsOffering(const common::Caller& caller,
                  const catalogue::v1::Offering& offering);

}  // namespace lifelong::enrolment
