// Writes an event to the service's outbox table inside the caller's
// transaction: the event exists exactly when the change it describes is
// committed. common/outbox/outbox_relay.h takes it to Kafka from there.
//
//   AddToOutbox(tx, OutboxEvent::Of("lifelong.identity.account.v1",
//                                   citizen_id, registered_proto));
#pragma once

#include <google/protobuf/message.h>

#include <pqxx/pqxx>
#include <string>

namespace lifelong::common {

struct OutboxEvent {
  std::string topic;  // "lifelong.<service>.<aggregate>.v1"
  std::string key;    // aggregate id: one key's events stay in order
  std::string
      type;  // CloudEvents type, "lifelong.identity.v1.CitizenRegistered"
  std::string payload;      // serialized protobuf
  std::string traceparent;  // W3C trace context of the request, or empty

  // An event whose type is derived from the message's full name
  // ("lifelong.identity.events.v1.CitizenRegistered") and whose traceparent
  // is the current request's.
  static OutboxEvent Of(std::string topic, std::string key,
                        const google::protobuf::Message& payload);
};

// Inserts the event and wakes the relay (NOTIFY at commit).
void AddToOutbox(pqxx::work& tx, const OutboxEvent& event);

}  // namespace lifelong::common
