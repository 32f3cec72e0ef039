#include "services/identity/login_limiter.h"

#include <sodium.h>

#include "common/errors.h"
#include "common/hex_digest.h"

namespace lifelong::identity {
namespace {

long long CountOf(const absl::StatusOr<common::RedisReply>& reply) {
  if (!reply.ok() || reply->type != common::RedisReply::Type::kString) return 0;
  return std::atoll(reply->str.c_str());
}

}  // namespace

LoginLimiter::LoginLimiter(common::RedisClient& redis, LoginLimits limits)
    : redis_(redis), limits_(std::move(limits)) {
  unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
  crypto_hash_sha256(
      key, reinterpret_cast<const unsigned char*>(limits_.secret.data()),
      limits_.secret.size());
  hmac_key_.assign(reinterpret_cast<const char*>(key), sizeof key);
}

std::string LoginLimiter::Hmac(const std::string& value) const {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(
      mac, reinterpret_cast<const unsigned char*>(value.data()), value.size(),
      reinterpret_cast<const unsigned char*>(hmac_key_.data()));
  return common::HexOf(
      std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

std::string LoginLimiter::AccountKey(const std::string& login) const {
  return "ratelimit:login:account:" + Hmac(login);
}

std::string LoginLimiter::PeerKey(const std::string& peer) const {
  return "ratelimit:login:peer:" + Hmac(peer);
}

absl::Status LoginLimiter::Refusal(const std::string& key) {
  absl::StatusOr<common::RedisReply> ttl = redis_.Command({"TTL", key});
  long long seconds = ttl.ok() && ttl->integer > 0 ? ttl->integer : 1;
  return common::WithRetryDelay(
      common::Error(absl::StatusCode::kResourceExhausted,
                    "TOO_MANY_LOGIN_ATTEMPTS",
                    "too many failed logins; try again in " +
                        std::to_string(seconds) + " s"),
      std::chrono::seconds(seconds));
}

absl::StatusOr<LoginLimiter::Standing> LoginLimiter::Check(
    const std::string& login, const std::string& peer) {
  std::string account_key = AccountKey(login), peer_key = PeerKey(peer);
  absl::StatusOr<common::RedisReply> account =
      redis_.Command({"GET", account_key});
  if (!account.ok()) return account.status();
  absl::StatusOr<common::RedisReply> address =
      redis_.Command({"GET", peer_key});
  if (!address.ok()) return address.status();
  long long account_failures = CountOf(account);
  if (account_failures >= limits_.failures_per_account) {
    return Refusal(account_key);
  }
  Standing standing;
  standing.peer_throttled = CountOf(address) >= limits_.failures_per_peer;
  // A throttled address may still bring the right password of an account
  // that nobody has been guessing.
  if (standing.peer_throttled && account_failures > 0) {
    return Refusal(peer_key);
  }
  return standing;
}

absl::Status LoginLimiter::RecordFailure(const std::string& login,
                                         const std::string& peer,
                                         const Standing& standing) {
  std::string window = std::to_string(limits_.window.count());
  std::string peer_key = PeerKey(peer);
  for (const std::string& key : {AccountKey(login), peer_key}) {
    absl::StatusOr<common::RedisReply> r =
        redis_.Transaction({{"INCR", key}, {"EXPIRE", key, window, "NX"}});
    if (!r.ok()) return r.status();
  }
  if (standing.peer_throttled) return Refusal(peer_key);
  return absl::OkStatus();
}

absl::Status LoginLimiter::Reset(const std::string& login) {
  return redis_.Command({"DEL", AccountKey(login)}).status();
}

}  // namespace lifelong::identity
