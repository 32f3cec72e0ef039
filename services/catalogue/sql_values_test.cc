#include "services/catalogue/sql_values.h"

#include <gtest/gtest.h>

namespace lifelong::catalogue {
namespace {

TEST(SqlValuesTest, Literals) {
  EXPECT_EQ(IntArray({}), "{}");
  EXPECT_EQ(IntArray({1, 22}), "{1,22}");
  EXPECT_EQ(TextArray({"a", "b \"c\\"}), "{\"a\",\"b \\\"c\\\\\"}");
  EXPECT_EQ(IsoUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(TimeRanges({{0, 60}}),
            "{[1970-01-01T00:00:00Z,1970-01-01T00:01:00Z)}");
  EXPECT_EQ(TimeRanges({}), "{}");
}

}  // namespace
}  // namespace lifelong::catalogue
