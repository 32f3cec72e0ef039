// Consultants come from identity's events: StaffRoleGranted with
// ROLE_CONSULTANT scoped to "centres/{id}" makes the staff member a
// consultant of that centre (again, if revoked before); StaffRoleRevoked
// for that scope deactivates them (their bookings stay; staff reassign
// them). Other identity events are ignored.
//
// Runs inside common::InboxConsumer's transaction: a redelivered event is
// dropped by the inbox, and applying one twice would change nothing anyway.
//
//   InboxConsumer consumer(pool, brokers, "consulting.identity-events",
//       {kIdentityAccountTopic}, ApplyIdentityEvent);
#pragma once

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "common/kafka/inbox_consumer.h"

namespace lifelong::consulting {

inline constexpr char kIdentityAccountTopic[] = "lifelong.identity.account.v1";

absl::Status ApplyIdentityEvent(pqxx::work& tx,
                                const common::ConsumedMessage& message);

}  // namespace lifelong::consulting
