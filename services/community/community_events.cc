#include "services/community/community_events.h"

#include "common/outbox/outbox.h"
#include "services/community/community_service.h"

namespace lifelong::community {

ev::Activity ActivityOf(const EventRow& e) {
  ev::Activity a;
  a.set_event("events/" + e.id);
  if (!e.parent_id.empty()) a.set_parent("events/" + e.parent_id);
  a.set_kind(static_cast<ev::EventKind>(e.proto.kind()));
  a.set_type(static_cast<ev::ActivityType>(e.proto.type()));
  if (!e.group_id.empty()) a.set_group("groups/" + e.group_id);
  if (!e.village_id.empty()) a.set_village("groups/" + e.village_id);
  a.set_district(e.proto.district());
  if (e.start_time != 0) a.mutable_occurrence_time()->set_seconds(e.start_time);
  return a;
}

ev::Counts CountsOf(const PlacesRow& p) {
  ev::Counts c;
  c.set_capacity(p.capacity);
  c.set_confirmed(p.confirmed);
  c.set_waitlisted(p.waitlisted);
  c.set_held(p.held);
  c.set_checked_in(p.checked_in);
  return c;
}

void AddEventToOutbox(pqxx::work& tx, const EventRow& event,
                      const google::protobuf::Message& payload) {
  common::AddToOutbox(tx,
                      common::OutboxEvent::Of(kEventTopic, event.id, payload));
}

}  // namespace lifelong::community
