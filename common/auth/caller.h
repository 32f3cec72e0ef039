// Who is calling: the account behind a session and its roles with scopes.
// Role names are the same strings in every service and in Redis.
#pragma once

#include <string>
#include <vector>

namespace lifelong::common {

inline constexpr char kRoleCitizen[] = "citizen";
inline constexpr char kRoleAdmin[] = "admin";
inline constexpr char kRoleCentreStaff[] = "centre_staff";
inline constexpr char kRoleConsultant[] = "consultant";
inline constexpr char kRoleInstructor[] = "instructor";
inline constexpr char kRoleVillageCoordinator[] = "village_coordinator";
inline constexpr char kRoleCitySystem[] = "city_system";

struct RoleGrant {
  std::string role;   // one of the kRole* names
  std::string scope;  // "centres/3", "villages/7", or empty
  bool operator==(const RoleGrant& o) const {
    return role == o.role && scope == o.scope;
  }
};

struct Caller {
  std::string account;  // "citizens/{uuid}" or "staff/{uuid}"; empty: anonymous
  std::string session_id;  // hash of the session token
  std::vector<RoleGrant> roles;
  // The client's IP address ("127.0.0.1", "::1"), set for every call,
  // anonymous ones included.
  std::string peer;

  bool anonymous() const { return account.empty(); }
  // Holds `role` with any scope.
  bool Has(const std::string& role) const;
  // Holds `role` for exactly `scope` (or admin, which holds every scope).
  bool HasIn(const std::string& role, const std::string& scope) const;
};

}  // namespace lifelong::common
