// Consumes Kafka topics at least once and applies each message's effect
// exactly once.
//
// Delivery contract: a message may arrive more than once (after a crash, a
// rebalance, or a relay that resent it). For each message the handler runs
// inside a PostgreSQL transaction that also inserts (consumer, ce_id) into the
// inbox table; a message whose ce_id is already there is skipped, so the
// handler's effect happens once. The offset is stored only after that
// transaction commits; a handler error rolls back, and the same message is
// tried again after a pause (the consumer never skips a message it failed).
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
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
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

class InboxConsumer {
 public:
  using Handler =
      std::function<absl::Status(pqxx::work&, const ConsumedMessage&)>;

  // `group` is both the Kafka consumer group and the inbox's consumer name.
  InboxConsumer(PgPool& pool, const std::string& brokers, std::string group,
                const std::vector<std::string>& topics, Handler handler,
                const std::map<std::string, std::string>& overrides = {});
  ~InboxConsumer();

  void Start();
  void Stop();

  enum class Result { kApplied, kDuplicate, kFailed };
  // Applies one message in one transaction (Start's loop calls this; tests
  // call it to show that a redelivery changes nothing).
  Result Process(const ConsumedMessage& message);

 private:
  void Run();

  PgPool& pool_;
  const std::string group_;
  Handler handler_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace lifelong::common
