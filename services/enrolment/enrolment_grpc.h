// The enrolment service's gRPC handlers: each names its access policy and
// runs the logic through the common RpcGuard. Finer checks (whose
// application, which centre, which instructor) are the logic's.
#pragma once

#include "common/server/rpc_guard.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "services/enrolment/enrolment_service.h"

namespace lifelong::enrolment {

inline constexpr char kErrorDomain[] = "enrolment.lifelong";

class EnrolmentGrpc final : public v1::EnrolmentService::Service {
 public:
  EnrolmentGrpc(EnrolmentService& logic, common::RpcGuard& guard);

#define LIFELONG_ENROLMENT_RPC(Method)                    \
  grpc::Status Method(grpc::ServerContext* ctx,           \
                      const v1::Method##Request* request, \
                      v1::Method##Response* response) override;
  LIFELONG_ENROLMENT_RPC(Apply)
  LIFELONG_ENROLMENT_RPC(GetApplication)
  LIFELONG_ENROLMENT_RPC(ListMyApplications)
  LIFELONG_ENROLMENT_RPC(GetMyStanding)
  LIFELONG_ENROLMENT_RPC(CancelApplication)
  LIFELONG_ENROLMENT_RPC(AcceptSeatOffer)
  LIFELONG_ENROLMENT_RPC(ListOfferingApplications)
  LIFELONG_ENROLMENT_RPC(GetDraw)
  LIFELONG_ENROLMENT_RPC(RecordAttendance)
  LIFELONG_ENROLMENT_RPC(VerifyCertificate)
#undef LIFELONG_ENROLMENT_RPC

 private:
  EnrolmentService& logic_;
  common::RpcGuard& guard_;
};

}  // namespace lifelong::enrolment
