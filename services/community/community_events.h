// The outbox payloads of community events (proto/lifelong/community/events/
// v1): the Activity an event belongs to and the counts of its places, and
// one call that writes a payload to the outbox keyed by the event's id.
//
//   ev::RsvpConfirmed c;
//   *c.mutable_activity() = ActivityOf(event);
//   *c.mutable_counts() = CountsOf(places);
//   AddEventToOutbox(tx, event, c);   // in the transaction of the change
#pragma once

#include <google/protobuf/message.h>

#include <pqxx/pqxx>

#include "lifelong/community/events/v1/community_events.pb.h"
#include "services/community/event_rows.h"

namespace lifelong::community {

namespace ev = lifelong::community::events::v1;

ev::Activity ActivityOf(const EventRow& event);
ev::Counts CountsOf(const PlacesRow& places);
// On lifelong.community.event.v1, key: the event's id.
void AddEventToOutbox(pqxx::work& tx, const EventRow& event,
                      const google::protobuf::Message& payload);

}  // namespace lifelong::community
