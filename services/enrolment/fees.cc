#include "services/enrolment/fees.h"

#include <algorithm>

namespace lifelong::enrolment {

namespace cv1 = lifelong::catalogue::v1;
namespace ev1 = lifelong::enrolment::events::v1;

ev1::ApplicationFee FeeOf(const cv1::Fees& fees, const std::set<int>& groups) {
  ev1::ApplicationFee fee;
  int64_t price = std::max<int64_t>(fees.fee_krw(), 0);
  fee.set_list_price_krw(price);
  if (price == 0) {
    fee.set_basis(ev1::FEE_BASIS_FREE_OFFERING);
    return fee;
  }
  bool waived = false, waived_by_age = false;
  for (int g : fees.waived_for()) {
    if (groups.count(g) == 0) continue;
    waived = true;
    waived_by_age |= g == cv1::PRIORITY_GROUP_OVER_65;
  }
  if (waived) {
    fee.set_basis(waived_by_age ? ev1::FEE_BASIS_AGE_WAIVER
                                : ev1::FEE_BASIS_PRIORITY_WAIVER);
    return fee;
  }
  int percent = std::clamp(fees.over_65_discount_percent(), 0, 100);
  if (percent > 0 && groups.count(cv1::PRIORITY_GROUP_OVER_65) > 0) {
    fee.set_amount_krw(price * (100 - percent) / 100);
    fee.set_basis(ev1::FEE_BASIS_AGE_DISCOUNT);
    fee.set_discount_percent(percent);
    return fee;
  }
  fee.set_amount_krw(price);
  fee.set_basis(ev1::FEE_BASIS_FULL);
  return fee;
}

}  // namespace lifelong::enrolment
