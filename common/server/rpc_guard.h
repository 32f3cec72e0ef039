// The one mandatory wrapper around every gRPC handler. gRPC 1.51 interceptors
// cannot reject a call, so each handler body runs through RpcGuard::Handle,
// which:
//   - takes the trace context from `traceparent` metadata (or starts one), so
//     logs and outbox events carry it;
//   - reads `authorization: Bearer <token>`, checks the session in Redis and
//     the caller's role against the method's policy, answering
//     UNAUTHENTICATED or PERMISSION_DENIED before the body runs;
//   - translates the body's absl::Status to a gRPC status with
//     google.rpc.Status details, once, here, adding a LocalizedMessage in
//     the language the caller's `accept-language` prefers (Korean or
//     English, Korean by default: common/accept_language.h) from the
//     service's texts (set_refusal_texts) or the common ones
//     (common/refusal_texts.h);
//   - turns a lost database into UNAVAILABLE and any other exception into
//     INTERNAL, and counts the call and its latency in the metrics;
//   - gives every UNAVAILABLE a stable reason and a RetryInfo
//     (HonestUnavailable in common/errors.h);
//   - honours the client's deadline: a call whose deadline has passed
//     answers DEADLINE_EXCEEDED without running its body, and the body runs
//     with the deadline in a CallDeadlineScope, so its transactions bound
//     their statements by it and commit nothing past it
//     (common/pg/transaction.h).
//
//   grpc::Status Login(grpc::ServerContext* ctx, const LoginRequest* req,
//                      LoginResponse* resp) override {
//     return guard_.Handle(ctx, "Login", AccessPolicy::Public(), resp,
//         [&](const Caller& caller) { return logic_.Login(*req, Peer(ctx)); });
//   }
//
// Scope checks that need the resource (a centre's own offering) stay in the
// logic, which receives the Caller.
#pragma once

#include <grpcpp/server_context.h>

#include <chrono>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/auth/session_store.h"
#include "common/errors.h"
#include "common/metrics/metrics.h"
#include "common/pg/call_deadline.h"
#include "common/refusal_texts.h"
#include "common/server/client_address.h"
#include "common/trace_context.h"

namespace lifelong::common {

struct AccessPolicy {
  bool allow_anonymous = false;
  // The caller needs one of these roles; empty: any signed-in caller.
  std::vector<std::string> roles;

  static AccessPolicy Public() { return {true, {}}; }
  static AccessPolicy SignedIn() { return {false, {}}; }
  static AccessPolicy AnyOf(std::vector<std::string> roles) {
    return {false, std::move(roles)};
  }
};

// The client's IP address without the port ("127.0.0.1", "::1").
std::string PeerAddress(const grpc::ServerContextBase& ctx);

class RpcGuard {
 public:
  RpcGuard(SessionStore& sessions, Metrics& metrics, std::string domain);

  // Callers' addresses (Caller::peer) come from X-Forwarded-For only when
  // the direct peer is one of these (LIFELONG_TRUSTED_PROXIES). Set before
  // serving.
  void set_trusted_proxies(TrustedProxies proxies) {
    trusted_proxies_ = std::move(proxies);
  }

  // The service's texts for its own reasons (they outlive the guard: a
  // function-local static). Set before serving, by the adapter class's
  // LIFELONG_REFUSAL_TEXTS line (common/server/grpc_adapter.h).
  void set_refusal_texts(const RefusalTexts& texts) { texts_ = &texts; }

  // `body` is callable as (const Caller&) -> absl::StatusOr<Response>, or
  // -> absl::Status when it fills `response` itself (an arena-allocated one,
  // say). Works for synchronous and callback handlers alike.
  template <typename Response, typename Body>
  grpc::Status Handle(grpc::ServerContextBase* ctx, const char* method,
                      const AccessPolicy& policy, Response* response,
                      Body&& body) {
    auto start = std::chrono::steady_clock::now();
    ScopedTraceContext trace(Traceparent(*ctx));
    CallDeadlineScope deadline(ctx->deadline());
    absl::Status status;
    try {
      absl::StatusOr<Caller> caller =
          deadline.passed() ? absl::StatusOr<Caller>(PastDeadline())
                            : Authenticate(*ctx, policy);
      if (caller.ok()) {
        caller->peer = ClientAddress(*ctx);
        if constexpr (std::is_same_v<decltype(body(*caller)), absl::Status>) {
          status = body(*caller);  // the body fills `response` itself
        } else {
          absl::StatusOr<Response> result = body(*caller);
          if (result.ok()) *response = std::move(*result);
          status = result.status();
        }
      } else {
        status = caller.status();
      }
    } catch (const std::exception& e) {
      status = FromException(method, e);
    }
    return Finish(*ctx, method, status, start);
  }

 private:
  std::string Traceparent(const grpc::ServerContextBase& ctx) const;
  std::string ClientAddress(const grpc::ServerContextBase& ctx) const;
  static absl::Status PastDeadline();
  absl::StatusOr<Caller> Authenticate(const grpc::ServerContextBase& ctx,
                                      const AccessPolicy& policy);
  absl::Status FromException(const char* method, const std::exception& e);
  grpc::Status Finish(const grpc::ServerContextBase& ctx, const char* method,
                      absl::Status status,
                      std::chrono::steady_clock::time_point start);
  // `status` with its text in the caller's language.
  absl::Status Localized(const grpc::ServerContextBase& ctx,
                         absl::Status status) const;

  SessionStore& sessions_;
  Metrics& metrics_;
  const std::string domain_;
  TrustedProxies trusted_proxies_;
  const RefusalTexts* texts_ = nullptr;
};

// A member of an adapter class that hands the service's texts to its guard
// when the adapter is built; see LIFELONG_REFUSAL_TEXTS.
struct RefusalTextsRegistration {
  RefusalTextsRegistration(RpcGuard& guard, const RefusalTexts& texts) {
    guard.set_refusal_texts(texts);
  }
};

}  // namespace lifelong::common
