#include "common/outbox/outbox_relay.h"

#include <pqxx/pqxx>

#include "common/kafka/producer.h"
#include "common/logging.h"

namespace lifelong::common {
namespace {

// $TIME is the commit time of the row's transaction, or its insert time.
constexpr char kSelectBatch[] = R"sql(
  SELECT id, event_id::text, topic, key, type, payload, traceparent,
         to_char($TIME AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
  FROM outbox
  WHERE published_at IS NULL
  ORDER BY id
  LIMIT $1
  FOR UPDATE)sql";
constexpr char kCommitTime[] =
    "COALESCE(pg_xact_commit_timestamp(xmin), created_at)";

constexpr char kTracksCommitTime[] =
    "SELECT current_setting('track_commit_timestamp') = 'on'";

// One lock per service schema: the active relay holds it.
constexpr char kTryActiveLock[] =
    "SELECT pg_try_advisory_lock(hashtext(current_schema() || '.outbox'))";

constexpr char kMarkPublished[] =
    "UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])";

constexpr char kBacklog[] = R"sql(
  SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)
  FROM outbox WHERE published_at IS NULL)sql";

// Wakes the relay when a transaction that wrote to the outbox commits.
class OutboxListener : public pqxx::notification_receiver {
 public:
  OutboxListener(pqxx::connection_base& conn, const std::string& channel)
      : pqxx::notification_receiver(conn, channel) {}
  void operator()(const std::string&, int) override {}
};

std::string CurrentSchema(pqxx::connection& conn) {
  pqxx::nontransaction tx(conn);
  return tx.exec("SELECT current_schema()")[0][0].as<std::string>();
}

}  // namespace

OutboxRelay::OutboxRelay(std::string pg_dsn, std::string brokers,
                         std::string source, OutboxRelayOptions options)
    : pg_dsn_(std::move(pg_dsn)),
      brokers_(std::move(brokers)),
      source_(std::move(source)),
      options_(std::move(options)) {}

OutboxRelay::~OutboxRelay() { Stop(); }

void OutboxRelay::Start() {
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void OutboxRelay::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

KafkaProducer& OutboxRelay::Producer() {
  if (producer_ && producer_->fatal()) {
    log::Warn("outbox_producer_recreated", {{"reason", "fatal error"}});
    producer_.reset();
  }
  if (!producer_) {
    producer_ =
        std::make_unique<KafkaProducer>(brokers_, options_.producer_overrides);
  }
  return *producer_;
}

pqxx::connection& OutboxRelay::Connection() {
  if (conn_ && !conn_->is_open()) conn_.reset();
  if (!conn_) {
    conn_ = std::make_unique<pqxx::connection>(pg_dsn_);
    pqxx::nontransaction tx(*conn_);
    tx.exec("SET application_name = 'lifelong-outbox-relay'");
    bool commit_time = tx.exec(kTracksCommitTime)[0][0].as<bool>();
    select_batch_ = kSelectBatch;
    select_batch_.replace(select_batch_.find("$TIME"), 5,
                          commit_time ? kCommitTime : "created_at");
  }
  return *conn_;
}

bool OutboxRelay::TryBecomeActive() {
  pqxx::nontransaction tx(Connection());
  return tx.exec(kTryActiveLock)[0][0].as<bool>();
}

void OutboxRelay::SleepUnlessStopping(std::chrono::milliseconds duration) {
  auto until = std::chrono::steady_clock::now() + duration;
  while (!stopping_ && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

OutboxRelay::Pass OutboxRelay::RelayOnce() {
  pqxx::work tx(Connection());
  pqxx::result rows = tx.exec_params(select_batch_, options_.batch_size);
  if (rows.empty()) return {};
  std::vector<KafkaRecord> records;
  records.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    KafkaRecord record;
    record.topic = row[2].as<std::string>();
    record.key = row[3].as<std::string>();
    record.value = pqxx::binarystring(row[5]).str();
    record.headers = {
        {"ce_specversion", "1.0"},
        {"ce_id", row[1].as<std::string>()},
        {"ce_type", row[4].as<std::string>()},
        {"ce_source", source_},
        {"ce_time", row[7].as<std::string>()},
        {"content-type", "application/protobuf"},
    };
    std::string traceparent = row[6].as<std::string>();
    if (!traceparent.empty())
      record.headers.emplace_back("traceparent", traceparent);
    records.push_back(std::move(record));
  }
  std::vector<SendOutcome> outcomes = Producer().SendBatch(records);
  std::string delivered_ids = "{";
  int delivered = 0;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i] == SendOutcome::kDelivered) {
      if (delivered++ > 0) delivered_ids += ",";
      delivered_ids += rows[i][0].c_str();
    } else if (outcomes[i] == SendOutcome::kPermanent) {
      // Kept unpublished and loud: an operator must look, nothing is dropped.
      log::Error("outbox_event_refused", {{"event_id", rows[i][1].c_str()},
                                          {"topic", records[i].topic}});
    }
  }
  delivered_ids += "}";
  if (delivered > 0) tx.exec_params(kMarkPublished, delivered_ids);
  tx.commit();
  if (delivered < static_cast<int>(rows.size())) {
    log::Warn("outbox_send_incomplete",
              {{"delivered", delivered}, {"batch", rows.size()}});
  }
  return {static_cast<int>(rows.size()), delivered};
}

void OutboxRelay::Run() {
  std::chrono::milliseconds backoff{100};
  while (!stopping_) {
    try {
      if (!TryBecomeActive()) {
        SleepUnlessStopping(options_.standby_poll);  // standby
        continue;
      }
      active_ = true;
      log::Info("outbox_relay_active", {{"source", source_}});
      pqxx::connection listen_conn(pg_dsn_);
      OutboxListener listener(listen_conn,
                              "outbox_" + CurrentSchema(listen_conn));
      backoff = std::chrono::milliseconds(100);
      while (!stopping_) {
        Pass pass = RelayOnce();
        if (pass.delivered == options_.batch_size) continue;  // more may wait
        if (pass.delivered < pass.selected) {
          // Kafka is not taking records: do not spin.
          std::this_thread::sleep_for(backoff);
          backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
          continue;
        }
        backoff = std::chrono::milliseconds(100);
        // Woken by NOTIFY, or at the latest after one sweep interval.
        auto interval = options_.sweep_interval;
        listen_conn.await_notification(interval.count() / 1000,
                                       (interval.count() % 1000) * 1000);
      }
    } catch (const std::exception& e) {
      conn_.reset();  // and with it the lock: a standby may take over
      active_ = false;
      log::Warn("outbox_relay_error", {{"error", e.what()}});
      SleepUnlessStopping(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
  conn_.reset();  // hand over at once
  active_ = false;
}

OutboxBacklog OutboxRelay::Backlog() {
  pqxx::connection conn(pg_dsn_);
  pqxx::nontransaction tx(conn);
  pqxx::row row = tx.exec(kBacklog)[0];
  return {row[0].as<long long>(), row[1].as<double>()};
}

}  // namespace lifelong::common
