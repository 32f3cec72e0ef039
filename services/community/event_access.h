// Loads an event for a caller and applies access.h to it: an event the
// caller may not read (unknown, a private group's, a draft they do not
// manage) answers NOT_FOUND; one they may read but not manage answers
// PERMISSION_DENIED NOT_YOUR_GROUP when `manage` is asked.
//
//   absl::StatusOr<EventRow> e = EventFor(tx, caller, id, r.name(),
//                                         Need::kManage, /*lock=*/true);
#pragma once

#include <pqxx/pqxx>
#include <string>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "services/community/access.h"
#include "services/community/event_rows.h"

namespace lifelong::community {

enum class Need { kRead, kManage };

// The access facts of the event's group (city: no group).
GroupAccess EventAccess(pqxx::work& tx, const common::Caller& caller,
                        const EventRow& event);

absl::StatusOr<EventRow> EventFor(pqxx::work& tx, const common::Caller& caller,
                                  const std::string& id,
                                  const std::string& name, Need need,
                                  bool lock = false);

absl::Status NotYourGroup();

}  // namespace lifelong::community
