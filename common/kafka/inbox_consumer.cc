#include "common/kafka/inbox_consumer.h"

#include <stdexcept>

#include "common/kafka/kafka_config.h"
#include "common/logging.h"
#include "common/pg/transaction.h"

namespace lifelong::common {
namespace {

constexpr char kClaimInbox[] =
    "INSERT INTO inbox (consumer, event_id, topic) VALUES ($1, $2, $3) "
    "ON CONFLICT DO NOTHING RETURNING 1";

}  // namespace

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
    : pool_(pool), group_(std::move(group)), handler_(std::move(handler)) {
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
  std::string event_id = id != message.headers.end()
                             ? id->second
                             : message.topic + "/" +
                                   std::to_string(message.partition) + "/" +
                                   std::to_string(message.offset);
  bool duplicate = false;
  absl::Status status = InTransaction(pool_, [&](pqxx::work& tx) {
    duplicate =
        tx.exec_params(kClaimInbox, group_, event_id, message.topic).empty();
    if (duplicate) return absl::OkStatus();
    return handler_(tx, message);
  });
  if (!status.ok()) {
    log::Warn("consume_failed", {{"topic", message.topic},
                                 {"event_id", event_id},
                                 {"error", status.ToString()}});
    return Result::kFailed;
  }
  return duplicate ? Result::kDuplicate : Result::kApplied;
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
    Result result = Result::kFailed;
    try {
      result = Process(ToConsumedMessage(*m));
    } catch (const std::exception& e) {
      log::Warn("consume_failed",
                {{"topic", m->topic_name()}, {"error", e.what()}});
    }
    if (result == Result::kFailed) {
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
  }
  consumer_->commitSync();
}

}  // namespace lifelong::common
