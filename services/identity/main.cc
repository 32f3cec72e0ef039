// The identity process: citizens, staff, roles and sessions.
//
//   identity_server           migrate, then serve until SIGTERM/SIGINT
//   identity_server migrate   apply migrations and exit (the Kubernetes Job)
//
// Settings: common/config.h and services/identity/identity_config.h.
#include <ctime>
#include <iostream>

#include "common/config.h"
#include "common/logging.h"
#include "common/metrics/metrics.h"
#include "common/outbox/outbox_relay.h"
#include "common/pg/migrations.h"
#include "common/pg/pool.h"
#include "common/redis/redis_client.h"
#include "common/server/grpc_server.h"
#include "common/server/rpc_guard.h"
#include "services/identity/identity_config.h"
#include "services/identity/identity_grpc.h"
#include "services/identity/identity_service.h"

namespace {

namespace common = lifelong::common;
namespace identity = lifelong::identity;
namespace log = lifelong::common::log;

int CurrentYear() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return utc.tm_year + 1900;
}

}  // namespace

int main(int argc, char** argv) {
  common::BlockTerminationSignals();

  common::EnvReader env;
  common::CommonConfig config = common::ReadCommonConfig(env, "identity");
  identity::IdentityConfig identity_config = identity::ReadIdentityConfig(env);
  if (absl::Status s = env.Finish(); !s.ok()) {
    std::cerr << "identity: " << s.message() << "\n";
    return 2;
  }
  log::Init(config.service, config.log_level);

  absl::StatusOr<int> migrated = common::ApplyMigrations(
      config.pg_dsn, {{"common", config.common_migrations_dir},
                      {"identity", config.migrations_dir}});
  if (!migrated.ok()) {
    log::Error("migrations_failed", {{"error", migrated.status().ToString()}});
    return 1;
  }
  if (argc > 1 && std::string(argv[1]) == "migrate") return 0;

  common::PgPool pool(config.pg_dsn, config.pg_pool_size);
  common::RedisClient redis(config.redis_host, config.redis_port);
  common::SessionStore sessions(redis, identity_config.sessions);
  identity::LoginLimiter limiter(redis, identity_config.login);
  identity::PasswordHasher hasher(
      identity_config.argon2_opslimit,
      static_cast<size_t>(identity_config.argon2_memlimit_kib) * 1024);
  identity::IdentityService logic(pool, sessions, limiter, hasher,
                                  {identity_config.districts, CurrentYear});
  if (!identity_config.bootstrap_admin_email.empty()) {
    absl::Status s = logic.EnsureFirstAdmin(identity_config.bootstrap_admin_email,
                                            identity_config.bootstrap_admin_password);
    if (!s.ok()) {
      log::Error("first_admin_failed", {{"error", s.ToString()}});
      return 1;
    }
  }

  common::OutboxRelay relay(config.pg_dsn, config.kafka_brokers,
                            "//lifelong/identity");
  common::Metrics metrics(config.service);
  metrics.AddGauge("lifelong_outbox_unpublished", "Outbox events not yet on Kafka.",
                   [&] { return relay.Backlog().unpublished; });
  metrics.AddGauge("lifelong_outbox_oldest_age_seconds",
                   "Age of the oldest outbox event not yet on Kafka.",
                   [&] { return relay.Backlog().oldest_age_seconds; });
  common::MetricsHttpServer metrics_http(config.metrics_port, metrics);

  common::RpcGuard guard(sessions, metrics, identity::kErrorDomain);
  identity::IdentityGrpc handlers(logic, guard);
  common::GrpcServer server({config.grpc_port});
  server.Register(&handlers);

  metrics_http.Start();
  relay.Start();
  server.Start();
  log::Info("serving", {{"grpc_port", server.port()},
                        {"metrics_port", metrics_http.port()},
                        {"migrations_applied", *migrated}});

  int signal = common::WaitForTerminationSignal();
  log::Info("stopping", {{"signal", signal}});
  server.Shutdown(config.drain_timeout);  // NOT_SERVING, drain in-flight calls
  relay.Stop();                           // finish the batch in flight
  metrics_http.Stop();
  pool.Close();
  log::Info("stopped");
  return 0;
}
