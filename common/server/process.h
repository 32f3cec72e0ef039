// Steps every service's main() takes, so that each main reads as the list of
// parts its process runs, in order:
//
//   if (!ConfigOk(env, "catalogue")) return 2;
//   if (!Migrate(config)) return 1;
//   ...construct pool, Redis, logic, relay, metrics, guard, handlers, server...
//   AddOutboxGauges(metrics, relay);
//   return ServeUntilSignal(server, relay, metrics_http, pool,
//   config.drain_timeout);
#pragma once

#include <chrono>

#include "common/config.h"
#include "common/metrics/metrics.h"
#include "common/outbox/outbox_relay.h"
#include "common/pg/pool.h"
#include "common/server/grpc_server.h"

namespace lifelong::common {

// Prints every bad variable to stderr and returns false when there is one.
bool ConfigOk(const EnvReader& env, const std::string& service);

// The gRPC server's options from the common settings (port, maximum
// connection age).
GrpcServerOptions ServerOptionsOf(const CommonConfig& config);

// Applies the common and the service's migrations; logs and returns false on
// failure.
bool Migrate(const CommonConfig& config);

// lifelong_outbox_unpublished, lifelong_outbox_oldest_age_seconds and
// lifelong_outbox_relay_active.
void AddOutboxGauges(Metrics& metrics, OutboxRelay& relay);

// Starts metrics, the relay and the server; on SIGTERM or SIGINT turns health
// to NOT_SERVING, drains calls for up to `drain` (then no transaction
// commits any more, and calls still running 2 s later are cancelled: a
// cancelled call committed nothing), stops the relay after its batch in
// flight, and closes the pool. Returns the process's exit code.
int ServeUntilSignal(GrpcServer& server, OutboxRelay& relay,
                     MetricsHttpServer& metrics_http, PgPool& pool,
                     std::chrono::seconds drain);

}  // namespace lifelong::common
