// How enrolment announces what happened to applications: every event goes
// to the outbox (common/outbox/outbox.h) in the transaction that made the
// change, on one topic, keyed by the offering id, so that per offering the
// events come in the order of their commits. What the general topic must
// never show is taken out here, in one place.
//
//   events::v1::EnrolmentConfirmed event;
//   *event.mutable_application() = application;
//   Announce(tx, offering_id, event);
#pragma once

#include <google/protobuf/message.h>

#include <pqxx/pqxx>
#include <string>

namespace lifelong::enrolment {

inline constexpr char kApplicationTopic[] = "lifelong.enrolment.application.v1";

// Writes `event` to the outbox, keyed by the offering id (lower-case), and
// its v2 twin (events_v2.h) to lifelong.enrolment.application.v2 right
// after it. An event with an
// `application` and no `fee` set gets its fee from the application's stored
// fee decision (fees.h); it never shows the quota group (a priority group),
// a cancellation's free-text reason or the offering's summary on the
// general topic.
void Announce(pqxx::work& tx, const std::string& offering_id,
              const google::protobuf::Message& event);

}  // namespace lifelong::enrolment
