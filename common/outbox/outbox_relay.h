// Takes every event from a service's outbox table to Kafka, and marks a row
// published only when Kafka's delivery report says the broker has it.
//
// One thread. It wakes on the outbox NOTIFY and, as a safety net, every
// sweep_interval, and sends the unpublished rows in id order.
//
// One active relay per service, however many replicas run: a relay sends
// only while it holds a session-level PostgreSQL advisory lock (keyed by the
// service's schema) on the very connection it selects and marks rows with.
// The others stand by and try the lock every standby_poll. Sharing batches
// between replicas would let one replica publish rows 501-1000 of a key
// while another still holds rows 1-500, so per-key order would break. When
// the active relay's process dies or its connection breaks, PostgreSQL
// releases the lock and a standby takes over within standby_poll; a stopped
// relay releases it at once. A relay that lost its connection in the middle
// of a send may still deliver that batch while its successor sends the same
// rows again: every record then arrives in order at its first delivery, and
// consumers drop the repeats by ce_id.
//
// A record that Kafka
// does not take stays unpublished and is sent again on the next pass; after a
// fatal producer error (librdkafka 2.0.2's idempotence bug after a disconnect)
// the producer is made anew. No event is ever dropped: a crash between
// delivery and marking sends it again, and consumers drop the repeat by ce_id.
//
// Every record carries CloudEvents binary-mode headers (ce_id, ce_type,
// ce_source, ce_time, ce_specversion, content-type) and traceparent when the
// request had one. ce_time is the commit time of the transaction that wrote
// the event when PostgreSQL tracks commit timestamps
// (track_commit_timestamp = on, as the local stack and the Kubernetes
// bootstrap set it), else the time the row was written.
//
//   OutboxRelay relay(dsn, brokers, "//lifelong/identity");
//   relay.Start();
//   ...
//   relay.Stop();  // finishes the batch in flight
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <thread>

namespace lifelong::common {

class KafkaProducer;

struct OutboxRelayOptions {
  int batch_size = 500;
  std::chrono::milliseconds sweep_interval{1000};
  // How often a standby relay tries to become the active one.
  std::chrono::milliseconds standby_poll{1000};
  // Extra librdkafka settings (tests shorten message.timeout.ms).
  std::map<std::string, std::string> producer_overrides;
};

struct OutboxBacklog {
  long long unpublished = 0;
  double oldest_age_seconds = 0;  // 0 when none
};

class OutboxRelay {
 public:
  OutboxRelay(std::string pg_dsn, std::string brokers, std::string source,
              OutboxRelayOptions options = {});
  ~OutboxRelay();

  void Start();
  // Stops after the batch in flight; waits for the thread.
  void Stop();

  struct Pass {
    int selected = 0;   // unpublished rows this pass locked
    int delivered = 0;  // of those, marked published
  };
  // Sends one batch now, without the active relay's lock. For tests and for
  // Start's loop. Throws on database errors.
  Pass RelayOnce();

  // True while this relay holds the lock and sends.
  bool active() const { return active_; }

  // Reads the backlog for metrics (its own short query).
  OutboxBacklog Backlog();

 private:
  void Run();
  // Tries the advisory lock on the relay's connection.
  bool TryBecomeActive();
  void SleepUnlessStopping(std::chrono::milliseconds duration);
  KafkaProducer& Producer();
  pqxx::connection& Connection();

  const std::string pg_dsn_;
  const std::string brokers_;
  const std::string source_;
  const OutboxRelayOptions options_;
  std::unique_ptr<KafkaProducer> producer_;
  std::unique_ptr<pqxx::connection> conn_;  // the relay thread's
  // The query that selects a batch: with the commit time or without.
  std::string select_batch_;
  std::atomic<bool> active_{false};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace lifelong::common
