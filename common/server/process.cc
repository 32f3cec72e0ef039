#include "common/server/process.h"

#include <iostream>

#include "common/logging.h"
#include "common/pg/migrations.h"

namespace lifelong::common {

bool ConfigOk(const EnvReader& env, const std::string& service) {
  absl::Status status = env.Finish();
  if (!status.ok()) std::cerr << service << ": " << status.message() << "\n";
  return status.ok();
}

bool Migrate(const CommonConfig& config) {
  absl::StatusOr<int> applied =
      ApplyMigrations(config.pg_dsn, {{"common", config.common_migrations_dir},
                                      {config.service, config.migrations_dir}});
  if (!applied.ok()) {
    log::Error("migrations_failed", {{"error", applied.status().ToString()}});
    return false;
  }
  log::Info("migrations_done", {{"applied", *applied}});
  return true;
}

GrpcServerOptions ServerOptionsOf(const CommonConfig& config) {
  GrpcServerOptions options;
  options.port = config.grpc_port;
  options.max_connection_age = config.grpc_max_connection_age;
  return options;
}

void AddOutboxGauges(Metrics& metrics, OutboxRelay& relay) {
  metrics.AddGauge("lifelong_outbox_unpublished",
                   "Outbox events not yet on Kafka.",
                   [&relay] { return relay.Backlog().unpublished; });
  metrics.AddGauge("lifelong_outbox_oldest_age_seconds",
                   "Age of the oldest outbox event not yet on Kafka.",
                   [&relay] { return relay.Backlog().oldest_age_seconds; });
  metrics.AddGauge("lifelong_outbox_relay_active",
                   "1 when this replica's relay is the one sending, 0 when it "
                   "stands by.",
                   [&relay] { return relay.active() ? 1.0 : 0.0; });
}

int ServeUntilSignal(GrpcServer& server, OutboxRelay& relay,
                     MetricsHttpServer& metrics_http, PgPool& pool,
                     std::chrono::seconds drain) {
  try {
    metrics_http.Start();
    relay.Start();
    server.Start();
  } catch (const std::exception& e) {
    log::Error("start_failed", {{"error", e.what()}});
    return 1;
  }
  log::Info("serving", {{"grpc_port", server.port()},
                        {"metrics_port", metrics_http.port()}});
  int signal = WaitForTerminationSignal();
  log::Info("stopping", {{"signal", signal}});
  // From the drain limit on no transaction commits (PgPool::StopCommitsAt),
  // so the calls gRPC cancels a moment later have committed nothing; the
  // commits under way before the limit get kCommitGrace to finish and answer.
  constexpr std::chrono::seconds kCommitGrace(2);
  pool.StopCommitsAt(std::chrono::steady_clock::now() + drain);
  server.Shutdown(drain + kCommitGrace);  // NOT_SERVING, drain in-flight calls
  relay.Stop();                           // finish the batch in flight
  metrics_http.Stop();
  pool.Close();
  log::Info("stopped");
  return 0;
}

}  // namespace lifelong::common
