#include "services/community/event_tree.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace lifelong::community {
namespace {

std::string Reason(EventKind child, std::optional<EventKind> parent) {
  return common::ReasonOf(CheckNesting(child, parent));
}

TEST(EventTreeTest, TopLevelEvents) {
  EXPECT_TRUE(CheckNesting(EventKind::kSingle, std::nullopt).ok());
  EXPECT_TRUE(CheckNesting(EventKind::kUmbrella, std::nullopt).ok());
  EXPECT_TRUE(CheckNesting(EventKind::kSeries, std::nullopt).ok());
  EXPECT_EQ(Reason(EventKind::kOccurrence, std::nullopt),
            "OCCURRENCE_NOT_CREATABLE");
}

TEST(EventTreeTest, AFestivalHoldsSinglesAndSeries) {
  EXPECT_TRUE(CheckNesting(EventKind::kSingle, EventKind::kUmbrella).ok());
  EXPECT_TRUE(CheckNesting(EventKind::kSeries, EventKind::kUmbrella).ok());
  EXPECT_EQ(Reason(EventKind::kUmbrella, EventKind::kUmbrella),
            "UMBRELLA_IN_UMBRELLA");
}

TEST(EventTreeTest, NoUmbrellaInASeries) {
  EXPECT_EQ(Reason(EventKind::kUmbrella, EventKind::kSeries),
            "UMBRELLA_IN_SERIES");
  EXPECT_EQ(Reason(EventKind::kUmbrella, EventKind::kOccurrence),
            "UMBRELLA_IN_SERIES");
  EXPECT_EQ(CheckNesting(EventKind::kUmbrella, EventKind::kSeries).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(EventTreeTest, OnlyUmbrellasHaveSubEvents) {
  EXPECT_EQ(Reason(EventKind::kSingle, EventKind::kSeries),
            "PARENT_NOT_UMBRELLA");
  EXPECT_EQ(Reason(EventKind::kSingle, EventKind::kSingle),
            "PARENT_NOT_UMBRELLA");
  EXPECT_EQ(Reason(EventKind::kSeries, EventKind::kSingle),
            "PARENT_NOT_UMBRELLA");
}

}  // namespace
}  // namespace lifelong::community
