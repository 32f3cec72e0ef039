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

}  // namespace
}  // namespace lifelong::consulting
