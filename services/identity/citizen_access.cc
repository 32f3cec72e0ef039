#include "services/identity/citizen_access.h"

namespace lifelong::identity {
namespace {

// The caller's grant of `role` (any scope), or nullptr.
const common::RoleGrant* Holding(const common::Caller& caller,
                                 const std::string& role) {
  for (const common::RoleGrant& g : caller.roles) {
    if (g.role == role) return &g;
  }
  return nullptr;
}

bool HoldsExactly(const common::Caller& caller, const common::RoleGrant& want) {
  for (const common::RoleGrant& g : caller.roles) {
    if (g == want) return true;
  }
  return false;
}

}  // namespace

CitizenRead DecideCitizenRead(const common::Caller& caller,
                              const std::string& citizen,
                              const std::vector<LiveGrant>& live_grants) {
  CitizenRead read;
  if (caller.anonymous()) return read;
  if (caller.account == citizen) {
    read.view = CitizenView::kWhole;
    return read;
  }
  read.logged = true;
  if (const common::RoleGrant* g = Holding(caller, common::kRoleAdmin)) {
    read.view = CitizenView::kWhole;
    read.as = *g;
    read.reason = v1::ACCESS_REASON_ADMINISTRATION;
    return read;
  }
  if (const common::RoleGrant* g = Holding(caller, kRolePriorityVerifier)) {
    read.view = CitizenView::kWhole;
    read.as = *g;
    read.reason = v1::ACCESS_REASON_CLAIM_VERIFICATION;
    return read;
  }
  for (const LiveGrant& grant : live_grants) {
    common::RoleGrant as{grant.role, grant.scope};
    if ((grant.role == common::kRoleCentreStaff ||
         grant.role == common::kRoleConsultant) &&
        HoldsExactly(caller, as)) {
      read.view = CitizenView::kWhole;
      read.as = as;
      read.reason = grant.reason;
      return read;
    }
  }
  if (const common::RoleGrant* g = Holding(caller, common::kRoleCitySystem)) {
    read.view = CitizenView::kWithoutClaims;
    read.as = *g;
    read.reason = v1::ACCESS_REASON_CITY_SYSTEM;
    return read;
  }
  return CitizenRead{};
}

common::RoleGrant AssistingRole(const common::Caller& caller,
                                const std::string& centre) {
  for (const char* role : {common::kRoleCentreStaff, common::kRoleConsultant}) {
    common::RoleGrant want{role, centre};
    if (HoldsExactly(caller, want)) return want;
  }
  return {};
}

std::vector<v1::PriorityGroup> DisclosedClaims(const v1::Citizen& citizen) {
  std::vector<v1::PriorityGroup> groups;
  for (const v1::PriorityClaim& c : citizen.priority_claims()) {
    groups.push_back(c.group());
  }
  return groups;
}

std::string MaskPhone(const std::string& e164) {
  if (e164.empty()) return "";
  // National form: "+8210..." -> "010...".
  std::string national =
      e164.rfind("+82", 0) == 0 ? "0" + e164.substr(3) : e164;
  if (national.size() < 8) return std::string(national.size(), '*');
  std::string last = national.substr(national.size() - 4);
  return national.substr(0, 3) + "-****-" + last;
}

}  // namespace lifelong::identity
