// The enrolment service's gRPC handlers: each names its access policy and
// runs the logic through the common RpcGuard.
#pragma once

#include "common/server/rpc_guard.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "services/enrolment/enrolment_service.h"

namespace lifelong::enrolment {

inline constexpr char kErrorDomain[] = "enrolment.lifelong";

class EnrolmentGrpc final : public v1::EnrolmentService::Service {
 public:
  EnrolmentGrpc(EnrolmentService& logic, common::RpcGuard& guard);

  grpc::Status Apply(grpc::ServerContext* ctx, const v1::ApplyRequest* request,
                     v1::ApplyResponse* response) override;
  grpc::Status GetApplication(grpc::ServerContext* ctx,
                              const v1::GetApplicationRequest* request,
                              v1::GetApplicationResponse* response) override;
  grpc::Status ListMyApplications(
      grpc::ServerContext* ctx, const v1::ListMyApplicationsRequest* request,
      v1::ListMyApplicationsResponse* response) override;

 private:
  EnrolmentService& logic_;
  common::RpcGuard& guard_;
};

}  // namespace lifelong::enrolment
