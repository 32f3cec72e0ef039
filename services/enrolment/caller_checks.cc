#include "services/enrolment/caller_checks.h"

namespace lifelong::enrolment {

bool IsStaff(const common::Caller& caller) {
  return caller.Has(common::kRoleAdmin) || caller.Has(common::kRoleCentreStaff);
}

bool RunsOffering(const common::Caller& caller,
                  const catalogue::v1::Offering& offering) {
  return caller.HasIn(common::kRoleCentreStaff, offering.centre()) ||
         (!offering.instructor().empty() &&
          caller.account == offering.instructor());
}

}  // namespace lifelong::enrolment
