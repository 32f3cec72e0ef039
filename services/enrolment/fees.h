// What an application is charged for its seat: a pure function of the
// offering's fees and the citizen's priority groups at the moment of the
// decision (when the application is accepted; for a lottery, again at the
// draw with the groups verified then). The rule:
//   1. a free offering (fee 0) costs nothing: FREE_OFFERING;
//   2. a citizen in one of the offering's waived_for groups pays nothing:
//      AGE_WAIVER when over-65 is among the matching groups (the least
//      sensitive reason is the one given), PRIORITY_WAIVER otherwise (which
//      sensitive group is never said);
//   3. an over-65 with a discount pays fee * (100 - percent) / 100, rounded
//      down to the won: AGE_DISCOUNT;
//   4. everyone else pays the list price: FULL.
//
//   events::v1::ApplicationFee fee = FeeOf(offering.fees(), groups);
#pragma once

#include <set>

#include "lifelong/catalogue/v1/catalogue_service.pb.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"

namespace lifelong::enrolment {

// `groups`: catalogue::v1::PriorityGroup values (GroupsOf, eligibility.h).
events::v1::ApplicationFee FeeOf(const catalogue::v1::Fees& fees,
                                 const std::set<int>& groups);

}  // namespace lifelong::enrolment
