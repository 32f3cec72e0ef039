// lifelong_dlq: what an operator runs to see and replay parked records.
//
//   lifelong_dlq list   <dead-letter topic>   one line per parked record
//   lifelong_dlq replay <dead-letter topic>   send each parked record not yet
//                                             replayed back to its topic
//
// Brokers come from LIFELONG_KAFKA_BROKERS. `replay` remembers what it sent
// in the consumer group "lifelong-dlq-replay", so running it twice sends each
// record once; consumers that had applied a record skip it by its ce_id.
#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <set>
#include <string>

#include "common/kafka/dead_letter.h"
#include "common/kafka/inbox_consumer.h"
#include "common/kafka/kafka_config.h"
#include "common/kafka/producer.h"

namespace common = lifelong::common;

namespace {

int Usage() {
  std::cerr << "usage: lifelong_dlq list|replay <dead-letter topic>\n"
               "       (brokers from LIFELONG_KAFKA_BROKERS)\n";
  return 2;
}

std::string Header(const common::ConsumedMessage& m, const std::string& name) {
  auto it = m.headers.find(name);
  return it == m.headers.end() ? "" : it->second;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return Usage();
  std::string command = argv[1], topic = argv[2];
  if (command != "list" && command != "replay") return Usage();
  const char* brokers = std::getenv("LIFELONG_KAFKA_BROKERS");
  if (brokers == nullptr || *brokers == '\0') return Usage();
  bool replay = command == "replay";

  std::string group = replay
                          ? "lifelong-dlq-replay"
                          : "lifelong-dlq-list-" + std::to_string(::getpid());
  auto conf = common::MakeKafkaConf({{"bootstrap.servers", brokers},
                                     {"group.id", group},
                                     {"enable.auto.commit", "false"},
                                     {"auto.offset.reset", "earliest"},
                                     {"enable.partition.eof", "true"}},
                                    {}, "dlq tool");
  std::string error;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) {
    std::cerr << "kafka consumer: " << error << "\n";
    return 1;
  }
  consumer->subscribe({topic});
  std::unique_ptr<common::KafkaProducer> producer;
  if (replay) producer = std::make_unique<common::KafkaProducer>(brokers);

  std::set<int> at_end;
  int partitions = -1, sent = 0, listed = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> m(consumer->consume(500));
    if (partitions < 0) {
      std::vector<RdKafka::TopicPartition*> assigned;
      consumer->assignment(assigned);
      if (!assigned.empty()) partitions = static_cast<int>(assigned.size());
      RdKafka::TopicPartition::destroy(assigned);
    }
    if (m->err() == RdKafka::ERR__PARTITION_EOF) {
      at_end.insert(m->partition());
      if (static_cast<int>(at_end.size()) == partitions) break;
      continue;
    }
    if (m->err() == RdKafka::ERR__TIMED_OUT) continue;
    if (m->err() != RdKafka::ERR_NO_ERROR) {
      std::cerr << "consume: " << m->errstr() << "\n";
      if (m->err() == RdKafka::ERR_UNKNOWN_TOPIC_OR_PART) return 1;
      continue;
    }
    at_end.erase(m->partition());
    common::ConsumedMessage parked = common::ToConsumedMessage(*m);
    if (!replay) {
      ++listed;
      std::cout << parked.partition << "/" << parked.offset
                << " from=" << Header(parked, "dlq_topic") << "/"
                << Header(parked, "dlq_partition") << "/"
                << Header(parked, "dlq_offset")
                << " type=" << Header(parked, "ce_type")
                << " id=" << Header(parked, "ce_id")
                << " parked=" << Header(parked, "dlq_time")
                << " error=" << Header(parked, "dlq_error") << "\n";
      continue;
    }
    absl::StatusOr<common::KafkaRecord> record = common::ReplayRecord(parked);
    if (!record.ok()) {
      std::cerr << parked.partition << "/" << parked.offset << ": "
                << record.status().message() << "; skipped\n";
    } else if (producer->SendBatch({*record})[0] !=
               common::SendOutcome::kDelivered) {
      std::cerr << "could not send " << parked.partition << "/" << parked.offset
                << " back to " << record->topic << "; nothing more replayed\n";
      return 1;
    } else {
      ++sent;
    }
    consumer->commitSync(m.get());
  }
  consumer->close();
  if (replay) {
    std::cout << "replayed " << sent << " record(s) from " << topic << "\n";
  } else {
    std::cout << listed << " parked record(s) on " << topic << "\n";
  }
  return 0;
}
