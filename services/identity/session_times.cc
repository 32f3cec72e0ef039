#include "services/identity/session_times.h"

#include <chrono>
#include <cstdlib>

#include "common/errors.h"

namespace lifelong::identity {

absl::StatusOr<SessionTimes> ReadSessionTimes(common::RedisClient& redis,
                                              const std::string& session_id) {
  std::string key = "session:" + session_id;
  absl::StatusOr<common::RedisReply> reply =
      redis.Transaction({{"TTL", key}, {"HGET", key, "absolute_expiry"}});
  if (!reply.ok()) return reply.status();
  if (reply->elements.size() != 2 || reply->elements[0].integer <= 0 ||
      reply->elements[1].type != common::RedisReply::Type::kString) {
    return common::Error(absl::StatusCode::kUnauthenticated, "SESSION_INVALID",
                         "the session has ended");
  }
  long long now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  SessionTimes times;
  times.idle_expiry = now + reply->elements[0].integer;
  times.absolute_expiry = std::atoll(reply->elements[1].str.c_str());
  if (times.idle_expiry > times.absolute_expiry) {
    times.idle_expiry = times.absolute_expiry;
  }
  return times;
}

}  // namespace lifelong::identity
