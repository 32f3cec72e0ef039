// Keeps the enrolment service's read models of other services' data from
// their events, inside the InboxConsumer's transaction (so each event
// applies once; see common/kafka/inbox_consumer.h):
//   lifelong.catalogue.offering.v1 -> offerings (only a newer version of an
//       offering replaces the stored one, so a late or repeated event changes
//       nothing; seats already given are kept if capacity shrinks, seats
//       added go to the waitlist; a lottery's seed is committed when it first
//       arrives; a cancelled offering cancels every application in it;
//       rescheduled and cancelled sessions update the stored sessions)
//   lifelong.identity.account.v1   -> citizens (birth year, districts)
//   lifelong.identity.priority.v1  -> citizens' verified priority groups
//       (a restricted topic enrolment is one of the readers of)
// Events of other types are skipped.
#pragma once

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "common/kafka/inbox_consumer.h"
#include "services/enrolment/seats.h"

namespace lifelong::enrolment {

inline constexpr char kCatalogueOfferingTopic[] =
    "lifelong.catalogue.offering.v1";
inline constexpr char kIdentityAccountTopic[] = "lifelong.identity.account.v1";
inline constexpr char kIdentityPriorityTopic[] =
    "lifelong.identity.priority.v1";

// Dispatches on the topic; for InboxConsumer. `policy` for seat offers when
// capacity grows.
absl::Status ApplyEvent(pqxx::work& tx, const common::ConsumedMessage& message,
                        const SeatPolicy& policy);

}  // namespace lifelong::enrolment
