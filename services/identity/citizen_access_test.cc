#include "services/identity/citizen_access.h"

#include <gtest/gtest.h>

namespace lifelong::identity {
namespace {

constexpr char kCitizen[] = "citizens/0b7c2e7a-1111-4a4a-8a8a-000000000001";

common::Caller As(std::string account, std::vector<common::RoleGrant> roles) {
  common::Caller c;
  c.account = std::move(account);
  c.roles = std::move(roles);
  return c;
}

const LiveGrant kDeskAtMisa{common::kRoleCentreStaff, "centres/misa",
                            v1::ACCESS_REASON_DESK_VISIT};

TEST(CitizenAccessTest, TheCitizenReadsThemselvesUnlogged) {
  CitizenRead r = DecideCitizenRead(As(kCitizen, {{common::kRoleCitizen, ""}}),
                                    kCitizen, {});
  EXPECT_EQ(r.view, CitizenView::kWhole);
  EXPECT_FALSE(r.logged);
}

TEST(CitizenAccessTest, AnotherCitizenSeesNothing) {
  CitizenRead r =
      DecideCitizenRead(As("citizens/0b7c2e7a-1111-4a4a-8a8a-000000000002",
                           {{common::kRoleCitizen, ""}}),
                        kCitizen, {});
  EXPECT_EQ(r.view, CitizenView::kNone);
  EXPECT_EQ(DecideCitizenRead(common::Caller{}, kCitizen, {}).view,
            CitizenView::kNone);
}

TEST(CitizenAccessTest, AdminAndVerifierReadAllLogged) {
  CitizenRead admin = DecideCitizenRead(
      As("staff/a", {{common::kRoleAdmin, ""}}), kCitizen, {});
  EXPECT_EQ(admin.view, CitizenView::kWhole);
  EXPECT_TRUE(admin.logged);
  EXPECT_EQ(admin.reason, v1::ACCESS_REASON_ADMINISTRATION);
  CitizenRead verifier = DecideCitizenRead(
      As("staff/v", {{kRolePriorityVerifier, ""}}), kCitizen, {});
  EXPECT_EQ(verifier.view, CitizenView::kWhole);
  EXPECT_TRUE(verifier.logged);
  EXPECT_EQ(verifier.as.role, kRolePriorityVerifier);
  EXPECT_EQ(verifier.reason, v1::ACCESS_REASON_CLAIM_VERIFICATION);
}

TEST(CitizenAccessTest, CentreStaffNeedALiveGrantAndTheRoleStill) {
  common::Caller staff =
      As("staff/s", {{common::kRoleCentreStaff, "centres/misa"}});
  EXPECT_EQ(DecideCitizenRead(staff, kCitizen, {}).view, CitizenView::kNone);
  CitizenRead r = DecideCitizenRead(staff, kCitizen, {kDeskAtMisa});
  EXPECT_EQ(r.view, CitizenView::kWhole);
  EXPECT_TRUE(r.logged);
  EXPECT_EQ(r.as.scope, "centres/misa");
  EXPECT_EQ(r.reason, v1::ACCESS_REASON_DESK_VISIT);
  // Moved to Wirye since: the Misa grant no longer counts.
  common::Caller moved =
      As("staff/s", {{common::kRoleCentreStaff, "centres/wirye"}});
  EXPECT_EQ(DecideCitizenRead(moved, kCitizen, {kDeskAtMisa}).view,
            CitizenView::kNone);
}

TEST(CitizenAccessTest, ConsultantsAndOtherRolesWithoutGrantSeeNothing) {
  for (const common::RoleGrant& role : std::vector<common::RoleGrant>{
           {common::kRoleConsultant, "centres/misa"},
           {common::kRoleInstructor, ""},
           {common::kRoleVillageCoordinator, "villages/misa-lake"}}) {
    EXPECT_EQ(DecideCitizenRead(As("staff/x", {role}), kCitizen, {}).view,
              CitizenView::kNone)
        << role.role;
  }
  LiveGrant consulting{common::kRoleConsultant, "centres/misa",
                       v1::ACCESS_REASON_CONSULTING_SESSION};
  EXPECT_EQ(DecideCitizenRead(
                As("staff/x", {{common::kRoleConsultant, "centres/misa"}}),
                kCitizen, {consulting})
                .view,
            CitizenView::kWhole);
}

TEST(CitizenAccessTest, CitySystemReadsWithoutClaims) {
  CitizenRead r = DecideCitizenRead(
      As("staff/c", {{common::kRoleCitySystem, ""}}), kCitizen, {});
  EXPECT_EQ(r.view, CitizenView::kWithoutClaims);
  EXPECT_TRUE(r.logged);
  EXPECT_EQ(r.reason, v1::ACCESS_REASON_CITY_SYSTEM);
}

TEST(CitizenAccessTest, AssistingRoleIsTheExactCentre) {
  common::Caller staff =
      As("staff/s", {{common::kRoleConsultant, "centres/wirye"},
                     {common::kRoleCentreStaff, "centres/misa"}});
  EXPECT_EQ(AssistingRole(staff, "centres/misa").role,
            common::kRoleCentreStaff);
  EXPECT_EQ(AssistingRole(staff, "centres/wirye").role,
            common::kRoleConsultant);
  EXPECT_TRUE(AssistingRole(staff, "centres/gamil").role.empty());
  EXPECT_TRUE(
      AssistingRole(As("staff/a", {{common::kRoleAdmin, ""}}), "centres/misa")
          .role.empty());
}

TEST(CitizenAccessTest, PhonesAreMaskedButForTheirEnds) {
  EXPECT_EQ(MaskPhone("+821012345678"), "010-****-5678");
  EXPECT_EQ(MaskPhone("+82111234567"), "011-****-4567");
  EXPECT_EQ(MaskPhone(""), "");
  EXPECT_EQ(MaskPhone("+8210"), "***");
}

}  // namespace
}  // namespace lifelong::identity
