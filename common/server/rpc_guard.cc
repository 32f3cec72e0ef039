#include "common/server/rpc_guard.h"

#include <pqxx/pqxx>

#include "common/logging.h"

namespace lifelong::common {
namespace {

std::string Metadata(const grpc::ServerContextBase& ctx,
                     const std::string& key) {
  auto it = ctx.client_metadata().find(key);
  if (it == ctx.client_metadata().end()) return "";
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

std::string PeerAddress(const grpc::ServerContextBase& ctx) {
  std::string peer = ctx.peer();  // "ipv4:127.0.0.1:5555", "ipv6:[::1]:5555"
  size_t colon = peer.find(':');
  if (colon != std::string::npos) peer = peer.substr(colon + 1);
  size_t port = peer.rfind(':');
  if (port != std::string::npos) peer = peer.substr(0, port);
  if (peer.size() > 2 && peer.front() == '[' && peer.back() == ']') {
    peer = peer.substr(1, peer.size() - 2);
  }
  return peer;
}

RpcGuard::RpcGuard(SessionStore& sessions, Metrics& metrics, std::string domain)
    : sessions_(sessions), metrics_(metrics), domain_(std::move(domain)) {}

std::string RpcGuard::Traceparent(const grpc::ServerContextBase& ctx) const {
  std::string traceparent = Metadata(ctx, "traceparent");
  return TraceIdOf(traceparent).empty() ? NewTraceparent() : traceparent;
}

std::string RpcGuard::ClientAddress(const grpc::ServerContextBase& ctx) const {
  return trusted_proxies_.ClientOf(PeerAddress(ctx),
                                   Metadata(ctx, "x-forwarded-for"));
}

absl::Status RpcGuard::PastDeadline() {
  return Error(absl::StatusCode::kDeadlineExceeded, "DEADLINE_EXCEEDED",
               "the call's deadline had passed before its work began; nothing "
               "was done");
}

absl::StatusOr<Caller> RpcGuard::Authenticate(
    const grpc::ServerContextBase& ctx, const AccessPolicy& policy) {
  std::string header = Metadata(ctx, "authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.empty() || header.compare(0, kBearer.size(), kBearer) != 0) {
    if (policy.allow_anonymous) return Caller{};
    return Error(absl::StatusCode::kUnauthenticated, "SESSION_REQUIRED",
                 "this call needs `authorization: Bearer <session token>`");
  }
  absl::StatusOr<Caller> caller =
      sessions_.Validate(header.substr(kBearer.size()));
  if (!caller.ok()) {
    // A public call made with a stale token still works, as anonymous.
    if (policy.allow_anonymous &&
        caller.status().code() == absl::StatusCode::kUnauthenticated) {
      return Caller{};
    }
    return caller.status();
  }
  if (policy.roles.empty()) return caller;
  for (const std::string& role : policy.roles) {
    if (caller->Has(role)) return caller;
  }
  return Error(absl::StatusCode::kPermissionDenied, "ROLE_REQUIRED",
               "this call is not open to the caller's roles");
}

absl::Status RpcGuard::FromException(const char* method,
                                     const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    log::Warn("database_unavailable",
              {{"method", method}, {"error", e.what()}});
    return Error(absl::StatusCode::kUnavailable, "DATABASE_UNAVAILABLE",
                 "the database is unavailable; retry");
  }
  log::Error("rpc_failed", {{"method", method}, {"error", e.what()}});
  return Error(absl::StatusCode::kInternal, "INTERNAL", "internal error");
}

absl::Status RpcGuard::Localized(const grpc::ServerContextBase& ctx,
                                 absl::Status status) const {
  Language language = LanguageOf(Metadata(ctx, "accept-language"));
  const RefusalText& text =
      RefusalTextFor(texts_, ReasonOf(status), status.code());
  return WithLocalizedMessage(
      std::move(status),
      {std::string(LocaleOf(language)), std::string(text.In(language))});
}

grpc::Status RpcGuard::Finish(const grpc::ServerContextBase& ctx,
                              const char* method, absl::Status status,
                              std::chrono::steady_clock::time_point start) {
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  metrics_.ObserveRpc(method, static_cast<int>(status.code()), seconds);
  if (status.code() == absl::StatusCode::kInternal &&
      !ReasonOf(status).empty()) {
    // Already a stable answer of ours.
  } else if (status.code() == absl::StatusCode::kInternal) {
    // A dependency's or a library's own words stay in the log.
    log::Error("rpc_internal",
               {{"method", method}, {"error", status.message()}});
    status = Error(absl::StatusCode::kInternal, "INTERNAL", "internal error");
  }
  if (status.code() == absl::StatusCode::kInternal ||
      status.code() == absl::StatusCode::kUnavailable) {
    std::string code = absl::StatusCodeToString(status.code());
    log::Warn("rpc", {{"method", method},
                      {"code", code},
                      {"message", status.message()},
                      {"seconds", seconds}});
  } else if (log::DebugEnabled()) {
    log::Debug("rpc", {{"method", method},
                       {"code", absl::StatusCodeToString(status.code())},
                       {"seconds", seconds}});
  }
  if (status.ok()) return grpc::Status::OK;
  return ToGrpcStatus(Localized(ctx, HonestUnavailable(std::move(status))),
                      domain_);
}

}  // namespace lifelong::common
