#include "common/config.h"

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"

namespace lifelong::common {

EnvReader::EnvReader()
    : lookup_([](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
      }) {}

EnvReader::EnvReader(Lookup lookup) : lookup_(std::move(lookup)) {}

std::optional<std::string> EnvReader::Get(const std::string& name) const {
  std::optional<std::string> value = lookup_(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

void EnvReader::Fail(const std::string& name, const std::string& why) {
  errors_.push_back(name + ": " + why);
}

std::string EnvReader::String(const std::string& name) {
  std::optional<std::string> value = Get(name);
  if (!value) {
    Fail(name, "required but not set");
    return "";
  }
  return *value;
}

std::string EnvReader::Secret(const std::string& name, size_t min_length) {
  std::string value = String(name);
  if (!value.empty() && value.size() < min_length) {
    Fail(name, "shorter than " + std::to_string(min_length) + " characters");
  }
  return value;
}

std::string EnvReader::String(const std::string& name,
                              const std::string& fallback) {
  return Get(name).value_or(fallback);
}

int EnvReader::Int(const std::string& name, int fallback, int min, int max) {
  std::optional<std::string> value = Get(name);
  if (!value) return fallback;
  int parsed = 0;
  if (!absl::SimpleAtoi(*value, &parsed) || parsed < min || parsed > max) {
    Fail(name, "must be an integer from " + std::to_string(min) + " to " +
                   std::to_string(max) + ", got \"" + *value + "\"");
    return fallback;
  }
  return parsed;
}

std::chrono::seconds EnvReader::Seconds(const std::string& name, int fallback,
                                        int min, int max) {
  return std::chrono::seconds(Int(name, fallback, min, max));
}

std::string EnvReader::OneOf(const std::string& name,
                             const std::string& fallback,
                             const std::vector<std::string>& choices) {
  std::string value = Get(name).value_or(fallback);
  for (const std::string& choice : choices) {
    if (value == choice) return value;
  }
  Fail(name, "must be one of " + absl::StrJoin(choices, ", ") + ", got \"" +
                 value + "\"");
  return fallback;
}

std::pair<std::string, int> EnvReader::HostPort(const std::string& name,
                                                const std::string& fallback) {
  std::string value = Get(name).value_or(fallback);
  size_t colon = value.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(value.substr(colon + 1), &port) || port < 1 ||
      port > 65535) {
    Fail(name, "must be host:port, got \"" + value + "\"");
    return {"", 0};
  }
  return {value.substr(0, colon), port};
}

absl::Status EnvReader::Finish() const {
  if (errors_.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError("bad configuration: " +
                                    absl::StrJoin(errors_, "; "));
}

std::chrono::seconds ReadGrpcMaxConnectionAge(EnvReader& env) {
  return env.Seconds("LIFELONG_GRPC_MAX_CONNECTION_AGE_SECONDS",
                     kDefaultMaxConnectionAgeSeconds, 0, 86400);
}

CommonConfig ReadCommonConfig(EnvReader& env, const std::string& service) {
  CommonConfig config;
  config.service = service;
  config.grpc_port = env.Int("LIFELONG_GRPC_PORT", 50051, 1, 65535);
  config.metrics_port = env.Int("LIFELONG_METRICS_PORT", 9090, 1, 65535);
  config.pg_dsn = env.String("LIFELONG_PG_DSN");
  config.pg_pool_size = env.Int("LIFELONG_PG_POOL_SIZE", 8, 1, 256);
  std::tie(config.redis_host, config.redis_port) =
      env.HostPort("LIFELONG_REDIS_ADDR", "127.0.0.1:6379");
  config.kafka_brokers = env.String("LIFELONG_KAFKA_BROKERS");
  config.common_migrations_dir = env.String("LIFELONG_COMMON_MIGRATIONS_DIR");
  config.migrations_dir = env.String("LIFELONG_MIGRATIONS_DIR");
  config.drain_timeout = env.Seconds("LIFELONG_DRAIN_SECONDS", 20, 0, 600);
  config.grpc_max_connection_age = ReadGrpcMaxConnectionAge(env);
  config.log_level = env.OneOf("LIFELONG_LOG_LEVEL", "info",
                               {"debug", "info", "warn", "error"});
  return config;
}

}  // namespace lifelong::common
