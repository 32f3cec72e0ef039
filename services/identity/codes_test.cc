#include "services/identity/codes.h"

#include <gtest/gtest.h>

#include "common/auth/caller.h"

namespace lifelong::identity {
namespace {

TEST(CodesTest, RolesUseTheNamesSessionsCarry) {
  EXPECT_EQ(RoleCode(v1::ROLE_CENTRE_STAFF), common::kRoleCentreStaff);
  EXPECT_EQ(RoleCode(v1::ROLE_VILLAGE_COORDINATOR),
            common::kRoleVillageCoordinator);
  EXPECT_EQ(RoleCode(v1::ROLE_CITY_SYSTEM), common::kRoleCitySystem);
  EXPECT_EQ(RoleCode(v1::ROLE_CITIZEN), common::kRoleCitizen);
  EXPECT_EQ(RoleFromCode("admin"), v1::ROLE_ADMIN);
  EXPECT_EQ(RoleFromCode("no_such_role"), v1::ROLE_UNSPECIFIED);
}

TEST(CodesTest, EveryEnumValueRoundTrips) {
  for (int i = 1; i <= 4; ++i) {
    auto g = static_cast<v1::PriorityGroup>(i);
    EXPECT_EQ(GroupFromCode(GroupCode(g)), g);
  }
  EXPECT_EQ(GroupCode(v1::PRIORITY_GROUP_BASIC_LIVELIHOOD), "basic_livelihood");
  for (int i = 1; i <= 3; ++i) {
    auto s = static_cast<v1::ClaimStatus>(i);
    EXPECT_EQ(ClaimStatusFromCode(ClaimStatusCode(s)), s);
  }
  EXPECT_EQ(LanguageCode(v1::LANGUAGE_KO), "ko");
  EXPECT_EQ(LanguageFromCode("en"), v1::LANGUAGE_EN);
}

}  // namespace
}  // namespace lifelong::identity
