#include "common/text.h"

#include <gtest/gtest.h>

#include <string>

namespace lifelong::common {
namespace {

TEST(TextTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePoints(""), 0u);
  EXPECT_EQ(CodePoints("carbon"), 6u);
  EXPECT_EQ(CodePoints("탄소중립"), 4u);  // 12 bytes
  EXPECT_EQ(CodePoints("é"), 1u);
  EXPECT_EQ(CodePoints("🌱"), 1u);  // 4 bytes
  std::string hangul;
  for (int i = 0; i < 100; ++i) hangul += "가";
  EXPECT_EQ(CodePoints(hangul), 100u);
}

}  // namespace
}  // namespace lifelong::common
