// Limits failed logins per account and per client address, in Redis
// (keys ratelimit:login:account:<sha256 of login>, ratelimit:login:peer:<ip>),
// over a fixed window. Past a limit every attempt is refused with
// RESOURCE_EXHAUSTED (TOO_MANY_LOGIN_ATTEMPTS) and a RetryInfo saying when
// the window ends, before the password is even checked.
//
//   if (absl::Status s = limiter.Check(login, peer); !s.ok()) return s;
//   ... on a wrong password: limiter.RecordFailure(login, peer);
//   ... on success:          limiter.Reset(login);
#pragma once

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "common/redis/redis_client.h"

namespace lifelong::identity {

struct LoginLimits {
  int failures_per_account = 5;
  // Generous: older citizens at a centre's shared computers log in from one
  // address.
  int failures_per_peer = 50;
  std::chrono::seconds window{std::chrono::minutes(15)};
};

class LoginLimiter {
 public:
  LoginLimiter(common::RedisClient& redis, LoginLimits limits);

  absl::Status Check(const std::string& login, const std::string& peer);
  absl::Status RecordFailure(const std::string& login, const std::string& peer);
  absl::Status Reset(const std::string& login);

 private:
  static std::string AccountKey(const std::string& login);
  static std::string PeerKey(const std::string& peer);

  common::RedisClient& redis_;
  const LoginLimits limits_;
};

}  // namespace lifelong::identity
