// Dead letters: a consumed record that can never be applied (its body does
// not parse, it names something impossible) is parked on the topic
// `<topic>.dlq.<consumer>` so that the partition it came from moves on.
//
// A parked record keeps the original key, value and headers, and adds:
//   dlq_topic, dlq_partition, dlq_offset   where it was read
//   dlq_consumer                           who could not apply it
//   dlq_error                              why (the handler's error)
//   dlq_time                               when it was parked (RFC 3339, UTC)
//
// After a fix, `lifelong_dlq replay <dead-letter topic>` sends each parked
// record back to its original topic with its original key and headers (and
// `dlq_replayed_from`). Consumers that applied it before skip it by its
// ce_id (their inbox has it); the consumer that parked it applies it then.
// A replayed record arrives after records that were newer than it: handlers
// already ignore stale versions (each read model checks versions or states).
//
//   DeadLetters parking(brokers, "enrolment.read-models");
//   absl::Status parked = parking.Park(message, "body does not parse");
#pragma once

#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/kafka/inbox_consumer.h"
#include "common/kafka/producer.h"

namespace lifelong::common {

// "<topic>.dlq.<consumer>".
std::string DeadLetterTopic(const std::string& topic,
                            const std::string& consumer);

// The record a parked message becomes (headers in the order above).
KafkaRecord DeadLetterRecord(const ConsumedMessage& message,
                             const std::string& consumer,
                             const std::string& error, int64_t now_seconds);

// The record a replay sends back to the original topic, or an error naming
// what the parked record lacks.
absl::StatusOr<KafkaRecord> ReplayRecord(const ConsumedMessage& parked);

class DeadLetters {
 public:
  // Throws std::runtime_error when the producer's configuration is refused.
  DeadLetters(const std::string& brokers, std::string consumer,
              const std::map<std::string, std::string>& overrides = {});
  ~DeadLetters();

  // Sends the record to the dead-letter topic and waits for the broker to
  // have it. UNAVAILABLE when it could not be parked (the caller keeps the
  // record and tries again later).
  absl::Status Park(const ConsumedMessage& message, const std::string& error);

 private:
  std::string brokers_;
  std::map<std::string, std::string> overrides_;
  const std::string consumer_;
  std::unique_ptr<KafkaProducer> producer_;
};

}  // namespace lifelong::common
