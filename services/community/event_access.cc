#include "services/community/event_access.h"

#include "common/errors.h"
#include "services/community/group_rows.h"

namespace lifelong::community {

absl::Status NotYourGroup() {
  return common::Error(absl::StatusCode::kPermissionDenied, "NOT_YOUR_GROUP",
                       "only the group's leaders, coordinators and staff may");
}

GroupAccess EventAccess(pqxx::work& tx, const common::Caller& caller,
                        const EventRow& event) {
  if (event.group_id.empty()) {
    GroupAccess city;
    city.city = true;
    return city;
  }
  std::optional<GroupRow> g = LoadGroup(tx, event.group_id);
  if (!g) return GroupAccess{};  // cannot happen (foreign key)
  return LoadAccess(tx, caller, *g);
}

absl::StatusOr<EventRow> EventFor(pqxx::work& tx, const common::Caller& caller,
                                  const std::string& id,
                                  const std::string& name, Need need,
                                  bool lock) {
  std::optional<EventRow> e = LoadEvent(tx, id, lock);
  if (!e) return EventNotFound(name);
  GroupAccess access = EventAccess(tx, caller, *e);
  if (!MayRead(caller, access)) return EventNotFound(name);
  bool manages = Manages(caller, access);
  if (!e->published() && !manages) return EventNotFound(name);
  if (need == Need::kManage && !manages) return NotYourGroup();
  return *e;
}

}  // namespace lifelong::community
