// The enrolment process: applications and seats, fed by the catalogue's and
// identity's events.
//
//   enrolment_server           migrate, then serve until SIGTERM/SIGINT
//   enrolment_server migrate   apply migrations and exit (the Kubernetes Job)
//
// Settings: common/config.h, and ENROLMENT_LIMIT_PER_TERM (live applications
// a citizen may hold per limit group; 3).
#include <ctime>
#include <string>

#include "common/config.h"
#include "common/kafka/inbox_consumer.h"
#include "common/logging.h"
#include "common/metrics/metrics.h"
#include "common/outbox/outbox_relay.h"
#include "common/pg/pool.h"
#include "common/redis/redis_client.h"
#include "common/server/grpc_server.h"
#include "common/server/process.h"
#include "common/server/rpc_guard.h"
#include "services/enrolment/enrolment_grpc.h"
#include "services/enrolment/enrolment_service.h"
#include "services/enrolment/read_model.h"

namespace common = lifelong::common;
namespace enrolment = lifelong::enrolment;

int main(int argc, char** argv) {
  common::BlockTerminationSignals();
  common::EnvReader env;
  common::CommonConfig config = common::ReadCommonConfig(env, "enrolment");
  int limit_per_group = env.Int("ENROLMENT_LIMIT_PER_TERM", 3, 1, 50);
  if (!common::ConfigOk(env, config.service)) return 2;
  common::log::Init(config.service, config.log_level);
  if (!common::Migrate(config)) return 1;
  if (argc > 1 && std::string(argv[1]) == "migrate") return 0;

  common::PgPool pool(config.pg_dsn, config.pg_pool_size);
  common::RedisClient redis(config.redis_host, config.redis_port);
  common::SessionStore sessions(redis, {});  // identity issues them
  enrolment::EnrolmentService logic(
      pool, {[] { return static_cast<int64_t>(std::time(nullptr)); },
             [] {
               std::time_t now = std::time(nullptr);
               std::tm utc{};
               gmtime_r(&now, &utc);
               return utc.tm_year + 1900;
             },
             limit_per_group});
  // Read models of offerings and citizens, from their services' events.
  common::InboxConsumer read_models(
      pool, config.kafka_brokers, "enrolment.read-models",
      {enrolment::kCatalogueOfferingTopic, enrolment::kIdentityAccountTopic},
      enrolment::ApplyEvent);
  read_models.Start();

  common::OutboxRelay relay(config.pg_dsn, config.kafka_brokers,
                            "//lifelong/enrolment");
  common::Metrics metrics(config.service);
  common::AddOutboxGauges(metrics, relay);
  common::MetricsHttpServer metrics_http(config.metrics_port, metrics);
  common::RpcGuard guard(sessions, metrics, enrolment::kErrorDomain);
  enrolment::EnrolmentGrpc handlers(logic, guard);
  common::GrpcServer server({config.grpc_port});
  server.Register(&handlers);
  int code = common::ServeUntilSignal(server, relay, metrics_http, pool,
                                      config.drain_timeout);
  read_models.Stop();  // stores offsets of what was applied
  return code;
}
