#include "services/catalogue/offering_search.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lifelong::catalogue {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(SearchWordsTest, SplitsOnSpaceAndPunctuationAndLowersAscii) {
  EXPECT_EQ(SearchWords("  Yoga, 어르신-건강  "),
            (std::vector<std::string>{"yoga", "어르신", "건강"}));
  EXPECT_TRUE(SearchWords(" ,.! ").empty());
  EXPECT_EQ(SearchWords("a b c d e f g h i j").size(), 8u);
}

TEST(BuildSearchQueryTest, TextNeverEntersTheSql) {
  v1::SearchOfferingsRequest r;
  r.set_text("'; DROP TABLE offerings; --");
  SearchQuery q = BuildSearchQuery(r, std::nullopt, 21, 0);
  EXPECT_THAT(q.sql, Not(HasSubstr("DROP")));
  EXPECT_THAT(q.params, ::testing::Contains("drop"));
  EXPECT_TRUE(q.by_relevance);
}

TEST(BuildSearchQueryTest, OnlyRequestedFiltersAndStartOrderWithoutText) {
  v1::SearchOfferingsRequest r;
  r.set_free_only(true);
  r.set_age(30);
  SearchQuery q = BuildSearchQuery(r, std::nullopt, 21, 0);
  EXPECT_THAT(q.sql, HasSubstr("fee_krw = 0"));
  EXPECT_THAT(q.sql, HasSubstr("min_age <= $1::int"));
  EXPECT_THAT(q.sql, Not(HasSubstr("district")));
  EXPECT_THAT(q.sql, HasSubstr("ORDER BY first_start, id LIMIT 21"));
  EXPECT_EQ(q.params, std::vector<std::string>{"30"});
  EXPECT_FALSE(q.by_relevance);
}

TEST(SearchWordsTest, LikeWildcardsNeverSurvive) {
  EXPECT_EQ(SearchWords("100%_off\\x"),
            (std::vector<std::string>{"100", "off", "x"}));
}

TEST(BuildSearchQueryTest, CursorContinuesAfterTheLastRow) {
  v1::SearchOfferingsRequest r;
  SearchQuery q = BuildSearchQuery(
      r, common::PageCursor{"2027-03-02T10:00:00.000000Z", "abc"}, 21, 0);
  EXPECT_THAT(q.sql, HasSubstr("(first_start, id) > ($1::timestamptz, $2::uuid)"));
}

}  // namespace
}  // namespace lifelong::catalogue
