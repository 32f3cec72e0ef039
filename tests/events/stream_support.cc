#include "tests/events/stream_support.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "common/errors.h"
#include "common/kafka/kafka_config.h"
#include "common/testing/test_stack.h"
#include "lifelong/catalogue/events/v1/catalogue_events.pb.h"
#include "lifelong/catalogue/events/v2/catalogue_events.pb.h"
#include "lifelong/community/events/v1/community_events.pb.h"
#include "lifelong/consulting/events/v1/consulting_events.pb.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "lifelong/enrolment/events/v2/enrolment_events.pb.h"
#include "lifelong/identity/events/v1/identity_events.pb.h"
#include "tests/support/platform_clients.h"

namespace lifelong::testing {

namespace iv1 = identity::v1;
namespace cv1 = catalogue::v1;
using Clock = std::chrono::steady_clock;

TopicReader::TopicReader(const std::vector<std::string>& topics) {
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf =
      common::MakeKafkaConf({{"bootstrap.servers", Brokers()},
                             {"group.id", "late-joiner-" + RandomSuffix()},
                             {"auto.offset.reset", "earliest"},
                             {"enable.auto.commit", "false"},
                             {"enable.partition.eof", "true"}},
                            {}, "late joiner");
  consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  EXPECT_TRUE(consumer_) << error;
  if (consumer_) consumer_->subscribe(topics);
}

TopicReader::~TopicReader() {
  if (consumer_) consumer_->close();
}

std::vector<common::ConsumedMessage> TopicReader::ReadToEnd(
    std::chrono::seconds timeout) {
  std::vector<common::ConsumedMessage> out;
  if (!consumer_) return out;
  auto deadline = Clock::now() + timeout;
  // The end is each partition's high watermark when the partitions are
  // known: records written meanwhile (other tests keep writing) are for
  // the next call.
  std::map<std::string, int64_t> end;
  while (Clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> m(consumer_->consume(200));
    if (m->err() == RdKafka::ERR_NO_ERROR) {
      next_[m->topic_name() + "/" + std::to_string(m->partition())] =
          m->offset() + 1;
      common::ConsumedMessage c = common::ToConsumedMessage(*m);
      if (seen_ids_.insert(c.headers["ce_id"]).second) {
        out.push_back(std::move(c));
      }
    } else if (m->err() != RdKafka::ERR__TIMED_OUT &&
               m->err() != RdKafka::ERR__PARTITION_EOF) {
      ADD_FAILURE() << "consume: " << m->errstr();
    }
    if (end.empty()) {
      std::vector<RdKafka::TopicPartition*> assigned;
      consumer_->assignment(assigned);
      for (RdKafka::TopicPartition* p : assigned) {
        int64_t low = 0, high = 0;
        if (consumer_->query_watermark_offsets(p->topic(), p->partition(), &low,
                                               &high,
                                               5000) == RdKafka::ERR_NO_ERROR) {
          end[p->topic() + "/" + std::to_string(p->partition())] = high;
        }
      }
      if (end.size() < assigned.size()) end.clear();  // try again
      RdKafka::TopicPartition::destroy(assigned);
      if (end.empty()) continue;
    }
    bool done = true;
    for (const auto& [where, high] : end) {
      if (next_[where] < high) done = false;
    }
    if (done) return out;
  }
  ADD_FAILURE() << "the topics were not read to their end within "
                << timeout.count() << " s";
  return out;
}

std::unique_ptr<google::protobuf::Message> Decode(
    const common::ConsumedMessage& m) {
  // Every service's event package, linked in so that the generated pool
  // knows its messages by name.
  static const google::protobuf::FileDescriptor* const kEventFiles[] = {
      identity::events::v1::CitizenRegistered::descriptor()->file(),
      catalogue::events::v1::OfferingPublished::descriptor()->file(),
      enrolment::events::v1::ApplicationSubmitted::descriptor()->file(),
      catalogue::events::v2::OfferingPublished::descriptor()->file(),
      enrolment::events::v2::ApplicationSubmitted::descriptor()->file(),
      consulting::events::v1::BookingRequested::descriptor()->file(),
      community::events::v1::GroupCreated::descriptor()->file(),
  };
  (void)kEventFiles;
  auto type = m.headers.find("ce_type");
  if (type == m.headers.end()) return nullptr;
  const google::protobuf::Descriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          type->second);
  if (descriptor == nullptr) return nullptr;
  std::unique_ptr<google::protobuf::Message> payload(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(descriptor)
          ->New());
  if (!payload->ParseFromString(m.value)) return nullptr;
  return payload;
}

