// Limits failed logins per account and per client address, in Redis, over a
// fixed window, without ever locking out the innocent.
//
//   - An account with `failures_per_account` failures in the window is
//     refused before its password is checked, from every address.
//   - An address with `failures_per_peer` failures is throttled: it may no
//     longer try accounts that have failures of their own, and a wrong
//     password from it is answered TOO_MANY_LOGIN_ATTEMPTS. The correct
//     password of an account without failures is still accepted from it, so
//     everyone behind a library's NAT or the city's gateway keeps logging in
//     while one of them guesses.
//   - Keys are keyed hashes, HMAC-SHA-256 under a server secret, of the
//     login and of the address (ratelimit:login:account:<hex>,
//     ratelimit:login:peer:<hex>): Redis holds no email, phone or address,
//     and a key cannot confirm a guessed login without the secret.
// Refusals are RESOURCE_EXHAUSTED (TOO_MANY_LOGIN_ATTEMPTS) with a RetryInfo
// saying when the window ends.
//
//   absl::StatusOr<LoginLimiter::Standing> standing = limiter.Check(login,
//   peer);
//   ... on a wrong password: limiter.RecordFailure(login, peer, *standing);
//   ... on success:          limiter.Reset(login);
#pragma once

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"

namespace lifelong::identity {

struct LoginLimits {
  int failures_per_account = 5;
  // Generous: older citizens at a centre's shared computers log in from one
  // address.
  int failures_per_peer = 50;
  std::chrono::seconds window{std::chrono::minutes(15)};
  // The HMAC key of the limiter's Redis keys (IDENTITY_LIMITER_SECRET); the
  // same on every replica, or each counts on its own.
  std::string secret;
};

class LoginLimiter {
 public:
  LoginLimiter(common::RedisClient& redis, LoginLimits limits);

  struct Standing {
    bool peer_throttled = false;
  };
  // OK with the address's standing when this login may be tried now.
  absl::StatusOr<Standing> Check(const std::string& login,
                                 const std::string& peer);
  // Counts a wrong password; from a throttled address the answer is the
  // refusal to give, else OK (the caller answers INVALID_CREDENTIALS).
  absl::Status RecordFailure(const std::string& login, const std::string& peer,
                             const Standing& standing);
  absl::Status Reset(const std::string& login);

  // The Redis key of a login (for tests): an HMAC, not the login.
  std::string AccountKey(const std::string& login) const;

 private:
  std::string PeerKey(const std::string& peer) const;
  std::string Hmac(const std::string& value) const;
  absl::Status Refusal(const std::string& key);

  common::RedisClient& redis_;
  const LoginLimits limits_;
  std::string hmac_key_;  // 32 bytes derived from the secret
};

}  // namespace lifelong::identity
