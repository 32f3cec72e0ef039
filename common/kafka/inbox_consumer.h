// Consumes Kafka topics at least once and applies each message's effect
// exactly once.
//
// Delivery contract: a message may arrive more than once (after a crash, a
// rebalance, or a relay that resent it). For each message the handler runs
// inside a PostgreSQL transaction that also inserts (consumer, ce_id) into the
// inbox table; a message whose ce_id is already there is skipped, so the
// handler's effect happens once. The offset is stored only after that
// transaction commits; a handler error rolls back.
//
// A record that can never be applied does not stop its partition:
//   - a handler that finds the record unusable (its body does not parse, it
//     names something impossible) returns Unprocessable(...): the record is
//     parked on `<topic>.dlq.<group>` (common/kafka/dead_letter.h) at once;
//   - any other failure is tried again after a pause; when the same record
//     has failed `max_attempts` times while the database answered (a
//     constraint, a bug), it is parked too;
//   - while the database or Kafka is unavailable nothing is parked: the
//     record waits, since the fault is not the record's.
// The handler runs in the trace of the record's `traceparent`, so the events
// it writes continue the trace that caused them.
//
// Only after the record is on the dead-letter topic does the consumer store
// its offset and go on. Parked records are counted in
// lifelong_consumer_parked_total{consumer}.
//
//   InboxConsumer consumer(pool, brokers, "enrolment.catalogue-events",
//       {"lifelong.catalogue.offering.v1"},
//       [&](pqxx::work& tx, const ConsumedMessage& m) -> absl::Status {...});
//   consumer.Start();   // own thread
//   consumer.Stop();    // commits stored offsets and leaves the group
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "common/metrics/metrics.h"
#include "common/pg/pool.h"

namespace lifelong::common {

struct ConsumedMessage {
  std::string topic;
  int partition = 0;
  long long offset = 0;
  std::string key;
  std::string value;
  std::map<std::string, std::string> headers;  // ce_id, ce_type, ...
};

// Copies a librdkafka message (and its headers) into a ConsumedMessage.
ConsumedMessage ToConsumedMessage(RdKafka::Message& message);

// What a handler returns for a record that can never be applied as it is.
absl::Status Unprocessable(std::string_view why);

// Parses a record's body into `event` (a generated protobuf message).
// Unprocessable when the body is empty (no event of ours is) or does not
// parse, so the record is parked rather than applied as all defaults.
template <typename Event>
absl::Status ParseBody(const std::string& body, Event& event) {
  if (body.empty() || !event.ParseFromString(body)) {
    return Unprocessable("body is not a " + event.GetTypeName());
  }
  return absl::OkStatus();
}

class DeadLetters;

class InboxConsumer {
 public:
  using Handler =
      std::function<absl::Status(pqxx::work&, const ConsumedMessage&)>;

  // `group` is both the Kafka consumer group and the inbox's consumer name.
  InboxConsumer(PgPool& pool, const std::string& brokers, std::string group,
                const std::vector<std::string>& topics, Handler handler,
                const std::map<std::string, std::string>& overrides = {});
  ~InboxConsumer();

  // lifelong_consumer_applied_total, _failures_total and _parked_total,
  // and lifelong_consumer_lag_records (records on its partitions not yet
  // applied, from the broker's high watermarks as last fetched), labelled
  // with the consumer's group.
  void ExportMetrics(Metrics& metrics);
  // How often one record may fail while the database answers before it is
  // parked (5).
  void set_max_attempts(int attempts) { max_attempts_ = attempts; }

  void Start();
  void Stop();

  enum class Result {
    kApplied,
    kDuplicate,
    kFailed,         // try again later
    kUnavailable,    // the database did not answer: try again, never park
    kUnprocessable,  // park it
  };
  // Applies one message in one transaction (Start's loop calls this; tests
  // call it to show that a redelivery changes nothing).
  Result Process(const ConsumedMessage& message);
  // Process, and on failure what the loop does: parks a record that is
  // unprocessable or has failed too often. Returns true when the consumer may
  // move past the record (applied, duplicate or parked).
  bool Handle(const ConsumedMessage& message);

  long long applied() const { return applied_; }
  long long parked() const { return parked_; }
  // Records behind the partitions' ends, summed over the partitions this
  // consumer has read from.
  long long lag() const;

 private:
  void Run();

  PgPool& pool_;
  const std::string group_;
  Handler handler_;
  std::unique_ptr<DeadLetters> dead_letters_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  int max_attempts_ = 5;
  // The record that failed last, and how often in a row.
  std::string failing_position_;
  int failing_attempts_ = 0;
  std::string last_error_;
  std::atomic<long long> applied_{0};
  std::atomic<long long> failures_{0};
  std::atomic<long long> parked_{0};
  mutable std::mutex lag_mu_;
  std::map<std::pair<std::string, int>, long long> lag_;  // by partition
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace lifelong::common
