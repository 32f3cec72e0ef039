#include "services/community/listing_cache.h"

#include <gtest/gtest.h>

namespace lifelong::community {
namespace {

using std::chrono::milliseconds;

class ListingCacheTest : public ::testing::Test {
 protected:
  ListingCache::Clock Clock() {
    return [this] { return std::chrono::steady_clock::time_point(now_); };
  }
  static v1::ListEventsResponse Answer(const std::string& token) {
    v1::ListEventsResponse r;
    r.set_next_page_token(token);
    return r;
  }
  milliseconds now_{1000};
};

TEST_F(ListingCacheTest, AnswersUntilTheTtlPasses) {
  ListingCache cache(milliseconds(1000), 10, Clock());
  EXPECT_EQ(cache.Get("a"), nullptr);
  cache.Put("a", Answer("x"));
  now_ += milliseconds(999);
  ASSERT_NE(cache.Get("a"), nullptr);
  EXPECT_EQ(cache.Get("a")->next_page_token(), "x");
  EXPECT_EQ(cache.Get("b"), nullptr);
  now_ += milliseconds(1);
  EXPECT_EQ(cache.Get("a"), nullptr);
}

TEST_F(ListingCacheTest, ZeroTtlTurnsItOff) {
  ListingCache cache(milliseconds(0), 10, Clock());
  cache.Put("a", Answer("x"));
  EXPECT_FALSE(cache.enabled());
  EXPECT_EQ(cache.Get("a"), nullptr);
}

TEST_F(ListingCacheTest, BoundedSize) {
  ListingCache cache(milliseconds(1000), 2, Clock());
  cache.Put("a", Answer("a"));
  cache.Put("b", Answer("b"));
  cache.Put("c", Answer("c"));  // full of live entries: starts over
  EXPECT_EQ(cache.Get("a"), nullptr);
  EXPECT_NE(cache.Get("c"), nullptr);
  now_ += milliseconds(2000);
  cache.Put("d", Answer("d"));
  EXPECT_NE(cache.Get("d"), nullptr);
}

}  // namespace
}  // namespace lifelong::community
