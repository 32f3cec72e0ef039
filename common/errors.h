// Errors inside services are absl::Status values that carry a stable
// UPPER_SNAKE reason and, for bad input, the fields at fault. ToGrpcStatus
// turns one into a gRPC status with a google.rpc.Status detail (ErrorInfo,
// BadRequest, RetryInfo, LocalizedMessage) once, at the edge. Every reason
// has a text for people in Korean and English (common/refusal_texts.h) and
// a row in its service's docs/<service>/refusals.md.
//
//   return Error(absl::StatusCode::kAlreadyExists, "EMAIL_TAKEN",
//                "an account with this email exists");
//
//   FieldViolations violations;
//   if (email.empty()) violations.Add("email", "REQUIRED", "email is
//   required"); if (!violations.empty()) return violations.ToStatus();
#pragma once

#include <grpcpp/support/status.h>

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace lifelong::common {

// A status whose ErrorInfo carries `reason`.
absl::Status Error(absl::StatusCode code, std::string_view reason,
                   std::string_view message);

// Adds a google.rpc.RetryInfo telling the client when it may try again.
absl::Status WithRetryDelay(absl::Status status, std::chrono::seconds delay);

// UNAVAILABLE always means "the same call may succeed later": this gives an
// UNAVAILABLE status a stable reason (TEMPORARILY_UNAVAILABLE when it had
// none, replacing a message that may be a dependency's internal text) and a
// RetryInfo (1 s when it had none). Other statuses pass unchanged. The
// RpcGuard applies it to every answer.
absl::Status HonestUnavailable(absl::Status status);

// The ErrorInfo reason a status carries, or empty.
std::string ReasonOf(const absl::Status& status);

// Adds `key: value` to the ErrorInfo.metadata of `status` (one made by
// Error), for what a screen acts on without parsing the message:
//   return WithErrorMetadata(Error(kFailedPrecondition, "WINDOW_CLOSED", m),
//                            "opens_at", "2027-03-02T00:00:00Z");
absl::Status WithErrorMetadata(absl::Status status, std::string_view key,
                               std::string_view value);

// The ErrorInfo.metadata a status carries (empty when none).
std::map<std::string, std::string> ErrorMetadataOf(const absl::Status& status);

// A google.rpc.LocalizedMessage: a text for a person in `locale` ("ko",
// "en"). The RpcGuard adds one to every error (common/refusal_texts.h).
struct LocalizedText {
  std::string locale;
  std::string message;
};
absl::Status WithLocalizedMessage(absl::Status status, LocalizedText text);
// The LocalizedMessage a status carries; both fields empty when none.
LocalizedText LocalizedMessageOf(const absl::Status& status);

struct FieldViolation {
  std::string field;        // "email", "grant.scope"
  std::string reason;       // "INVALID_FORMAT"
  std::string description;  // for a person
};

// At most this many violations are listed in a BadRequest (a request with
// 10,000 bad elements still gets an answer that fits in gRPC metadata); the
// message says how many more there were.
inline constexpr size_t kMaxListedViolations = 20;

// Collects every bad field of a request before answering.
class FieldViolations {
 public:
  void Add(std::string field, std::string reason, std::string description);
  bool empty() const { return violations_.empty(); }
  const std::vector<FieldViolation>& violations() const { return violations_; }
  // INVALID_ARGUMENT with a BadRequest detail listing every violation; its
  // ErrorInfo reason is the first violation's ("TOO_LONG"), with metadata
  // `field` (the first violation's field) and `violations` (how many, in
  // decimal, listed or not).
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
};

// The field violations a status carries.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

// The gRPC status for `status`, with google.rpc.Status in its details.
// `domain` names the service in ErrorInfo ("identity.lifelong").
grpc::Status ToGrpcStatus(const absl::Status& status, std::string_view domain);

// The reverse, for clients and tests: the absl::Status a gRPC status stands
// for, with its reason and field violations.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace lifelong::common
