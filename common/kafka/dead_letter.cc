#include "common/kafka/dead_letter.h"

#include <ctime>

#include "absl/status/statusor.h"
#include "common/logging.h"

namespace lifelong::common {
namespace {

constexpr char kPrefix[] = "dlq_";

std::string Rfc3339(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return out;
}

}  // namespace

std::string DeadLetterTopic(const std::string& topic,
                            const std::string& consumer) {
  return topic + ".dlq." + consumer;
}

KafkaRecord DeadLetterRecord(const ConsumedMessage& message,
                             const std::string& consumer,
                             const std::string& error, int64_t now_seconds) {
  KafkaRecord record{
      DeadLetterTopic(message.topic, consumer), message.key, message.value, {}};
  for (const auto& [name, value] : message.headers) {
    record.headers.emplace_back(name, value);
  }
  record.headers.emplace_back("dlq_topic", message.topic);
  record.headers.emplace_back("dlq_partition",
                              std::to_string(message.partition));
  record.headers.emplace_back("dlq_offset", std::to_string(message.offset));
  record.headers.emplace_back("dlq_consumer", consumer);
  record.headers.emplace_back("dlq_error", error.substr(0, 1000));
  record.headers.emplace_back("dlq_time", Rfc3339(now_seconds));
  return record;
}

absl::StatusOr<KafkaRecord> ReplayRecord(const ConsumedMessage& parked) {
  auto topic = parked.headers.find("dlq_topic");
  if (topic == parked.headers.end() || topic->second.empty()) {
    return absl::InvalidArgumentError(
        "not a parked record: it has no dlq_topic header");
  }
  KafkaRecord record{topic->second, parked.key, parked.value, {}};
  for (const auto& [name, value] : parked.headers) {
    if (name.rfind(kPrefix, 0) == 0) continue;
    record.headers.emplace_back(name, value);
  }
  record.headers.emplace_back("dlq_replayed_from",
                              parked.topic + "/" +
                                  std::to_string(parked.partition) + "/" +
                                  std::to_string(parked.offset));
  return record;
}

DeadLetters::DeadLetters(const std::string& brokers, std::string consumer,
                         const std::map<std::string, std::string>& overrides)
    : brokers_(brokers),
      overrides_(overrides),
      consumer_(std::move(consumer)),
      producer_(std::make_unique<KafkaProducer>(brokers_, overrides_)) {}

DeadLetters::~DeadLetters() = default;

absl::Status DeadLetters::Park(const ConsumedMessage& message,
                               const std::string& error) {
  if (producer_->fatal()) {
    producer_ = std::make_unique<KafkaProducer>(brokers_, overrides_);
  }
  KafkaRecord record = DeadLetterRecord(
      message, consumer_, error, static_cast<int64_t>(std::time(nullptr)));
  std::vector<SendOutcome> outcome = producer_->SendBatch({record});
  if (outcome.empty() || outcome[0] != SendOutcome::kDelivered) {
    return absl::UnavailableError("could not park on " + record.topic);
  }
  log::Warn("record_parked", {{"topic", message.topic},
                              {"partition", message.partition},
                              {"offset", message.offset},
                              {"dead_letter_topic", record.topic},
                              {"error", error}});
  return absl::OkStatus();
}

}  // namespace lifelong::common
