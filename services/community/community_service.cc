#include "services/community/community_service.h"

namespace lifelong::community {

CommunityService::CommunityService(common::PgPool& pool,
                                   CommunityOptions options)
    : pool_(pool),
      options_(std::move(options)),
      listing_cache_(std::make_unique<ListingCache>(
          std::chrono::milliseconds(options_.listing_cache_ms))) {}

}  // namespace lifelong::community
