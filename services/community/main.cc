// The community process: learning villages, clubs, their events and RSVPs,
// fed by identity's account events.
//
//   community_server           migrate, then serve until SIGTERM/SIGINT
//   community_server migrate   apply migrations and exit (the Kubernetes Job)
//
// Settings: common/config.h, and
//   COMMUNITY_MAX_OCCURRENCES        occurrences one series may have (200)
//   COMMUNITY_ANONYMISE_AFTER_DAYS   days after an event when its RSVPs lose
//                                    their person (30)
//   COMMUNITY_HOLD_MINUTES           how long a seat hold lasts (15)
//   COMMUNITY_HOLD_EXPIRY_SECONDS    how often expired holds are freed (5)
//   COMMUNITY_ANONYMISE_SECONDS      how often anonymisation runs (3600)
//   COMMUNITY_LISTING_CACHE_MS       how long a public listing is answered
//                                    from memory (1000; 0: off)
#include <chrono>
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
#include "common/server/periodic_task.h"
#include "common/server/process.h"
#include "common/server/rpc_guard.h"
#include "services/community/community_grpc.h"
#include "services/community/community_service.h"
#include "services/community/identity_events.h"

namespace common = lifelong::common;
namespace community = lifelong::community;

int main(int argc, char** argv) {
  common::BlockTerminationSignals();
  common::EnvReader env;
  common::CommonConfig config = common::ReadCommonConfig(env, "community");
  community::CommunityOptions options;
  options.max_occurrences = env.Int("COMMUNITY_MAX_OCCURRENCES", 200, 1, 1000);
  options.anonymise_after_days =
      env.Int("COMMUNITY_ANONYMISE_AFTER_DAYS", 30, 1, 3650);
  options.hold_minutes = env.Int("COMMUNITY_HOLD_MINUTES", 15, 1, 24 * 60);
  options.listing_cache_ms =
      env.Int("COMMUNITY_LISTING_CACHE_MS", 1000, 0, 60000);
  auto hold_expiry_every =
      env.Seconds("COMMUNITY_HOLD_EXPIRY_SECONDS", 5, 1, 3600);
  auto anonymise_every =
      env.Seconds("COMMUNITY_ANONYMISE_SECONDS", 3600, 1, 86400);
  if (!common::ConfigOk(env, config.service)) return 2;
  common::log::Init(config.service, config.log_level);
  if (!common::Migrate(config)) return 1;
  if (argc > 1 && std::string(argv[1]) == "migrate") return 0;

  common::PgPool pool(config.pg_dsn, config.pg_pool_size);
  common::RedisClient redis(config.redis_host, config.redis_port);
  common::SessionStore sessions(redis, {});  // identity issues them
  options.now = [] { return static_cast<int64_t>(std::time(nullptr)); };
  community::CommunityService logic(pool, options);
  common::Metrics metrics(config.service);

  // Village coordinators and citizens' birth years, from identity's events.
  common::InboxConsumer identity(
      pool, config.kafka_brokers, "community.identity",
      {community::kIdentityAccountTopic}, community::ApplyIdentityEvent);
  identity.ExportMetrics(metrics);
  identity.Start();

  common::PeriodicTask hold_expiry("hold_expiry", hold_expiry_every, metrics,
                                   [&] { return logic.ExpireHolds(); });
  common::PeriodicTask anonymisation(
      "rsvp_anonymisation", anonymise_every, metrics,
      [&] { return logic.AnonymisePastRsvps(); });
  hold_expiry.Start();
  anonymisation.Start();

  common::OutboxRelay relay(config.pg_dsn, config.kafka_brokers,
                            "//lifelong/community");
  common::AddOutboxGauges(metrics, relay);
  common::MetricsHttpServer metrics_http(config.metrics_port, metrics);
  common::RpcGuard guard(sessions, metrics, community::kErrorDomain);
  community::CommunityGrpc handlers(logic, guard);
  common::GrpcServer server(common::ServerOptionsOf(config));
  server.Register(&handlers);
  int code = common::ServeUntilSignal(server, relay, metrics_http, pool,
                                      config.drain_timeout);
  anonymisation.Stop();
  hold_expiry.Stop();
  identity.Stop();  // stores offsets of what was applied
  return code;
}
