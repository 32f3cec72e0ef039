#include "services/consulting/plan_progress.h"

#include <gtest/gtest.h>

namespace lifelong::consulting {
namespace {

TEST(AdvanceTest, ItemsOnlyMoveForward) {
  EXPECT_EQ(Advance("suggested", EnrolmentStep::kApplied), "enrolled");
  EXPECT_EQ(Advance("suggested", EnrolmentStep::kConfirmed), "enrolled");
  EXPECT_EQ(Advance("suggested", EnrolmentStep::kCompleted), "done");
  EXPECT_EQ(Advance("enrolled", EnrolmentStep::kCompleted), "done");
  EXPECT_EQ(Advance("enrolled", EnrolmentStep::kConfirmed), std::nullopt);
  EXPECT_EQ(Advance("done", EnrolmentStep::kApplied), std::nullopt);
  EXPECT_EQ(Advance("dropped", EnrolmentStep::kCompleted), std::nullopt);
}

TEST(PlanStatusAfterTest, APlanCompletesWithItsItemsAndReopensWithThem) {
  using States = std::vector<std::string>;
  EXPECT_EQ(PlanStatusAfter("active", States{"done", "dropped"}), "complete");
  EXPECT_EQ(PlanStatusAfter("in_review", States{"done"}), "complete");
  EXPECT_EQ(PlanStatusAfter("active", States{"done", "enrolled"}),
            std::nullopt);
  // Nothing done: not complete, whatever was dropped.
  EXPECT_EQ(PlanStatusAfter("active", States{"dropped"}), std::nullopt);
  EXPECT_EQ(PlanStatusAfter("active", States{}), std::nullopt);
  // A draft is the consultant's until shared.
  EXPECT_EQ(PlanStatusAfter("draft", States{"done"}), std::nullopt);
  EXPECT_EQ(PlanStatusAfter("complete", States{"done", "suggested"}), "active");
  EXPECT_EQ(PlanStatusAfter("complete", States{"done"}), std::nullopt);
}

}  // namespace
}  // namespace lifelong::consulting
