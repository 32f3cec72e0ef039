#include "services/catalogue/search_words.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lifelong::catalogue {
namespace {

TEST(SearchWordsTest, SplitsOnSpaceAndPunctuationAndLowersAscii) {
  EXPECT_EQ(SearchWords("  Yoga, 어르신-건강  "),
            (std::vector<std::string>{"yoga", "어르신", "건강"}));
  EXPECT_TRUE(SearchWords(" ,.! ").empty());
  EXPECT_EQ(SearchWords("a b c d e f g h i j").size(), 8u);
}

TEST(SearchWordsTest, PunctuationSeparatesWords) {
  EXPECT_EQ(SearchWords("100%_off\\x"),
            (std::vector<std::string>{"100", "off", "x"}));
}

}  // namespace
}  // namespace lifelong::catalogue
