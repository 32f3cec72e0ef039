#include "common/page_token.h"

#include <gtest/gtest.h>

namespace lifelong::common {
namespace {

TEST(PageTokenTest, RoundTripsForTheSameQuery) {
  std::string token =
      EncodePageToken({"2026-11-24 10:00:00.123+00", "abc"}, "centre=misa");
  absl::StatusOr<std::optional<PageCursor>> cursor =
      DecodePageToken(token, "centre=misa");
  ASSERT_TRUE(cursor.ok());
  ASSERT_TRUE(cursor->has_value());
  EXPECT_EQ((*cursor)->sort_key, "2026-11-24 10:00:00.123+00");
  EXPECT_EQ((*cursor)->id, "abc");
}

TEST(PageTokenTest, EmptyTokenIsTheFirstPage) {
  EXPECT_FALSE(DecodePageToken("", "q")->has_value());
}

TEST(PageTokenTest, RefusesTokensOfOtherQueriesAndGarbage) {
  std::string token = EncodePageToken({"k", "i"}, "centre=misa");
  absl::Status other = DecodePageToken(token, "centre=wirye").status();
  EXPECT_EQ(other.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(FieldViolationsOf(other).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(other)[0].field, "page_token");
  EXPECT_FALSE(DecodePageToken("!!!", "q").ok());
  EXPECT_FALSE(DecodePageToken("e30", "q").ok());  // "{}"
}

TEST(PageSizeTest, DefaultsAndClamps) {
  FieldViolations v;
  EXPECT_EQ(PageSize(0, v), kDefaultPageSize);
  EXPECT_EQ(PageSize(7, v), 7);
  EXPECT_EQ(PageSize(1000, v), kMaxPageSize);
  EXPECT_TRUE(v.empty());
  PageSize(-1, v);
  EXPECT_FALSE(v.empty());
}

}  // namespace
}  // namespace lifelong::common
