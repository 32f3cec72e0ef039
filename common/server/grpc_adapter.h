// The one shape of a service's gRPC adapter: a class deriving from the
// generated Service and from GrpcAdapter<Logic>, whose every method is one
// LIFELONG_RPC line naming the RPC and its access policy. Each call runs
// through the common RpcGuard (authentication, the role check, trace,
// metrics, error translation) and then the logic's method of the same name,
// which takes (const Caller&, const Request&) and returns
// absl::StatusOr<Response>. Finer checks (whose booking, which centre) are
// the logic's.
//
//   class ConsultingGrpc final : public v1::ConsultingService::Service,
//                                common::GrpcAdapter<ConsultingService> {
//    public:
//     using GrpcAdapter::GrpcAdapter;  // (ConsultingService&, RpcGuard&)
//     LIFELONG_RPC(v1, BookSlot, kCitizensAndStaff)
//     LIFELONG_RPC(v1, ListAvailableSlots, common::AccessPolicy::Public())
//     LIFELONG_REFUSAL_TEXTS(ConsultingRefusalTexts())
//   };
//
// The caller's client address is Caller::peer, so a logic method never needs
// the ServerContext. LIFELONG_REFUSAL_TEXTS gives the guard the service's
// texts for its refusals (common/refusal_texts.h).
#pragma once

#include <grpcpp/server_context.h>

#include <type_traits>

#include "absl/status/statusor.h"
#include "common/server/rpc_guard.h"

namespace lifelong::common {

template <typename Logic>
class GrpcAdapter {
 public:
  GrpcAdapter(Logic& logic, RpcGuard& guard) : logic_(logic), guard_(guard) {}

 protected:
  template <typename Request, typename Response>
  grpc::Status Run(grpc::ServerContextBase* ctx, const char* method,
                   const AccessPolicy& policy,
                   absl::StatusOr<Response> (Logic::*logic_method)(
                       const Caller&, const Request&),
                   const Request& request, Response* response) {
    return guard_.Handle(ctx, method, policy, response,
                         [&](const Caller& caller) {
                           return (logic_.*logic_method)(caller, request);
                         });
  }

  Logic& logic_;
  RpcGuard& guard_;
};

}  // namespace lifelong::common

// Declares and defines the override of `Method` in an adapter class (see
// above). `ns` is the API's namespace (`v1`), `policy` an AccessPolicy.
#define LIFELONG_RPC(ns, Method, policy)                                       \
  grpc::Status Method(grpc::ServerContext* ctx,                                \
                      const ns::Method##Request* request,                      \
                      ns::Method##Response* response) override {               \
    return this->Run(ctx, #Method, policy,                                     \
                     &std::remove_reference_t<decltype(this->logic_)>::Method, \
                     *request, response);                                      \
  }

// Declares a member that hands `texts` (a const common::RefusalTexts&) to the
// adapter's guard when the adapter is built.
#define LIFELONG_REFUSAL_TEXTS(texts)                                       \
  ::lifelong::common::RefusalTextsRegistration refusal_texts_{this->guard_, \
                                                              (texts)};
