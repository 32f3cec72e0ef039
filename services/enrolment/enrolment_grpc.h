// The enrolment service's gRPC handlers: each names its access policy and
// runs the logic's method of the same name through the common adapter
// (common/server/grpc_adapter.h). Finer checks (whose application, which
// centre, which instructor) are the logic's.
#pragma once

#include "common/server/grpc_adapter.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "services/enrolment/enrolment_messages.h"
#include "services/enrolment/enrolment_service.h"

namespace lifelong::enrolment {

inline constexpr char kErrorDomain[] = "enrolment.lifelong";

namespace policy {
inline const common::AccessPolicy kCitizens =
    common::AccessPolicy::AnyOf({common::kRoleCitizen});
inline const common::AccessPolicy kApplicants = common::AccessPolicy::AnyOf(
    {common::kRoleCitizen, common::kRoleCentreStaff, common::kRoleAdmin});
inline const common::AccessPolicy kRunners = common::AccessPolicy::AnyOf(
    {common::kRoleCentreStaff, common::kRoleInstructor, common::kRoleAdmin});
inline const common::AccessPolicy kInstructors =
    common::AccessPolicy::AnyOf({common::kRoleInstructor});
inline const common::AccessPolicy kSignedIn = common::AccessPolicy::SignedIn();
inline const common::AccessPolicy kPublic = common::AccessPolicy::Public();
}  // namespace policy

class EnrolmentGrpc final : public v1::EnrolmentService::Service,
                            common::GrpcAdapter<EnrolmentService> {
 public:
  using GrpcAdapter::GrpcAdapter;
  LIFELONG_REFUSAL_TEXTS(EnrolmentRefusalTexts())

  LIFELONG_RPC(v1, Apply, policy::kApplicants)
  LIFELONG_RPC(v1, GetApplication, policy::kSignedIn)
  LIFELONG_RPC(v1, ListMyApplications, policy::kCitizens)
  LIFELONG_RPC(v1, GetMyStanding, policy::kCitizens)
  LIFELONG_RPC(v1, CancelApplication, policy::kApplicants)
  LIFELONG_RPC(v1, AcceptSeatOffer, policy::kApplicants)
  LIFELONG_RPC(v1, ListOfferingApplications, policy::kRunners)
  LIFELONG_RPC(v1, GetDraw, policy::kSignedIn)
  LIFELONG_RPC(v1, RecordAttendance, policy::kInstructors)
  LIFELONG_RPC(v1, VerifyCertificate, policy::kPublic)
  LIFELONG_RPC(v1, BatchGetOfferingSeats, policy::kPublic)
};

}  // namespace lifelong::enrolment
