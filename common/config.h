// Reads a process's configuration from environment variables and validates it
// at start, so that a bad value stops the process with a message naming the
// variable instead of failing later.
//
//   common::EnvReader env;
//   int port = env.Int("LIFELONG_GRPC_PORT", 50051, 1, 65535);
//   std::string dsn = env.String("LIFELONG_PG_DSN");  // required
//   if (absl::Status s = env.Finish(); !s.ok()) { ...exit... }
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace lifelong::common {

class EnvReader {
 public:
  using Lookup = std::function<std::optional<std::string>(const std::string&)>;

  // Reads the process environment.
  EnvReader();
  // Reads from `lookup` (for tests).
  explicit EnvReader(Lookup lookup);

  // A required variable: recorded as an error when unset or empty.
  std::string String(const std::string& name);
  std::string String(const std::string& name, const std::string& fallback);
  // A required key of at least `min_length` characters (the error never
  // shows the value).
  std::string Secret(const std::string& name, size_t min_length);
  // An integer in [min, max]; an error names the variable and the range.
  int Int(const std::string& name, int fallback, int min, int max);
  std::chrono::seconds Seconds(const std::string& name, int fallback, int min,
                               int max);
  // One of `choices`.
  std::string OneOf(const std::string& name, const std::string& fallback,
                    const std::vector<std::string>& choices);
  // "host:port".
  std::pair<std::string, int> HostPort(const std::string& name,
                                       const std::string& fallback);

  // OK, or INVALID_ARGUMENT listing every bad variable read so far.
  absl::Status Finish() const;

 private:
  std::optional<std::string> Get(const std::string& name) const;
  void Fail(const std::string& name, const std::string& why);

  Lookup lookup_;
  std::vector<std::string> errors_;
};

// Settings every service process shares.
struct CommonConfig {
  std::string service;  // "identity"
  int grpc_port = 0;
  int metrics_port = 0;
  std::string pg_dsn;
  int pg_pool_size = 0;
  std::string redis_host;
  int redis_port = 0;
  std::string kafka_brokers;
  std::string common_migrations_dir;
  std::string migrations_dir;
  std::chrono::seconds drain_timeout{0};
  // 0: connections live as long as clients keep them.
  std::chrono::seconds grpc_max_connection_age{0};
  std::string log_level;
};

inline constexpr int kDefaultMaxConnectionAgeSeconds = 300;

// LIFELONG_GRPC_MAX_CONNECTION_AGE_SECONDS: 0 (no limit) to 86400, 300 when
// unset. GrpcServer reads it itself unless its options say otherwise.
std::chrono::seconds ReadGrpcMaxConnectionAge(EnvReader& env);

// Reads LIFELONG_GRPC_PORT, LIFELONG_METRICS_PORT, LIFELONG_PG_DSN,
// LIFELONG_PG_POOL_SIZE, LIFELONG_REDIS_ADDR, LIFELONG_KAFKA_BROKERS,
// LIFELONG_COMMON_MIGRATIONS_DIR, LIFELONG_MIGRATIONS_DIR,
// LIFELONG_DRAIN_SECONDS, LIFELONG_GRPC_MAX_CONNECTION_AGE_SECONDS and
// LIFELONG_LOG_LEVEL.
CommonConfig ReadCommonConfig(EnvReader& env, const std::string& service);

}  // namespace lifelong::common
