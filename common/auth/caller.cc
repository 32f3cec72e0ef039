#include "common/auth/caller.h"

namespace lifelong::common {

bool Caller::Has(const std::string& role) const {
  for (const RoleGrant& g : roles) {
    if (g.role == role) return true;
  }
  return false;
}

bool Caller::HasIn(const std::string& role, const std::string& scope) const {
  for (const RoleGrant& g : roles) {
    if (g.role == kRoleAdmin || (g.role == role && g.scope == scope))
      return true;
  }
  return false;
}

}  // namespace lifelong::common
