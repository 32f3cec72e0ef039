// A short-lived cache of public event listings (ListEvents), so that a city's
// calendar page under load is answered from memory: an answer is kept for
// `ttl` after it was read from PostgreSQL and then read again. Remaining
// places and waitlist lengths in a cached answer may therefore lag the
// database by up to `ttl` (COMMUNITY_LISTING_CACHE_MS, 1000 by default; 0
// turns the cache off). Decisions never read it: RSVPs count places under
// the row lock.
//
//   ListingCache cache(std::chrono::milliseconds(1000), clock);
//   if (auto hit = cache.Get(key)) return *hit;
//   ... read ...; cache.Put(key, response);
//
// Thread-safe. At most `max_entries` answers are kept; when full, expired
// ones are dropped first, then everything.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "lifelong/community/v1/community_service.pb.h"

namespace lifelong::community {

class ListingCache {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  ListingCache(std::chrono::milliseconds ttl, size_t max_entries = 2048,
               Clock clock = std::chrono::steady_clock::now);

  bool enabled() const { return ttl_.count() > 0; }
  std::shared_ptr<const v1::ListEventsResponse> Get(const std::string& key);
  void Put(const std::string& key, v1::ListEventsResponse response);

 private:
  struct Entry {
    std::chrono::steady_clock::time_point expires;
    std::shared_ptr<const v1::ListEventsResponse> response;
  };
  const std::chrono::milliseconds ttl_;
  const size_t max_entries_;
  const Clock clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace lifelong::community
