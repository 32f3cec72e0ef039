// Who may manage a group (approve members, run its events, check people in,
// see its lists) and who may read it: a pure function of the caller and the
// facts loaded about them (group_rows.h LoadAccess).
//   manage: admins; staff with village_coordinator for "villages/{village}"
//           (from the session, or from identity's StaffRoleGranted kept in
//           village_coordinators); active LEADER or COORDINATOR members of
//           the group or of its village. A city event (no group): admins
//           and centre_staff.
//   read:   public and unlisted groups, anyone; private ones, their
//           members (any state but rejected and left) and managers.
//
//   GroupAccess access = LoadAccess(tx, caller, group_id);
//   if (!MayRead(caller, access)) return NotFound(...);
//   if (!Manages(caller, access)) return PermissionDenied(NOT_YOUR_GROUP);
#pragma once

#include <string>

#include "common/auth/caller.h"

namespace lifelong::community {

struct GroupAccess {
  bool city = false;       // a city event without a group
  std::string group_id;    // empty for a city event
  std::string village_id;  // the group's village (itself for a village)
  std::string visibility;  // "public", "unlisted", "private"
  // The caller's membership in the group and in its village ("" if none).
  std::string group_role;
  std::string group_state;
  std::string village_role;
  std::string village_state;
  // The caller coordinates the village per identity's events.
  bool coordinates_village = false;
};

bool Manages(const common::Caller& caller, const GroupAccess& access);
bool MayRead(const common::Caller& caller, const GroupAccess& access);
bool IsActiveMember(const GroupAccess& access);

}  // namespace lifelong::community
