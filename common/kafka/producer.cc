#include "common/kafka/producer.h"

#include <atomic>
#include <stdexcept>

#include "common/kafka/kafka_config.h"
#include "common/logging.h"

namespace lifelong::common {

class KafkaProducer::DeliveryReports : public RdKafka::DeliveryReportCb,
                                       public RdKafka::EventCb {
 public:
  void dr_cb(RdKafka::Message& message) override {
    auto* outcome = static_cast<SendOutcome*>(message.msg_opaque());
    if (outcome == nullptr) return;
    switch (message.err()) {
      case RdKafka::ERR_NO_ERROR:
        *outcome = SendOutcome::kDelivered;
        break;
      case RdKafka::ERR_MSG_SIZE_TOO_LARGE:
      case RdKafka::ERR_INVALID_MSG:
      case RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED:
        *outcome = SendOutcome::kPermanent;
        break;
      default:
        *outcome = SendOutcome::kRetryable;
    }
  }

  void event_cb(RdKafka::Event& event) override {
    if (event.type() != RdKafka::Event::EVENT_ERROR) return;
    if (event.fatal()) fatal_ = true;
    log::Warn("kafka_error", {{"error", RdKafka::err2str(event.err())},
                              {"detail", event.str()},
                              {"fatal", event.fatal()}});
  }

  std::atomic<bool> fatal_{false};
};

KafkaProducer::KafkaProducer(
    const std::string& brokers,
    const std::map<std::string, std::string>& overrides)
    : reports_(std::make_unique<DeliveryReports>()) {
  std::unique_ptr<RdKafka::Conf> conf = MakeKafkaConf(
      {
          {"bootstrap.servers", brokers},
          {"enable.idempotence", "true"},
          {"acks", "all"},
          {"compression.type", "lz4"},
          {"linger.ms", "5"},
          {"message.timeout.ms", "15000"},
          {"socket.keepalive.enable", "true"},
      },
      overrides, "producer");
  std::string error;
  conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(reports_.get()),
            error);
  conf->set("event_cb", static_cast<RdKafka::EventCb*>(reports_.get()), error);
  producer_.reset(RdKafka::Producer::create(conf.get(), error));
  if (!producer_) throw std::runtime_error("kafka producer: " + error);
}

KafkaProducer::~KafkaProducer() {
  if (producer_) producer_->flush(5000);
}

bool KafkaProducer::fatal() const { return reports_->fatal_; }

std::vector<SendOutcome> KafkaProducer::SendBatch(
    const std::vector<KafkaRecord>& records) {
  std::vector<SendOutcome> outcomes(records.size(), SendOutcome::kRetryable);
  for (size_t i = 0; i < records.size(); ++i) {
    const KafkaRecord& r = records[i];
    RdKafka::Headers* headers = RdKafka::Headers::create();
    for (const auto& [name, value] : r.headers) headers->add(name, value);
    RdKafka::ErrorCode err;
    do {
      err = producer_->produce(
          r.topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
          const_cast<char*>(r.value.data()), r.value.size(), r.key.data(),
          r.key.size(), 0, headers, &outcomes[i]);
      if (err == RdKafka::ERR__QUEUE_FULL) producer_->poll(100);
    } while (err == RdKafka::ERR__QUEUE_FULL);
    if (err != RdKafka::ERR_NO_ERROR) {
      delete headers;  // produce() took ownership only on success
      outcomes[i] = (err == RdKafka::ERR_MSG_SIZE_TOO_LARGE)
                        ? SendOutcome::kPermanent
                        : SendOutcome::kRetryable;
    }
  }
  // Every produced record gets exactly one delivery report, at the latest
  // when message.timeout.ms runs out; wait for all of them so that no record
  // is still in flight when the caller decides to send it again.
  while (producer_->outq_len() > 0 && !fatal()) producer_->poll(100);
  if (fatal()) {
    // Reports still owed would point at `outcomes` after it is gone: purge
    // them now, while it is alive.
    producer_->purge(RdKafka::Producer::PURGE_QUEUE |
                     RdKafka::Producer::PURGE_INFLIGHT);
    for (int i = 0; i < 100 && producer_->outq_len() > 0; ++i)
      producer_->poll(50);
    for (SendOutcome& o : outcomes) {
      if (o != SendOutcome::kDelivered) o = SendOutcome::kRetryable;
    }
  }
  return outcomes;
}

}  // namespace lifelong::common
