#include "services/identity/desk_codes.h"

#include <gtest/gtest.h>

#include <set>

namespace lifelong::identity {
namespace {

TEST(DeskCodesTest, EightDigitsEveryTime) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string d = NewEightDigits();
    ASSERT_EQ(d.size(), 8u);
    EXPECT_TRUE(LoginNumberOf(d).has_value());
    seen.insert(d);
  }
  EXPECT_GT(seen.size(), 190u);
}

TEST(DeskCodesTest, LoginNumbersAreReadAsTyped) {
  EXPECT_EQ(LoginNumberOf("1234-5678"), "12345678");
  EXPECT_EQ(LoginNumberOf("1234 5678"), "12345678");
  EXPECT_EQ(LoginNumberOf("04817263"), "04817263");
  EXPECT_FALSE(LoginNumberOf("123-45678").has_value());
  EXPECT_FALSE(LoginNumberOf("1234567").has_value());
  EXPECT_FALSE(LoginNumberOf("010-1234-5678").has_value());
  EXPECT_FALSE(LoginNumberOf("a@b.kr").has_value());
  EXPECT_FALSE(LoginNumberOf("").has_value());
}

}  // namespace
}  // namespace lifelong::identity
