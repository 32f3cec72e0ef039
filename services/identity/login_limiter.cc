#include "services/identity/login_limiter.h"

#include "common/auth/session_store.h"
#include "common/errors.h"

namespace lifelong::identity {

LoginLimiter::LoginLimiter(common::RedisClient& redis, LoginLimits limits)
    : redis_(redis), limits_(limits) {}

std::string LoginLimiter::AccountKey(const std::string& login) {
  // Hashed: Redis holds no email or phone number.
  return "ratelimit:login:account:" + common::SessionStore::HashToken(login);
}

std::string LoginLimiter::PeerKey(const std::string& peer) {
  return "ratelimit:login:peer:" + peer;
}

absl::Status LoginLimiter::Check(const std::string& login,
                                 const std::string& peer) {
  const std::pair<std::string, int> keys[] = {
      {AccountKey(login), limits_.failures_per_account},
      {PeerKey(peer), limits_.failures_per_peer}};
  for (const auto& [key, limit] : keys) {
    absl::StatusOr<common::RedisReply> count = redis_.Command({"GET", key});
    if (!count.ok()) return count.status();
    if (count->type != common::RedisReply::Type::kString ||
        std::atoll(count->str.c_str()) < limit) {
      continue;
    }
    absl::StatusOr<common::RedisReply> ttl = redis_.Command({"TTL", key});
    long long seconds = ttl.ok() && ttl->integer > 0 ? ttl->integer : 1;
    return common::WithRetryDelay(
        common::Error(absl::StatusCode::kResourceExhausted,
                      "TOO_MANY_LOGIN_ATTEMPTS",
                      "too many failed logins; try again in " +
                          std::to_string(seconds) + " s"),
        std::chrono::seconds(seconds));
  }
  return absl::OkStatus();
}

absl::Status LoginLimiter::RecordFailure(const std::string& login,
                                         const std::string& peer) {
  std::string window = std::to_string(limits_.window.count());
  for (const std::string& key : {AccountKey(login), PeerKey(peer)}) {
    absl::StatusOr<common::RedisReply> r =
        redis_.Transaction({{"INCR", key}, {"EXPIRE", key, window, "NX"}});
    if (!r.ok()) return r.status();
  }
  return absl::OkStatus();
}

absl::Status LoginLimiter::Reset(const std::string& login) {
  return redis_.Command({"DEL", AccountKey(login)}).status();
}

}  // namespace lifelong::identity
