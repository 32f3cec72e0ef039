#include "services/enrolment/fees.h"

#include <gtest/gtest.h>

namespace lifelong::enrolment {
namespace {

namespace cv1 = lifelong::catalogue::v1;
namespace ev1 = lifelong::enrolment::events::v1;

cv1::Fees Fees(int64_t krw, int discount, std::vector<cv1::PriorityGroup> w) {
  cv1::Fees f;
  f.set_fee_krw(krw);
  f.set_over_65_discount_percent(discount);
  for (cv1::PriorityGroup g : w) f.add_waived_for(g);
  return f;
}

TEST(FeesTest, FreeFullWaivedAndDiscounted) {
  cv1::Fees fees = Fees(
      30000, 50,
      {cv1::PRIORITY_GROUP_DISABILITY, cv1::PRIORITY_GROUP_BASIC_LIVELIHOOD});
  ev1::ApplicationFee full = FeeOf(fees, {});
  EXPECT_EQ(full.amount_krw(), 30000);
  EXPECT_EQ(full.list_price_krw(), 30000);
  EXPECT_EQ(full.basis(), ev1::FEE_BASIS_FULL);

  ev1::ApplicationFee waived = FeeOf(fees, {cv1::PRIORITY_GROUP_DISABILITY});
  EXPECT_EQ(waived.amount_krw(), 0);
  EXPECT_EQ(waived.basis(), ev1::FEE_BASIS_PRIORITY_WAIVER);

  // A group the offering does not waive for pays; over-65 gets the discount.
  EXPECT_EQ(FeeOf(fees, {cv1::PRIORITY_GROUP_SINGLE_PARENT}).basis(),
            ev1::FEE_BASIS_FULL);
  ev1::ApplicationFee older = FeeOf(fees, {cv1::PRIORITY_GROUP_OVER_65});
  EXPECT_EQ(older.amount_krw(), 15000);
  EXPECT_EQ(older.basis(), ev1::FEE_BASIS_AGE_DISCOUNT);
  EXPECT_EQ(older.discount_percent(), 50);
  // A waiver beats the discount.
  EXPECT_EQ(FeeOf(fees, {cv1::PRIORITY_GROUP_OVER_65,
                         cv1::PRIORITY_GROUP_BASIC_LIVELIHOOD})
                .amount_krw(),
            0);

  EXPECT_EQ(FeeOf(Fees(0, 0, {}), {cv1::PRIORITY_GROUP_DISABILITY}).basis(),
            ev1::FEE_BASIS_FREE_OFFERING);
}

TEST(FeesTest, TheLeastSensitiveWaiverReasonIsGiven) {
  cv1::Fees fees = Fees(
      10000, 0, {cv1::PRIORITY_GROUP_DISABILITY, cv1::PRIORITY_GROUP_OVER_65});
  EXPECT_EQ(
      FeeOf(fees, {cv1::PRIORITY_GROUP_DISABILITY, cv1::PRIORITY_GROUP_OVER_65})
          .basis(),
      ev1::FEE_BASIS_AGE_WAIVER);
  EXPECT_EQ(FeeOf(fees, {cv1::PRIORITY_GROUP_DISABILITY}).basis(),
            ev1::FEE_BASIS_PRIORITY_WAIVER);
}

TEST(FeesTest, DiscountRoundsDownToTheWon) {
  ev1::ApplicationFee fee =
      FeeOf(Fees(10001, 33, {}), {cv1::PRIORITY_GROUP_OVER_65});
  EXPECT_EQ(fee.amount_krw(), 10001 * 67 / 100);  // 6700
  EXPECT_EQ(fee.amount_krw(), 6700);
}

}  // namespace
}  // namespace lifelong::enrolment
