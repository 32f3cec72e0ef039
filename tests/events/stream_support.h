// What the event-stream tests share: a reader of whole topics as a late
// consumer sees them, payloads decoded by their ce_type alone, and the few
// platform steps they take beyond tests/support (a lottery offering, a
// centre staff account, retries while events propagate).
//
//   TopicReader reader({"lifelong.enrolment.application.v1"});
//   for (const common::ConsumedMessage& m : reader.ReadToEnd()) {
//     std::unique_ptr<google::protobuf::Message> payload = Decode(m);
//     ...
//   }
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>
#include <librdkafka/rdkafkacpp.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/kafka/inbox_consumer.h"
#include "lifelong/catalogue/v1/catalogue_service.grpc.pb.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"

namespace lifelong::testing {

// Reads topics from their first record with a consumer group of its own,
// deduplicating by ce_id (the stream is at least once), as a system that
// starts late would. Not thread-safe.
class TopicReader {
 public:
  explicit TopicReader(const std::vector<std::string>& topics);
  ~TopicReader();

  // The records that arrived since the last call, in each partition's
  // order, at least up to each partition's end as it is when the call
  // starts reading (waiting at most `timeout` for the partitions to be
  // assigned and read).
  std::vector<common::ConsumedMessage> ReadToEnd(
      std::chrono::seconds timeout = std::chrono::seconds(60));

 private:
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::set<std::string> seen_ids_;
  std::map<std::string, int64_t> next_;  // "topic/partition" → next offset
};

// The payload parsed as the message its ce_type names (any message of the
// linked protos); null when the type is unknown or the body does not parse.
std::unique_ptr<google::protobuf::Message> Decode(
    const common::ConsumedMessage& m);

// What is wrong with the v2 twins (docs/events/README.md, "Versions") of
// the v1 records of `keys`: each v1 record of a key must have, at the same
// place in the key's commit order (ce_time, then the order on the topic),
// a record of the same event name in the v2 package, the same key and
// ce_time and another ce_id, and v2 no record without a v1 record. Records
// of other keys are ignored. Empty when all hold; `pairs` counts the twins
// checked.
std::vector<std::string> TwinFindings(
    const std::vector<common::ConsumedMessage>& v1_records,
    const std::vector<common::ConsumedMessage>& v2_records,
    const std::set<std::string>& keys, size_t* pairs = nullptr);

// Calls `call` until it succeeds or fails with a reason other than
// `waiting_for` (e.g. CITIZEN_UNKNOWN while identity's event travels), for
// at most 90 seconds.
grpc::Status Eventually(const std::function<grpc::Status()>& call,
                        const std::vector<std::string>& waiting_for);

// A new centre with a published online lottery offering of `capacity`
// seats whose only window closes `close_in_seconds` from now (the draw runs
// then), with `quotas` reserved seats. Returns the offering's name.
std::string OpenLotteryOffering(
    catalogue::v1::CatalogueService::Stub& catalogue, const std::string& admin,
    const std::string& key, int capacity, int close_in_seconds,
    const std::vector<catalogue::v1::SeatQuota>& quotas = {});

// A staff account holding ROLE_CENTRE_STAFF at each of `centres`
// ("centres/{id}"), logged in: returns its session token.
std::string CentreStaff(identity::v1::IdentityService::Stub& identity,
                        const std::string& admin, const std::string& key,
                        const std::vector<std::string>& centres);

}  // namespace lifelong::testing