std::vector<std::string> TwinFindings(
    const std::vector<common::ConsumedMessage>& v1_records,
    const std::vector<common::ConsumedMessage>& v2_records,
    const std::set<std::string>& keys, size_t* pairs) {
  auto by_key = [&](const std::vector<common::ConsumedMessage>& records) {
    std::map<std::string, std::vector<const common::ConsumedMessage*>> out;
    for (const common::ConsumedMessage& m : records)
      if (keys.count(m.key)) out[m.key].push_back(&m);
    return out;
  };
  auto header = [](const common::ConsumedMessage& m, const char* name) {
    auto it = m.headers.find(name);
    return it == m.headers.end() ? std::string() : it->second;
  };
  auto event_name = [&](const common::ConsumedMessage& m) {
    std::string type = header(m, "ce_type");
    return type.substr(type.rfind('.') + 1);
  };
  auto package = [&](const common::ConsumedMessage& m) {
    std::string type = header(m, "ce_type");
    return type.substr(0, type.rfind('.'));
  };
  std::vector<std::string> findings;
  size_t checked = 0;
  auto v1_by_key = by_key(v1_records);
  auto v2_by_key = by_key(v2_records);
  // Twins are matched in commit order (ce_time; within one transaction, the
  // order it wrote them): two independent changes committed concurrently
  // (two lottery entries) may come in either order on each topic.
  auto by_time = [&](auto& records) {
    std::stable_sort(records.begin(), records.end(),
                     [&](const common::ConsumedMessage* x,
                         const common::ConsumedMessage* y) {
                       return header(*x, "ce_time") < header(*y, "ce_time");
                     });
  };
  for (auto& [key, records] : v1_by_key) by_time(records);
  for (auto& [key, records] : v2_by_key) by_time(records);
  for (const auto& [key, olds] : v1_by_key) {
    const auto& news = v2_by_key[key];
    if (news.size() != olds.size()) {
      findings.push_back(key + ": " + std::to_string(olds.size()) +
                         " v1 records, " + std::to_string(news.size()) +
                         " on v2");
    }
    for (size_t i = 0; i < std::min(olds.size(), news.size()); ++i) {
      const common::ConsumedMessage& a = *olds[i];
      const common::ConsumedMessage& b = *news[i];
      std::string where =
          key + " #" + std::to_string(i) + " (" + header(a, "ce_type") + ")";
      std::string v1_package = package(a);
      if (package(b) != v1_package.substr(0, v1_package.size() - 2) + "v2" ||
          event_name(b) != event_name(a)) {
        findings.push_back(where + ": its twin is " + header(b, "ce_type"));
      }
      if (header(b, "ce_time") != header(a, "ce_time") ||
          header(a, "ce_time").empty()) {
        findings.push_back(where + ": ce_time " + header(a, "ce_time") +
                           ", the twin's " + header(b, "ce_time"));
      }
      if (header(b, "ce_id") == header(a, "ce_id")) {
        findings.push_back(where + ": the twin has the same ce_id");
      }
      ++checked;
    }
  }
  for (const auto& [key, news] : v2_by_key) {
    if (!v1_by_key.count(key))
      findings.push_back(key + ": v2 records without v1 records");
  }
  if (pairs != nullptr) *pairs = checked;
  return findings;
}

grpc::Status Eventually(const std::function<grpc::Status()>& call,
                        const std::vector<std::string>& waiting_for) {
  auto deadline = Clock::now() + std::chrono::seconds(90);
  grpc::Status status;
  do {
    status = call();
    if (status.ok()) return status;
    std::string reason = common::ReasonOf(common::FromGrpcStatus(status));
    if (std::find(waiting_for.begin(), waiting_for.end(), reason) ==
        waiting_for.end()) {
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  } while (Clock::now() < deadline);
  return status;
}

std::string OpenLotteryOffering(cv1::CatalogueService::Stub& catalogue,
                                const std::string& admin,
                                const std::string& key, int capacity,
                                int close_in_seconds,
                                const std::vector<cv1::SeatQuota>& quotas) {
  return OpenOffering(catalogue, admin, key, [&](cv1::Offering& o) {
    o.set_capacity(capacity);
    o.set_selection(cv1::SELECTION_METHOD_LOTTERY);
    for (const cv1::SeatQuota& q : quotas) *o.add_quotas() = q;
    cv1::ApplicationWindow* w = o.mutable_windows(0);
    w->mutable_close_time()->set_seconds(w->open_time().seconds() + 3600 +
                                         close_in_seconds);
  });
}

std::string CentreStaff(iv1::IdentityService::Stub& identity,
                        const std::string& admin, const std::string& key,
                        const std::vector<std::string>& centres) {
  CreateStaff(identity, admin, key, iv1::ROLE_CENTRE_STAFF, centres);
  return LogIn(identity, key + "-staff@hanam.example", kCitizenPassword);
}

}  // namespace lifelong::testing
