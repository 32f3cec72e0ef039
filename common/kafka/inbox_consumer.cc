#include "common/kafka/inbox_consumer.h"

#include <algorithm>
#include <stdexcept>

#include "common/kafka/dead_letter.h"
#include "common/kafka/kafka_config.h"
#include "common/logging.h"
#include "common/pg/transaction.h"
#include "common/trace_context.h"

namespace lifelong::common {
namespace {

constexpr char kClaimInbox[] =
    "INSERT INTO inbox (consumer, event_id, topic) VALUES ($1, $2, $3) "
    "ON CONFLICT DO NOTHING RETURNING 1";

// A status from a handler that marks its record unusable.
constexpr char kUnprocessablePayload[] = "lifelong.unprocessable";

std::string PositionOf(const ConsumedMessage& m) {
  return m.topic + "/" + std::to_string(m.partition) + "/" +
         std::to_string(m.offset);
}

}  // namespace

absl::Status Unprocessable(std::string_view why) {
  absl::Status status = absl::DataLossError(std::string(why));
  status.SetPayload(kUnprocessablePayload, absl::Cord("1"));
  return status;
}

ConsumedMessage ToConsumedMessage(RdKafka::Message& m) {
  ConsumedMessage out;
  out.topic = m.topic_name();
  out.partition = m.partition();
  out.offset = m.offset();
  if (m.key() != nullptr) out.key = *m.key();
  out.value.assign(static_cast<const char*>(m.payload()), m.len());
  if (RdKafka::Headers* headers = m.headers()) {
    for (const RdKafka::Headers::Header& h : headers->get_all()) {
      if (h.value() == nullptr) continue;
      out.headers[h.key()] =
          std::string(static_cast<const char*>(h.value()), h.value_size());
    }
  }
  return out;
}

InboxConsumer::InboxConsumer(
    PgPool& pool, const std::string& brokers, std::string group,
    const std::vector<std::string>& topics, Handler handler,
    const std::map<std::string, std::string>& overrides)
    : pool_(pool),
      group_(std::move(group)),
      handler_(std::move(handler)),
      dead_letters_(std::make_unique<DeadLetters>(brokers, group_, overrides)) {
  std::unique_ptr<RdKafka::Conf> conf = MakeKafkaConf(
      {
          {"bootstrap.servers", brokers},
          {"group.id", group_},
          {"enable.auto.commit", "true"},
          // Offsets are stored by hand, after the database commit.
          {"enable.auto.offset.store", "false"},
          {"auto.offset.reset", "earliest"},
          {"allow.auto.create.topics", "true"},
          // A topic created after start (its producer came up later) is
          // picked up within seconds, not librdkafka's default 5 minutes.
          {"topic.metadata.refresh.interval.ms", "5000"},
      },
      overrides, "consumer");
  std::string error;
  consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer_) throw std::runtime_error("kafka consumer: " + error);
  if (RdKafka::ErrorCode err = consumer_->subscribe(topics); err) {
    throw std::runtime_error("kafka subscribe: " + RdKafka::err2str(err));
  }
}

InboxConsumer::~InboxConsumer() {
  Stop();
  consumer_->close();
}

void InboxConsumer::ExportMetrics(Metrics& metrics) {
  std::string label = "consumer=\"" + group_ + "\"";
  metrics.AddCounter(
      "lifelong_consumer_applied_total", "Records a consumer applied",
      [this] { return static_cast<double>(applied_.load()); }, label);
  metrics.AddCounter(
      "lifelong_consumer_failures_total",
      "Attempts to apply a record that failed (each is tried again)",
      [this] { return static_cast<double>(failures_.load()); }, label);
  metrics.AddGauge(
      "lifelong_consumer_lag_records",
      "Records on the consumer's partitions not yet applied",
      [this] { return static_cast<double>(lag()); }, label);
  metrics.AddCounter(
      "lifelong_consumer_parked_total",
      "Records a consumer could not apply and parked on its dead-letter topic",
      [this] { return static_cast<double>(parked_.load()); }, label);
}

long long InboxConsumer::lag() const {
  std::lock_guard<std::mutex> lock(lag_mu_);
  long long total = 0;
  for (const auto& [partition, behind] : lag_) total += behind;
  return total;
}

