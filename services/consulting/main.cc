// The consulting process: bookings of 1:1 learning consulting at the
// centres, consultants learned from identity's events.
//
//   consulting_server           migrate, then serve until SIGTERM/SIGINT
//   consulting_server migrate   apply migrations and exit (the Kubernetes Job)
//
// Settings: common/config.h, and
//   CONSULTING_HOLD_MINUTES          how long a hold lasts (10)
//   CONSULTING_MAX_OPEN_BOOKINGS     open bookings per citizen (3)
//   CONSULTING_NO_SHOW_THRESHOLD     citizen no-shows in 180 days that
//                                    lower the limit (2)
//   CONSULTING_OPEN_AFTER_NO_SHOWS   the lowered limit (1)
//   CONSULTING_HOLD_EXPIRY_SECONDS   how often lapsed holds are expired (5)
//   CONSULTING_REMINDER_SECONDS      how often reminders are looked for (60)
//   CONSULTING_WAITLIST_SECONDS      how often the waitlist is offered free
//                                    slots (30)
//   CONSULTING_WAITLIST_OFFER_MINUTES how long an offered slot is held (60)
//   CONSULTING_SLOT_SNAPSHOT_MS      slot search reads availability at most
//                                    this old (1000; 0: always fresh)
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
#include "services/consulting/consultants.h"
#include "services/consulting/consulting_grpc.h"
#include "services/consulting/consulting_service.h"
#include "services/consulting/learning_plan.h"

namespace common = lifelong::common;
namespace consulting = lifelong::consulting;

int main(int argc, char** argv) {
  common::BlockTerminationSignals();
  // Configuration.
  common::EnvReader env;
  common::CommonConfig config = common::ReadCommonConfig(env, "consulting");
  consulting::ConsultingOptions options;
  options.hold_minutes = env.Int("CONSULTING_HOLD_MINUTES", 10, 1, 60);
  options.max_open_bookings = env.Int("CONSULTING_MAX_OPEN_BOOKINGS", 3, 1, 50);
  options.no_show_threshold = env.Int("CONSULTING_NO_SHOW_THRESHOLD", 2, 1, 50);
  options.open_bookings_after_no_shows =
      env.Int("CONSULTING_OPEN_AFTER_NO_SHOWS", 1, 0, 50);
  int hold_expiry_seconds =
      env.Int("CONSULTING_HOLD_EXPIRY_SECONDS", 5, 1, 3600);
  int reminder_seconds = env.Int("CONSULTING_REMINDER_SECONDS", 60, 1, 3600);
  int waitlist_seconds = env.Int("CONSULTING_WAITLIST_SECONDS", 30, 1, 3600);
  options.waitlist_offer_minutes =
      env.Int("CONSULTING_WAITLIST_OFFER_MINUTES", 60, 5, 24 * 60);
  options.snapshot_max_age = std::chrono::milliseconds(
      env.Int("CONSULTING_SLOT_SNAPSHOT_MS", 1000, 0, 60000));
  if (!common::ConfigOk(env, config.service)) return 2;
  common::log::Init(config.service, config.log_level);

  // Migrations.
  if (!common::Migrate(config)) return 1;
  if (argc > 1 && std::string(argv[1]) == "migrate") return 0;

  // Pool, sessions, logic.
  common::PgPool pool(config.pg_dsn, config.pg_pool_size);
  common::RedisClient redis(config.redis_host, config.redis_port);
  common::SessionStore sessions(redis, {});  // identity issues them
  options.now = [] { return static_cast<int64_t>(std::time(nullptr)); };
  consulting::ConsultingService logic(pool, options);
  common::Metrics metrics(config.service);

  // Consumers: consultants from identity's staff-role events.
  common::InboxConsumer consultants(
      pool, config.kafka_brokers, "consulting.identity-events",
      {consulting::kIdentityAccountTopic}, consulting::ApplyIdentityEvent);
  consultants.ExportMetrics(metrics);
  consultants.Start();
  // Plan items moved by enrolment's events; catalogue names they may use.
  common::InboxConsumer plan_progress(pool, config.kafka_brokers,
                                      "consulting.plan-progress",
                                      {consulting::kCatalogueProgrammeTopic,
                                       consulting::kCatalogueOfferingTopic,
                                       consulting::kEnrolmentApplicationTopic},
                                      consulting::ApplyPlanEvent);
  plan_progress.ExportMetrics(metrics);
  plan_progress.Start();

  // Periodic work: lapsed holds, reminders, waitlist offers.
  common::PeriodicTask hold_expiry(
      "hold_expiry", std::chrono::seconds(hold_expiry_seconds), metrics,
      [&]() -> absl::Status { return logic.ExpireHolds().status(); });
  common::PeriodicTask reminders(
      "reminders", std::chrono::seconds(reminder_seconds), metrics,
      [&]() -> absl::Status { return logic.SendReminders().status(); });
  common::PeriodicTask waitlist_offers(
      "waitlist_offers", std::chrono::seconds(waitlist_seconds), metrics,
      [&]() -> absl::Status { return logic.OfferWaitlistSlots().status(); });
  hold_expiry.Start();
  reminders.Start();
  waitlist_offers.Start();

  // Outbox relay, metrics, guard, adapter, server.
  common::OutboxRelay relay(config.pg_dsn, config.kafka_brokers,
                            "//lifelong/consulting");
  common::AddOutboxGauges(metrics, relay);
  common::MetricsHttpServer metrics_http(config.metrics_port, metrics);
  common::RpcGuard guard(sessions, metrics, consulting::kErrorDomain);
  consulting::ConsultingGrpc handlers(logic, guard);
  common::GrpcServer server(common::ServerOptionsOf(config));
  server.Register(&handlers);
  int code = common::ServeUntilSignal(server, relay, metrics_http, pool,
                                      config.drain_timeout);

  // Stop in reverse.
  waitlist_offers.Stop();
  reminders.Stop();
  hold_expiry.Stop();
  plan_progress.Stop();  // stores offsets of what was applied
  consultants.Stop();
  return code;
}
