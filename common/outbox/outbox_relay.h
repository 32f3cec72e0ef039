// Takes every event from a service's outbox table to Kafka, and marks a row
// published only when Kafka's delivery report says the broker has it.
//
// One thread. It wakes on the outbox NOTIFY and, as a safety net, every
// sweep_interval; each batch is locked with FOR UPDATE SKIP LOCKED, so
// replicas share the work without sending a row twice. A record that Kafka
// does not take stays unpublished and is sent again on the next pass; after a
// fatal producer error (librdkafka 2.0.2's idempotence bug after a disconnect)
// the producer is made anew. No event is ever dropped: a crash between
// delivery and marking sends it again, and consumers drop the repeat by ce_id.
//
// Every record carries CloudEvents binary-mode headers (ce_id, ce_type,
// ce_source, ce_time, ce_specversion, content-type) and traceparent when the
// request had one.
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
  // Sends one batch now. For tests and for Start's loop. Throws on database
  // errors.
  Pass RelayOnce();

  // Reads the backlog for metrics (its own short query).
  OutboxBacklog Backlog();

 private:
  void Run();
  KafkaProducer& Producer();
  pqxx::connection& Connection();

  const std::string pg_dsn_;
  const std::string brokers_;
  const std::string source_;
  const OutboxRelayOptions options_;
  std::unique_ptr<KafkaProducer> producer_;
  std::unique_ptr<pqxx::connection> conn_;  // the relay thread's
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace lifelong::common