void InboxConsumer::Start() {
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void InboxConsumer::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

InboxConsumer::Result InboxConsumer::Process(const ConsumedMessage& message) {
  auto id = message.headers.find("ce_id");
  // A message without an id cannot be deduplicated; its position stands in.
  std::string event_id =
      id != message.headers.end() ? id->second : PositionOf(message);
  // Whatever the handler writes continues the trace of the event it reacts
  // to (a record from before trace context was carried starts one).
  auto traceparent = message.headers.find("traceparent");
  ScopedTraceContext trace(traceparent != message.headers.end() &&
                                   !TraceIdOf(traceparent->second).empty()
                               ? traceparent->second
                               : NewTraceparent());
  bool duplicate = false;
  absl::Status status;
  try {
    status = InTransaction(pool_, [&](pqxx::work& tx) {
      duplicate =
          tx.exec_params(kClaimInbox, group_, event_id, message.topic).empty();
      if (duplicate) return absl::OkStatus();
      return handler_(tx, message);
    });
  } catch (const pqxx::broken_connection& e) {
    status = absl::UnavailableError(e.what());
  } catch (const std::exception& e) {
    status = absl::InternalError(e.what());
  }
  if (status.ok()) {
    if (!duplicate) ++applied_;
    return duplicate ? Result::kDuplicate : Result::kApplied;
  }
  ++failures_;
  last_error_ = status.ToString();
  log::Warn("consume_failed", {{"topic", message.topic},
                               {"position", PositionOf(message)},
                               {"event_id", event_id},
                               {"error", last_error_}});
  if (status.GetPayload(kUnprocessablePayload).has_value()) {
    return Result::kUnprocessable;
  }
  if (absl::IsUnavailable(status)) return Result::kUnavailable;
  return Result::kFailed;
}

bool InboxConsumer::Handle(const ConsumedMessage& message) {
  Result result = Process(message);
  if (result == Result::kApplied || result == Result::kDuplicate) {
    failing_position_.clear();
    failing_attempts_ = 0;
    return true;
  }
  if (result == Result::kUnavailable) return false;
  std::string position = PositionOf(message);
  if (position != failing_position_) {
    failing_position_ = position;
    failing_attempts_ = 0;
  }
  ++failing_attempts_;
  if (result == Result::kFailed && failing_attempts_ < max_attempts_) {
    return false;
  }
  if (!dead_letters_->Park(message, last_error_).ok()) return false;
  ++parked_;
  failing_position_.clear();
  failing_attempts_ = 0;
  return true;
}

void InboxConsumer::Run() {
  while (!stopping_) {
    std::unique_ptr<RdKafka::Message> m(consumer_->consume(200));
    if (m->err() == RdKafka::ERR__TIMED_OUT ||
        m->err() == RdKafka::ERR__PARTITION_EOF) {
      continue;
    }
    if (m->err() != RdKafka::ERR_NO_ERROR) {
      log::Warn("consume_error", {{"error", m->errstr()}});
      continue;
    }
    bool done = false;
    try {
      done = Handle(ToConsumedMessage(*m));
    } catch (const std::exception& e) {
      log::Warn("consume_failed",
                {{"topic", m->topic_name()}, {"error", e.what()}});
    }
    if (!done) {
      // Go back to this message and try again after a pause.
      std::unique_ptr<RdKafka::TopicPartition> tp(
          RdKafka::TopicPartition::create(m->topic_name(), m->partition(),
                                          m->offset()));
      consumer_->seek(*tp, 1000);
      std::this_thread::sleep_for(std::chrono::seconds(1));
      continue;
    }
    std::vector<RdKafka::TopicPartition*> offsets = {
        RdKafka::TopicPartition::create(m->topic_name(), m->partition(),
                                        m->offset() + 1)};
    consumer_->offsets_store(offsets);
    RdKafka::TopicPartition::destroy(offsets);
    int64_t low = 0, high = 0;
    if (consumer_->get_watermark_offsets(m->topic_name(), m->partition(), &low,
                                         &high) == RdKafka::ERR_NO_ERROR) {
      std::lock_guard<std::mutex> lock(lag_mu_);
      lag_[{m->topic_name(), m->partition()}] =
          std::max<int64_t>(0, high - (m->offset() + 1));
    }
  }
  consumer_->commitSync();
}

}  // namespace lifelong::common
