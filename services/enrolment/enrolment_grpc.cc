#include "services/enrolment/enrolment_grpc.h"

namespace lifelong::enrolment {
namespace {

using common::AccessPolicy;
using common::Caller;

const AccessPolicy kApplicants = AccessPolicy::AnyOf(
    {common::kRoleCitizen, common::kRoleCentreStaff, common::kRoleAdmin});

}  // namespace

EnrolmentGrpc::EnrolmentGrpc(EnrolmentService& logic, common::RpcGuard& guard)
    : logic_(logic), guard_(guard) {}

grpc::Status EnrolmentGrpc::Apply(grpc::ServerContext* ctx,
                                  const v1::ApplyRequest* request,
                                  v1::ApplyResponse* response) {
  return guard_.Handle(
      ctx, "Apply", kApplicants, response,
      [&](const Caller& c) { return logic_.Apply(c, *request); });
}

grpc::Status EnrolmentGrpc::GetApplication(
    grpc::ServerContext* ctx, const v1::GetApplicationRequest* request,
    v1::GetApplicationResponse* response) {
  return guard_.Handle(
      ctx, "GetApplication", AccessPolicy::SignedIn(), response,
      [&](const Caller& c) { return logic_.GetApplication(c, *request); });
}

grpc::Status EnrolmentGrpc::ListMyApplications(
    grpc::ServerContext* ctx, const v1::ListMyApplicationsRequest* request,
    v1::ListMyApplicationsResponse* response) {
  return guard_.Handle(
      ctx, "ListMyApplications", AccessPolicy::AnyOf({common::kRoleCitizen}),
      response,
      [&](const Caller& c) { return logic_.ListMyApplications(c, *request); });
}

}  // namespace lifelong::enrolment
