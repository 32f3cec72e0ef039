// When the calling session ends: after the idle time (renewed by every
// call) or at its absolute end, whichever comes first. Read from the session
// hash that common/auth/session_store.h documents (session:<hash>, field
// absolute_expiry, TTL = the idle time left), right after the RpcGuard's
// Validate renewed it.
//
//   absl::StatusOr<SessionTimes> t = ReadSessionTimes(redis,
//   caller.session_id);
//   response.mutable_idle_expire_time()->set_seconds(t->idle_expiry);
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"

namespace lifelong::identity {

struct SessionTimes {
  long long idle_expiry = 0;      // Unix seconds: ends if unused until then
  long long absolute_expiry = 0;  // Unix seconds: ends then whatever its use
};

// UNAUTHENTICATED (SESSION_INVALID) when the session has just ended.
absl::StatusOr<SessionTimes> ReadSessionTimes(common::RedisClient& redis,
                                              const std::string& session_id);

}  // namespace lifelong::identity
