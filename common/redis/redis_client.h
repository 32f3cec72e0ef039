// A thread-safe Redis client over hiredis: a small pool of connections, each
// reconnected after an I/O error, each authenticated (AUTH) when it opens.
//
//   RedisClient redis("127.0.0.1", 6379);
//   absl::StatusOr<RedisReply> r = redis.Command({"GET", "session:ab12"});
//   redis.Transaction({{"HSET", k, "f", "v"}, {"EXPIRE", k, "60"}});  // MULTI
//
// Errors come back as UNAVAILABLE (Redis unreachable, or it refused the
// credentials) or INTERNAL (Redis refused the command).
//
// Credentials (RedisAuth::FromEnvironment, the default):
// LIFELONG_REDIS_USERNAME (an ACL user; unset: Redis's "default" user) and
// LIFELONG_REDIS_PASSWORD (unset: no AUTH). Debian's hiredis 0.14 has no TLS:
// to reach a Redis over TLS, run a TLS tunnel beside the process
// (docs/operations/security.md).
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

struct redisContext;

namespace lifelong::common {

struct RedisReply {
  enum class Type { kNil, kInteger, kString, kArray, kStatus };
  Type type = Type::kNil;
  long long integer = 0;
  std::string str;
  std::vector<RedisReply> elements;
};

struct RedisAuth {
  std::string username;  // empty: AUTH <password> (the default user)
  std::string password;  // empty: no AUTH
  static RedisAuth FromEnvironment();
};

class RedisClient {
 public:
  RedisClient(std::string host, int port, int pool_size = 8,
              std::chrono::milliseconds timeout = std::chrono::seconds(2),
              RedisAuth auth = RedisAuth::FromEnvironment());
  ~RedisClient();

  absl::StatusOr<RedisReply> Command(const std::vector<std::string>& argv);
  // Runs the commands between MULTI and EXEC on one connection; returns
  // EXEC's array of replies.
  absl::StatusOr<RedisReply> Transaction(
      const std::vector<std::vector<std::string>>& commands);

 private:
  struct ContextDeleter {
    void operator()(redisContext* c) const;
  };
  using Context = std::unique_ptr<redisContext, ContextDeleter>;

  // A connection; *reused says whether it came from the idle ones.
  absl::StatusOr<Context> Take(bool* reused);
  void Give(Context context);
  // Closes every idle connection (after one turned out broken).
  void DropIdle();
  // Runs `work` on a connection. When a reused connection turns out broken
  // (Redis restarted: the command never reached the new server), every idle
  // connection is dropped and `work` runs once more on a new one, so no call
  // fails after Redis is back.
  template <typename Work>
  absl::StatusOr<RedisReply> OnConnection(Work&& work);
  absl::StatusOr<RedisReply> Run(redisContext* c,
                                 const std::vector<std::string>& argv);

  const std::string host_;
  const int port_;
  const std::chrono::milliseconds timeout_;
  const RedisAuth auth_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<Context> idle_;
  int free_slots_;
};

}  // namespace lifelong::common
