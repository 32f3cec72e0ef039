// The enrolment process: applications and seats, fed by the catalogue's and
// identity's events.
//
//   enrolment_server           migrate, then serve until SIGTERM/SIGINT
//   enrolment_server migrate   apply migrations and exit (the Kubernetes Job)
//
// Settings: common/config.h, and
//   ENROLMENT_LIMIT_PER_TERM        live applications per limit group (3)
//   ENROLMENT_OFFER_HOURS           a freed seat is held this long (48)
//   ENROLMENT_CANCEL_CUTOFF_HOURS   citizens cancel until this long before
//                                   the first session (24)
//   ENROLMENT_COMPLETION_PERCENT    attendance that completes a course (80)
//   ENROLMENT_NO_SHOW_STRIKES       unexcused absences that block (3)
//   ENROLMENT_NO_SHOW_BLOCK_DAYS    how long the block lasts (30)
//   ENROLMENT_DUE_WORK_SECONDS      how often offers expire and closed
//                                   offerings are acted on (5)
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
#include "services/enrolment/enrolment_grpc.h"
#include "services/enrolment/enrolment_service.h"
#include "services/enrolment/read_model.h"

namespace common = lifelong::common;
namespace enrolment = lifelong::enrolment;

int main(int argc, char** argv) {
  common::BlockTerminationSignals();
  common::EnvReader env;
  common::CommonConfig config = common::ReadCommonConfig(env, "enrolment");
  enrolment::EnrolmentOptions options;
  options.limit_per_group = env.Int("ENROLMENT_LIMIT_PER_TERM", 3, 1, 50);
  options.offer_hours = env.Int("ENROLMENT_OFFER_HOURS", 48, 1, 24 * 14);
  options.cancel_cutoff_hours =
      env.Int("ENROLMENT_CANCEL_CUTOFF_HOURS", 24, 0, 24 * 30);
  options.completion_percent =
      env.Int("ENROLMENT_COMPLETION_PERCENT", 80, 1, 100);
  options.no_show_strikes = env.Int("ENROLMENT_NO_SHOW_STRIKES", 3, 1, 20);
  options.no_show_block_days =
      env.Int("ENROLMENT_NO_SHOW_BLOCK_DAYS", 30, 1, 365);
  options.contact_ticket_key = env.Secret("LIFELONG_CONTACT_TICKET_KEY", 32);
  int due_work_seconds = env.Int("ENROLMENT_DUE_WORK_SECONDS", 5, 1, 3600);
  if (!common::ConfigOk(env, config.service)) return 2;
  common::log::Init(config.service, config.log_level);
  if (!common::Migrate(config)) return 1;
  if (argc > 1 && std::string(argv[1]) == "migrate") return 0;

  common::PgPool pool(config.pg_dsn, config.pg_pool_size);
  common::RedisClient redis(config.redis_host, config.redis_port);
  common::SessionStore sessions(redis, {});  // identity issues them
  options.now = [] { return static_cast<int64_t>(std::time(nullptr)); };
  options.current_year = [] {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    return utc.tm_year + 1900;
  };
  enrolment::EnrolmentService logic(pool, options);
  common::Metrics metrics(config.service);
  // Read models of offerings and citizens, from their services' events.
  common::InboxConsumer read_models(
      pool, config.kafka_brokers, "enrolment.read-models",
      {enrolment::kCatalogueOfferingTopic, enrolment::kIdentityAccountTopic,
       enrolment::kIdentityPriorityTopic},
      [&](pqxx::work& tx, const common::ConsumedMessage& m) {
        return enrolment::ApplyEvent(tx, m, logic.seat_policy());
      });
  read_models.ExportMetrics(metrics);
  read_models.Start();
  // Offers that lapse and offerings whose applications closed.
  common::PeriodicTask due_work(
      "due_work", std::chrono::seconds(due_work_seconds), metrics, [&] {
        absl::StatusOr<enrolment::DueWork> done = logic.RunDueWork();
        if (done.ok() && done->offers_expired + done->offerings_closed +
                                 done->offerings_ended >
                             0) {
          common::log::Info("due work",
                            {{"offers_expired", done->offers_expired},
                             {"offerings_closed", done->offerings_closed},
                             {"offerings_ended", done->offerings_ended}});
        }
        return done.status();
      });
  due_work.Start();

  common::OutboxRelay relay(config.pg_dsn, config.kafka_brokers,
                            "//lifelong/enrolment");
  common::AddOutboxGauges(metrics, relay);
  common::MetricsHttpServer metrics_http(config.metrics_port, metrics);
  common::RpcGuard guard(sessions, metrics, enrolment::kErrorDomain);
  enrolment::EnrolmentGrpc handlers(logic, guard);
  common::GrpcServer server(common::ServerOptionsOf(config));
  server.Register(&handlers);
  int code = common::ServeUntilSignal(server, relay, metrics_http, pool,
                                      config.drain_timeout);
  due_work.Stop();
  read_models.Stop();  // stores offsets of what was applied
  return code;
}
