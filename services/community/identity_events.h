// The community service's read of identity's account events
// (lifelong.identity.account.v1), applied by a common::InboxConsumer:
//   StaffRoleGranted/Revoked with ROLE_VILLAGE_COORDINATOR and scope
//     "villages/{id}"  → village_coordinators (access.h)
//   CitizenRegistered  → citizens.birth_year (age bands)
// Other records are ignored. A record whose body does not parse is
// Unprocessable (parked on the dead-letter topic). Idempotent: a redelivered
// record writes the same rows.
//
//   common::InboxConsumer identity(pool, brokers, "community.identity",
//       {kIdentityAccountTopic}, ApplyIdentityEvent);
#pragma once

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "common/kafka/inbox_consumer.h"

namespace lifelong::community {

inline constexpr char kIdentityAccountTopic[] = "lifelong.identity.account.v1";

absl::Status ApplyIdentityEvent(pqxx::work& tx,
                                const common::ConsumedMessage& message);

}  // namespace lifelong::community
