#include "common/auth/session_store.h"

#include <sodium.h>

#include "common/errors.h"
#include "common/hex_digest.h"
#include "nlohmann/json.hpp"

namespace lifelong::common {
namespace {

constexpr char kSessionPrefix[] = "session:";
constexpr char kUserSessionsPrefix[] = "user_sessions:";

long long UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string RolesToJson(const std::vector<RoleGrant>& roles) {
  nlohmann::json out = nlohmann::json::array();
  for (const RoleGrant& g : roles)
    out.push_back({{"role", g.role}, {"scope", g.scope}});
  return out.dump();
}

std::vector<RoleGrant> RolesFromJson(const std::string& text) {
  std::vector<RoleGrant> roles;
  nlohmann::json in = nlohmann::json::parse(text, nullptr, false);
  if (!in.is_array()) return roles;
  for (const auto& g : in) {
    roles.push_back({g.value("role", ""), g.value("scope", "")});
  }
  return roles;
}

absl::Status InvalidSession() {
  return Error(absl::StatusCode::kUnauthenticated, "SESSION_INVALID",
               "the session is unknown, expired or ended; log in again");
}

}  // namespace

SessionStore::SessionStore(RedisClient& redis, SessionPolicy policy)
    : redis_(redis), policy_(policy) {}

std::string SessionStore::HashToken(const std::string& token) {
  return Sha256Hex(token);
}

absl::StatusOr<NewSession> SessionStore::Create(
    const std::string& account, const std::vector<RoleGrant>& roles) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof(raw));
  char encoded[sodium_base64_ENCODED_LEN(
      32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(encoded, sizeof(encoded), raw, sizeof(raw),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof(raw));
  NewSession session{encoded,
                     std::chrono::system_clock::now() + policy_.absolute};
  std::string hash = HashToken(session.token);
  std::string key = kSessionPrefix + hash;
  std::string index = kUserSessionsPrefix + account;
  long long absolute_expiry = UnixNow() + policy_.absolute.count();
  absl::StatusOr<RedisReply> reply = redis_.Transaction({
      {"HSET", key, "account", account, "roles", RolesToJson(roles),
       "absolute_expiry", std::to_string(absolute_expiry)},
      {"EXPIRE", key, std::to_string(policy_.sliding.count())},
      {"SADD", index, hash},
      // The index lives as long as the longest session in it can.
      {"EXPIRE", index, std::to_string(policy_.absolute.count()), "GT"},
      {"EXPIRE", index, std::to_string(policy_.absolute.count()), "NX"},
  });
  if (!reply.ok()) return reply.status();
  return session;
}

absl::StatusOr<Caller> SessionStore::Validate(const std::string& token) {
  if (token.empty() || token.size() > 128) return InvalidSession();
  std::string hash = HashToken(token);
  std::string key = kSessionPrefix + hash;
  absl::StatusOr<RedisReply> reply =
      redis_.Command({"HMGET", key, "account", "roles", "absolute_expiry"});
  if (!reply.ok()) return reply.status();
  if (reply->elements.size() != 3 ||
      reply->elements[0].type != RedisReply::Type::kString) {
    return InvalidSession();
  }
  long long remaining = std::atoll(reply->elements[2].str.c_str()) - UnixNow();
  if (remaining <= 0) {
    redis_.Command({"DEL", key}).IgnoreError();
    return InvalidSession();
  }
  long long ttl = std::min<long long>(policy_.sliding.count(), remaining);
  absl::StatusOr<RedisReply> renewed =
      redis_.Command({"EXPIRE", key, std::to_string(ttl)});
  if (!renewed.ok()) return renewed.status();
  Caller caller;
  caller.account = reply->elements[0].str;
  caller.roles = RolesFromJson(reply->elements[1].str);
  caller.session_id = hash;
  return caller;
}

absl::Status SessionStore::Revoke(const std::string& session_id,
                                  const std::string& account) {
  return redis_
      .Transaction({{"DEL", kSessionPrefix + session_id},
                    {"SREM", kUserSessionsPrefix + account, session_id}})
      .status();
}

absl::StatusOr<int> SessionStore::RevokeAll(const std::string& account) {
  std::string index = kUserSessionsPrefix + account;
  absl::StatusOr<RedisReply> members = redis_.Command({"SMEMBERS", index});
  if (!members.ok()) return members.status();
  std::vector<std::string> del = {"DEL", index};
  for (const RedisReply& m : members->elements)
    del.push_back(kSessionPrefix + m.str);
  absl::StatusOr<RedisReply> deleted = redis_.Command(del);
  if (!deleted.ok()) return deleted.status();
  // DEL counts the index itself too.
  return static_cast<int>(std::max(0LL, deleted->integer - 1));
}

absl::Status SessionStore::UpdateRoles(const std::string& account,
                                       const std::vector<RoleGrant>& roles) {
  absl::StatusOr<RedisReply> members =
      redis_.Command({"SMEMBERS", kUserSessionsPrefix + account});
  if (!members.ok()) return members.status();
  std::string json = RolesToJson(roles);
  for (const RedisReply& m : members->elements) {
    // HSET only where the session still exists: never resurrect one.
    absl::StatusOr<RedisReply> r = redis_.Command(
        {"EVAL",
         "if redis.call('EXISTS', KEYS[1]) == 1 then "
         "return redis.call('HSET', KEYS[1], 'roles', ARGV[1]) end return 0",
         "1", kSessionPrefix + m.str, json});
    if (!r.ok()) return r.status();
  }
  return absl::OkStatus();
}

}  // namespace lifelong::common
