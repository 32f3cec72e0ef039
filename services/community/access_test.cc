#include "services/community/access.h"

#include <gtest/gtest.h>

namespace lifelong::community {
namespace {

using common::Caller;

GroupAccess Club(const std::string& visibility = "public") {
  GroupAccess a;
  a.group_id = "misa-readers";
  a.village_id = "misa-lake";
  a.visibility = visibility;
  return a;
}

Caller Make(const std::string& account, std::vector<common::RoleGrant> roles) {
  Caller c;
  c.account = account;
  c.roles = std::move(roles);
  return c;
}

Caller Citizen() { return Make("citizens/1", {{common::kRoleCitizen, ""}}); }
Caller Coordinator(const std::string& village) {
  return Make("staff/2",
              {{common::kRoleVillageCoordinator, "villages/" + village}});
}

TEST(AccessTest, CoordinatorsManageTheirVillageOnly) {
  EXPECT_TRUE(Manages(Coordinator("misa-lake"), Club()));
  EXPECT_FALSE(Manages(Coordinator("wirye-park"), Club()));
  GroupAccess from_events = Club();
  from_events.coordinates_village = true;
  EXPECT_TRUE(Manages(Make("staff/3", {}), from_events));
}

TEST(AccessTest, LeadersOfTheGroupOrItsVillage) {
  GroupAccess a = Club();
  a.group_role = "leader";
  a.group_state = "active";
  EXPECT_TRUE(Manages(Citizen(), a));
  a.group_state = "left";
  EXPECT_FALSE(Manages(Citizen(), a));
  a.group_role = "member";
  a.group_state = "active";
  EXPECT_FALSE(Manages(Citizen(), a));
  a.village_role = "coordinator";
  a.village_state = "active";
  EXPECT_TRUE(Manages(Citizen(), a));
}

TEST(AccessTest, AdminsEverywhereCentreStaffForCityEvents) {
  Caller admin = Make("staff/1", {{common::kRoleAdmin, ""}});
  Caller staff = Make("staff/4", {{common::kRoleCentreStaff, "centres/misa"}});
  EXPECT_TRUE(Manages(admin, Club()));
  EXPECT_FALSE(Manages(staff, Club()));
  GroupAccess city;
  city.city = true;
  EXPECT_TRUE(Manages(staff, city));
  EXPECT_FALSE(Manages(Citizen(), city));
  EXPECT_FALSE(Manages(Caller{}, city));
}

TEST(AccessTest, PrivateGroupsForMembersAndManagers) {
  EXPECT_TRUE(MayRead(Caller{}, Club("public")));
  EXPECT_TRUE(MayRead(Caller{}, Club("unlisted")));
  EXPECT_FALSE(MayRead(Citizen(), Club("private")));
  EXPECT_TRUE(MayRead(Coordinator("misa-lake"), Club("private")));
  GroupAccess pending = Club("private");
  pending.group_state = "pending";
  EXPECT_TRUE(MayRead(Citizen(), pending));
  EXPECT_FALSE(IsActiveMember(pending));
  pending.group_state = "rejected";
  EXPECT_FALSE(MayRead(Citizen(), pending));
}

}  // namespace
}  // namespace lifelong::community
