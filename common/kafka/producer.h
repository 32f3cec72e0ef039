// An idempotent Kafka producer that sends a batch and waits for the delivery
// report of every record, so that the caller knows which records the broker
// has and which it must send again.
//
//   KafkaProducer producer(brokers, {{"message.timeout.ms", "15000"}});
//   std::vector<SendOutcome> outcomes = producer.SendBatch(records);
//   if (producer.fatal()) { /* make a new producer */ }
//
// Not thread-safe: one owner (the outbox relay) sends.
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lifelong::common {

struct KafkaRecord {
  std::string topic;
  std::string key;
  std::string value;
  std::vector<std::pair<std::string, std::string>> headers;
};

enum class SendOutcome {
  kDelivered,  // the broker has it
  kRetryable,  // not delivered now; send again later
  kPermanent,  // will never be accepted as it is (too large, bad topic)
};

class KafkaProducer {
 public:
  // Throws std::runtime_error when the configuration is refused.
  KafkaProducer(const std::string& brokers,
                const std::map<std::string, std::string>& overrides = {});
  ~KafkaProducer();

  // Sends every record and blocks until each has a delivery report (at most
  // message.timeout.ms). outcomes[i] belongs to records[i].
  std::vector<SendOutcome> SendBatch(const std::vector<KafkaRecord>& records);

  // True after librdkafka reported a fatal error (for example the idempotence
  // error of 2.0.2 after a disconnect): this producer can send no more.
  bool fatal() const;

 private:
  class DeliveryReports;
  std::unique_ptr<DeliveryReports> reports_;
  std::unique_ptr<RdKafka::Producer> producer_;
};

}  // namespace lifelong::common
