#include "services/community/promotion.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/errors.h"

namespace lifelong::community {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PromotionTest, FirstComeFirstServed) {
  std::vector<WaitingRsvp> queue = {{"a", 1}, {"b", 1}, {"c", 1}};
  EXPECT_THAT(PickPromotions(1, queue), ElementsAre("a"));
  EXPECT_THAT(PickPromotions(2, queue), ElementsAre("a", "b"));
  EXPECT_THAT(PickPromotions(5, queue), ElementsAre("a", "b", "c"));
  EXPECT_THAT(PickPromotions(0, queue), IsEmpty());
  EXPECT_THAT(PickPromotions(3, {}), IsEmpty());
}

TEST(PromotionTest, NobodyOvertakesAGroupThatDoesNotFit) {
  std::vector<WaitingRsvp> queue = {{"family", 4}, {"single", 1}};
  EXPECT_THAT(PickPromotions(3, queue), IsEmpty());
  EXPECT_THAT(PickPromotions(4, queue), ElementsAre("family"));
  EXPECT_THAT(PickPromotions(5, queue), ElementsAre("family", "single"));
}

TEST(PromotionTest, CapacityMayNotFallBelowConfirmedAndHeld) {
  EXPECT_TRUE(CheckPlacesChange(20, 10, 20, 0, 10).ok());
  absl::Status s = CheckPlacesChange(19, 10, 18, 2, 0);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(common::ReasonOf(s), "CAPACITY_BELOW_CONFIRMED");
  EXPECT_EQ(common::ReasonOf(CheckPlacesChange(20, 4, 10, 0, 5)),
            "WAITLIST_BELOW_WAITING");
}

}  // namespace
}  // namespace lifelong::community
