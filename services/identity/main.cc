// The identity process: citizens, staff, roles and sessions.
//
//   identity_server           migrate, then serve until SIGTERM/SIGINT
//   identity_server migrate   apply migrations and exit (the Kubernetes Job)
//
// Settings: common/config.h and services/identity/identity_config.h.
#include <ctime>
#include <iostream>
#include <string>

#include "common/config.h"
#include "common/logging.h"
#include "common/metrics/metrics.h"
#include "common/outbox/outbox_relay.h"
#include "common/pg/pool.h"
#include "common/redis/redis_client.h"
#include "common/server/grpc_server.h"
#include "common/server/process.h"
#include "common/server/rpc_guard.h"
#include "services/identity/identity_config.h"
#include "services/identity/identity_grpc.h"
#include "services/identity/identity_service.h"

namespace {

namespace common = lifelong::common;
namespace identity = lifelong::identity;

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
  if (!common::ConfigOk(env, config.service)) return 2;
  absl::StatusOr<common::TrustedProxies> proxies =
      common::TrustedProxies::Parse(identity_config.trusted_proxies);
  if (!proxies.ok()) {
    std::cerr << proxies.status().message() << "\n";
    return 2;
  }
  common::log::Init(config.service, config.log_level);
  if (!common::Migrate(config)) return 1;
  if (argc > 1 && std::string(argv[1]) == "migrate") return 0;

  common::PgPool pool(config.pg_dsn, config.pg_pool_size);
  common::RedisClient redis(config.redis_host, config.redis_port);
  common::SessionStore sessions(redis, identity_config.sessions);
  identity::LoginLimiter limiter(redis, identity_config.login);
  identity::PasswordHasher hasher(
      identity_config.argon2_opslimit,
      static_cast<size_t>(identity_config.argon2_memlimit_kib) * 1024,
      identity_config.hash_memory_mib * 1024 /
          identity_config.argon2_memlimit_kib);
  identity::IdentityService logic(
      pool, redis, sessions, limiter, hasher,
      {identity_config.districts, CurrentYear,
       identity_config.district_names_ko, std::chrono::hours(2),
       identity_config.contact_ticket_key});
  if (!identity_config.bootstrap_admin_email.empty()) {
    absl::Status s =
        logic.EnsureFirstAdmin(identity_config.bootstrap_admin_email,
                               identity_config.bootstrap_admin_password);
    if (!s.ok()) {
      common::log::Error("first_admin_failed", {{"error", s.ToString()}});
      return 1;
    }
  }

  common::OutboxRelay relay(config.pg_dsn, config.kafka_brokers,
                            "//lifelong/identity");
  common::Metrics metrics(config.service);
  common::AddOutboxGauges(metrics, relay);
  common::MetricsHttpServer metrics_http(config.metrics_port, metrics);
  common::RpcGuard guard(sessions, metrics, identity::kErrorDomain);
  guard.set_trusted_proxies(*proxies);  // the limiter counts real clients
  identity::IdentityGrpc handlers(logic, guard);
  common::GrpcServer server(common::ServerOptionsOf(config));
  server.Register(&handlers);
  return common::ServeUntilSignal(server, relay, metrics_http, pool,
                                  config.drain_timeout);
}
