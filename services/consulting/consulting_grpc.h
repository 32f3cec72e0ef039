// The consulting service's gRPC handlers: one line per RPC naming its
// access policy; the common RpcGuard authenticates, checks the role and
// translates errors. Finer checks (whose booking, which centre) are the
// logic's.
#pragma once

#include "common/server/grpc_adapter.h"
#include "common/server/shared_bytes.h"
#include "lifelong/consulting/v1/consulting_service.grpc.pb.h"
#include "services/consulting/consulting_messages.h"
#include "services/consulting/consulting_service.h"

namespace lifelong::consulting {

inline const common::AccessPolicy kAnyone = common::AccessPolicy::Public();
inline const common::AccessPolicy kSignedIn = common::AccessPolicy::SignedIn();
inline const common::AccessPolicy kStaff = common::AccessPolicy::AnyOf(
    {common::kRoleAdmin, common::kRoleCentreStaff, common::kRoleConsultant});

// ListAvailableSlots, answered from memory, runs as a raw callback handler
// on gRPC's own threads: it sends the serialized answer that the logic
// computed or had already computed for the same question (no copy per
// call). Every other method is synchronous.
class ConsultingGrpc final
    : public v1::ConsultingService::WithRawCallbackMethod_ListAvailableSlots<
          v1::ConsultingService::Service>,
      common::GrpcAdapter<ConsultingService> {
 public:
  using GrpcAdapter::GrpcAdapter;
  LIFELONG_REFUSAL_TEXTS(ConsultingRefusalTexts())

  grpc::ServerUnaryReactor* ListAvailableSlots(
      grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    reactor->Finish(guard_.Handle(
        ctx, "ListAvailableSlots", kAnyone, response,
        [&](const common::Caller& caller) -> absl::Status {
          v1::ListAvailableSlotsRequest r;
          if (absl::Status s = common::ParseRequest(*request, &r); !s.ok()) {
            return s;
          }
          auto answer = logic_.ListAvailableSlots(caller, r);
          if (!answer.ok()) return answer.status();
          *response = common::SharedBytes(std::move(*answer));
          return absl::OkStatus();
        }));
    return reactor;
  }
  LIFELONG_RPC(v1, HoldSlot, kSignedIn)
  LIFELONG_RPC(v1, BookSlot, kSignedIn)
  LIFELONG_RPC(v1, BookSeries, kStaff)
  LIFELONG_RPC(v1, JoinWaitlist, kSignedIn)
  LIFELONG_RPC(v1, ConfirmBooking, kStaff)
  LIFELONG_RPC(v1, RejectBooking, kStaff)
  LIFELONG_RPC(v1, CancelBooking, kSignedIn)
  LIFELONG_RPC(v1, RescheduleBooking, kSignedIn)
  LIFELONG_RPC(v1, ReassignBooking, kStaff)
  LIFELONG_RPC(v1, RecordNoShow, kStaff)
  LIFELONG_RPC(v1, CompleteBooking, kStaff)
  LIFELONG_RPC(v1, GetBooking, kSignedIn)
  LIFELONG_RPC(v1, ListMyBookings, kSignedIn)
  LIFELONG_RPC(v1, ListCentreBookings, kStaff)
  LIFELONG_RPC(v1, RecordOutcome, kStaff)
  LIFELONG_RPC(v1, GetLearningPlan, kSignedIn)
  LIFELONG_RPC(v1, UpdatePlanItem, kSignedIn)
  LIFELONG_RPC(v1, GetConsultationNote, kStaff)
  LIFELONG_RPC(v1, CreateSessionType, kStaff)
  LIFELONG_RPC(v1, ListSessionTypes, kAnyone)
  LIFELONG_RPC(v1, SetWeeklyRules, kStaff)
  LIFELONG_RPC(v1, ListSchedules, kStaff)
  LIFELONG_RPC(v1, SetDateOverride, kStaff)
  LIFELONG_RPC(v1, AddOutOfOffice, kStaff)
  LIFELONG_RPC(v1, AddClosure, kStaff)
  LIFELONG_RPC(v1, DeleteClosure, kStaff)
  LIFELONG_RPC(v1, ListClosures, kAnyone)
};

}  // namespace lifelong::consulting
