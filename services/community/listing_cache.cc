#include "services/community/listing_cache.h"

namespace lifelong::community {

ListingCache::ListingCache(std::chrono::milliseconds ttl, size_t max_entries,
                           Clock clock)
    : ttl_(ttl), max_entries_(max_entries), clock_(std::move(clock)) {}

std::shared_ptr<const v1::ListEventsResponse> ListingCache::Get(
    const std::string& key) {
  if (!enabled()) return nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.expires <= clock_()) return nullptr;
  return it->second.response;
}

void ListingCache::Put(const std::string& key,
                       v1::ListEventsResponse response) {
  if (!enabled()) return;
  auto shared =
      std::make_shared<const v1::ListEventsResponse>(std::move(response));
  const auto now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= max_entries_) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = it->second.expires <= now ? entries_.erase(it) : std::next(it);
    }
    if (entries_.size() >= max_entries_) entries_.clear();
  }
  entries_[key] = {now + ttl_, std::move(shared)};
}

}  // namespace lifelong::community
