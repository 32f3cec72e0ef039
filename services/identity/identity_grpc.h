// The identity service's gRPC handlers: each names its access policy and
// runs the logic's method of the same name through the common adapter
// (common/server/grpc_adapter.h). Which citizen a caller may read, and which
// claims, are the logic's checks.
#pragma once

#include "common/server/grpc_adapter.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/citizen_access.h"
#include "services/identity/identity_messages.h"
#include "services/identity/identity_service.h"

namespace lifelong::identity {

inline constexpr char kErrorDomain[] = "identity.lifelong";

namespace policy {
inline const common::AccessPolicy kPublic = common::AccessPolicy::Public();
inline const common::AccessPolicy kSignedIn = common::AccessPolicy::SignedIn();
inline const common::AccessPolicy kAdmin =
    common::AccessPolicy::AnyOf({common::kRoleAdmin});
inline const common::AccessPolicy kClaimDeciders =
    common::AccessPolicy::AnyOf({common::kRoleAdmin, kRolePriorityVerifier});
inline const common::AccessPolicy kCentreStaff = common::AccessPolicy::AnyOf(
    {common::kRoleCentreStaff, common::kRoleConsultant});
inline const common::AccessPolicy kDeskStaff =
    common::AccessPolicy::AnyOf({common::kRoleCentreStaff});
inline const common::AccessPolicy kOfferingStaff = common::AccessPolicy::AnyOf(
    {common::kRoleCentreStaff, common::kRoleInstructor, common::kRoleAdmin});
inline const common::AccessPolicy kCitizens =
    common::AccessPolicy::AnyOf({common::kRoleCitizen});
}  // namespace policy

class IdentityGrpc final : public v1::IdentityService::Service,
                           common::GrpcAdapter<IdentityService> {
 public:
  using GrpcAdapter::GrpcAdapter;
  LIFELONG_REFUSAL_TEXTS(IdentityRefusalTexts())

  LIFELONG_RPC(v1, RegisterCitizen, policy::kPublic)
  LIFELONG_RPC(v1, Login, policy::kPublic)
  LIFELONG_RPC(v1, GetRegistrationOptions, policy::kPublic)
  LIFELONG_RPC(v1, Logout, policy::kSignedIn)
  LIFELONG_RPC(v1, LogoutEverywhere, policy::kSignedIn)
  LIFELONG_RPC(v1, WhoAmI, policy::kSignedIn)
  LIFELONG_RPC(v1, ChangePassword, policy::kSignedIn)
  // Who reads how much is the logic's decision (citizen_access.h): anyone
  // it refuses gets NOT_FOUND, as for an unknown citizen.
  LIFELONG_RPC(v1, GetCitizen, policy::kSignedIn)
  LIFELONG_RPC(v1, VerifyPriorityClaim, policy::kClaimDeciders)
  LIFELONG_RPC(v1, CreateStaffAccount, policy::kAdmin)
  LIFELONG_RPC(v1, GrantRole, policy::kAdmin)
  LIFELONG_RPC(v1, RevokeRole, policy::kAdmin)
  // The logic checks the role is held in the centre named.
  LIFELONG_RPC(v1, StartAssisting, policy::kCentreStaff)
  LIFELONG_RPC(v1, ListMyDataAccess, policy::kCitizens)
  // The logic checks the role is held in the centre named.
  LIFELONG_RPC(v1, FindCitizens, policy::kCentreStaff)
  // The logic checks the centre; IssueDeskCode, that the caller assists.
  LIFELONG_RPC(v1, RegisterAssistedCitizen, policy::kDeskStaff)
  LIFELONG_RPC(v1, IssueDeskCode, policy::kCentreStaff)
  // The logic checks the ticket is the caller's, under a role still held.
  LIFELONG_RPC(v1, BatchGetCitizenContacts, policy::kOfferingStaff)
  LIFELONG_RPC(v1, BatchGetStaffProfiles, policy::kPublic)
};

}  // namespace lifelong::identity
