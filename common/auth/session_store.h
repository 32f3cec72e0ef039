// Sessions in Redis, shared by every service.
//
// A session token is 256 random bits shown once to the client (base64url, 43
// characters). Redis never sees it: the key is the SHA-256 of the token.
//   session:<sha256 hex>       hash {account, roles (JSON), absolute_expiry}
//                              with a TTL of the sliding expiry, renewed on use
//                              but never past the absolute expiry
//   user_sessions:<account>    set of that account's session hashes, for
//                              "log out everywhere" and role changes
//
//   SessionStore sessions(redis, {std::chrono::hours(2),
//   std::chrono::hours(24)}); absl::StatusOr<NewSession> s =
//   sessions.Create(caller_without_session); absl::StatusOr<Caller> who =
//   sessions.Validate(token);  // UNAUTHENTICATED
//
// Thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/redis/redis_client.h"

namespace lifelong::common {

struct SessionPolicy {
  std::chrono::seconds sliding{std::chrono::hours(2)};
  std::chrono::seconds absolute{std::chrono::hours(24)};
};

struct NewSession {
  std::string token;  // give to the client; not kept anywhere
  std::chrono::system_clock::time_point absolute_expiry;
};

class SessionStore {
 public:
  SessionStore(RedisClient& redis, SessionPolicy policy);

  absl::StatusOr<NewSession> Create(const std::string& account,
                                    const std::vector<RoleGrant>& roles);
  // The caller behind a token, renewing its sliding expiry; UNAUTHENTICATED
  // (SESSION_INVALID) when unknown, expired or revoked.
  absl::StatusOr<Caller> Validate(const std::string& token);
  absl::Status Revoke(const std::string& session_id,
                      const std::string& account);
  // Ends every session of the account; returns how many there were.
  absl::StatusOr<int> RevokeAll(const std::string& account);
  // Rewrites the roles of every live session of the account.
  absl::Status UpdateRoles(const std::string& account,
                           const std::vector<RoleGrant>& roles);

  // The Redis key part for a token (hex SHA-256). Exposed for tests.
  static std::string HashToken(const std::string& token);

 private:
  RedisClient& redis_;
  const SessionPolicy policy_;
};

}  // namespace lifelong::common
