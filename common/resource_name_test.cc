#include "common/resource_name.h"

#include <gtest/gtest.h>

namespace lifelong::common {
namespace {

TEST(ResourceNameTest, CanonicalNamesHaveLowerCaseIds) {
  EXPECT_EQ(CanonicalName("offerings/3F2A0E1C-AAAA-4000-8000-00000000ABCD"),
            "offerings/3f2a0e1c-aaaa-4000-8000-00000000abcd");
  EXPECT_EQ(CanonicalName("3F2A0E1C-AAAA-4000-8000-00000000ABCD"),
            "3f2a0e1c-aaaa-4000-8000-00000000abcd");
  EXPECT_EQ(CanonicalName("centres/misa"), "centres/misa");
}

TEST(ResourceNameTest, UuidNames) {
  FieldViolations v;
  EXPECT_EQ(UuidOf("offerings/0b6f3c1e-2d4a-4f6b-9a8e-1c2d3e4f5a6b",
                   "offerings", "offering", v),
            "0b6f3c1e-2d4a-4f6b-9a8e-1c2d3e4f5a6b");
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(UuidOf("", "offerings", "offering", v), "");
  EXPECT_EQ(UuidOf("programmes/0b6f3c1e-2d4a-4f6b-9a8e-1c2d3e4f5a6b",
                   "offerings", "offering", v),
            "");
  EXPECT_EQ(UuidOf("offerings/not-a-uuid", "offerings", "offering", v), "");
  ASSERT_EQ(v.violations().size(), 3u);
  EXPECT_EQ(v.violations()[0].reason, "REQUIRED");
  EXPECT_EQ(v.violations()[1].reason, "INVALID_NAME");
}

}  // namespace
}  // namespace lifelong::common
