#include "common/outbox/outbox.h"

#include "common/trace_context.h"

namespace lifelong::common {

OutboxEvent OutboxEvent::Of(std::string topic, std::string key,
                            const google::protobuf::Message& payload) {
  return {std::move(topic), std::move(key), payload.GetTypeName(),
          payload.SerializeAsString(), CurrentTraceparent()};
}

void AddToOutbox(pqxx::work& tx, const OutboxEvent& event) {
  tx.exec_params(
      "INSERT INTO outbox (topic, key, type, payload, traceparent) "
      "VALUES ($1, $2, $3, $4, $5)",
      event.topic, event.key, event.type, pqxx::binarystring(event.payload),
      event.traceparent);
  // Delivered at commit, once per transaction however many events it adds.
  tx.exec("SELECT pg_notify('outbox_' || current_schema(), '')");
}

}  // namespace lifelong::common
