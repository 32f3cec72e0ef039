// The catalogue process: centres, venues, programmes, offerings, search.
//
//   catalogue_server           migrate, then serve until SIGTERM/SIGINT
//   catalogue_server migrate   apply migrations and exit (the Kubernetes Job)
//
// Settings: common/config.h, and CATALOGUE_UTC_OFFSET_MINUTES (the city's
// local time, 540 for Asia/Seoul).
#include <ctime>
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
#include "services/catalogue/catalogue_grpc.h"
#include "services/catalogue/catalogue_service.h"
#include "services/catalogue/search_index.h"

namespace common = lifelong::common;
namespace catalogue = lifelong::catalogue;

int main(int argc, char** argv) {
  common::BlockTerminationSignals();
  common::EnvReader env;
  common::CommonConfig config = common::ReadCommonConfig(env, "catalogue");
  int utc_offset = env.Int("CATALOGUE_UTC_OFFSET_MINUTES", 540, -720, 840);
  if (!common::ConfigOk(env, config.service)) return 2;
  common::log::Init(config.service, config.log_level);
  if (!common::Migrate(config)) return 1;
  if (argc > 1 && std::string(argv[1]) == "migrate") return 0;

  common::PgPool pool(config.pg_dsn, config.pg_pool_size);
  common::RedisClient redis(config.redis_host, config.redis_port);
  // Sessions are issued by identity; the catalogue only validates them.
  common::SessionStore sessions(redis, {});
  catalogue::SearchIndex search(pool, config.pg_dsn);
  search.Start();  // loads every published offering, then follows changes
  catalogue::CatalogueService logic(
      pool, search,
      {utc_offset, [] { return static_cast<int64_t>(std::time(nullptr)); }});

  common::OutboxRelay relay(config.pg_dsn, config.kafka_brokers,
                            "//lifelong/catalogue");
  common::Metrics metrics(config.service);
  common::AddOutboxGauges(metrics, relay);
  common::MetricsHttpServer metrics_http(config.metrics_port, metrics);
  common::RpcGuard guard(sessions, metrics, catalogue::kErrorDomain);
  catalogue::CatalogueGrpc handlers(logic, guard);
  common::GrpcServer server(common::ServerOptionsOf(config));
  server.Register(&handlers);
  return common::ServeUntilSignal(server, relay, metrics_http, pool,
                                  config.drain_timeout);
}
