#include "services/community/access.h"

namespace lifelong::community {
namespace {

bool LeadsAs(const std::string& role, const std::string& state) {
  return state == "active" && (role == "leader" || role == "coordinator");
}

}  // namespace

bool Manages(const common::Caller& caller, const GroupAccess& a) {
  if (caller.anonymous()) return false;
  if (caller.Has(common::kRoleAdmin)) return true;
  if (a.city) return caller.Has(common::kRoleCentreStaff);
  if (!a.village_id.empty() &&
      (a.coordinates_village || caller.HasIn(common::kRoleVillageCoordinator,
                                             "villages/" + a.village_id))) {
    return true;
  }
  return LeadsAs(a.group_role, a.group_state) ||
         LeadsAs(a.village_role, a.village_state);
}

bool MayRead(const common::Caller& caller, const GroupAccess& a) {
  if (a.city || a.visibility != "private") return true;
  if (a.group_state == "active" || a.group_state == "pending" ||
      a.group_state == "invited") {
    return true;
  }
  return Manages(caller, a);
}

bool IsActiveMember(const GroupAccess& a) { return a.group_state == "active"; }

}  // namespace lifelong::community
