#include "services/enrolment/enrolment_grpc.h"

namespace lifelong::enrolment {
namespace {

using common::AccessPolicy;
using common::Caller;

const AccessPolicy kCitizens = AccessPolicy::AnyOf({common::kRoleCitizen});
const AccessPolicy kApplicants = AccessPolicy::AnyOf(
    {common::kRoleCitizen, common::kRoleCentreStaff, common::kRoleAdmin});
const AccessPolicy kRunners = AccessPolicy::AnyOf(
    {common::kRoleCentreStaff, common::kRoleInstructor, common::kRoleAdmin});
const AccessPolicy kInstructors =
    AccessPolicy::AnyOf({common::kRoleInstructor});
const AccessPolicy kSignedIn = AccessPolicy::SignedIn();
const AccessPolicy kPublic = AccessPolicy::Public();

}  // namespace

EnrolmentGrpc::EnrolmentGrpc(EnrolmentService& logic, common::RpcGuard& guard)
    : logic_(logic), guard_(guard) {}

// Each handler: method name, policy, and the logic's method of that name.
#define LIFELONG_HANDLE(Method, policy)                                  \
  grpc::Status EnrolmentGrpc::Method(grpc::ServerContext* ctx,           \
                                     const v1::Method##Request* request, \
                                     v1::Method##Response* response) {   \
    return guard_.Handle(ctx, #Method, policy, response,                 \
                         [&](const Caller& caller) {                     \
                           return logic_.Method(caller, *request);       \
                         });                                             \
  }

LIFELONG_HANDLE(Apply, kApplicants)
LIFELONG_HANDLE(GetApplication, kSignedIn)
LIFELONG_HANDLE(ListMyApplications, kCitizens)
LIFELONG_HANDLE(GetMyStanding, kCitizens)
LIFELONG_HANDLE(CancelApplication, kApplicants)
LIFELONG_HANDLE(AcceptSeatOffer, kApplicants)
LIFELONG_HANDLE(ListOfferingApplications, kRunners)
LIFELONG_HANDLE(GetDraw, kSignedIn)
LIFELONG_HANDLE(RecordAttendance, kInstructors)
LIFELONG_HANDLE(VerifyCertificate, kPublic)
#undef LIFELONG_HANDLE

}  // namespace lifelong::enrolment
