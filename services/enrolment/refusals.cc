#include "services/enrolment/refusals.h"

#include <ctime>

#include "common/errors.h"
#include "google/rpc/error_details.pb.h"

namespace lifelong::enrolment {
namespace {

constexpr char kErrorInfoUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";

// `status` (from common::Error) with `metadata` added to its ErrorInfo.
absl::Status With(absl::Status status,
                  const std::map<std::string, std::string>& metadata) {
  google::rpc::ErrorInfo info;
  if (auto payload = status.GetPayload(kErrorInfoUrl))
    info.ParseFromString(std::string(*payload));
  for (const auto& [key, value] : metadata)
    (*info.mutable_metadata())[key] = value;
  status.SetPayload(kErrorInfoUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

}  // namespace

std::string Rfc3339(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return out;
}

absl::Status WindowClosed(int64_t next_open) {
  absl::Status closed = common::Error(
      absl::StatusCode::kFailedPrecondition, "WINDOW_CLOSED",
      next_open > 0 ? "applications open for you at " + Rfc3339(next_open)
                    : "applications are closed");
  if (next_open == 0) return closed;
  return With(std::move(closed), {{"opens_at", Rfc3339(next_open)}});
}

absl::Status AlreadyApplied(const std::string& application) {
  return With(
      common::Error(
          absl::StatusCode::kAlreadyExists, "ALREADY_APPLIED",
          "this citizen has already applied to this offering: " + application),
      {{"application", application}});
}

absl::Status RegistrationBlocked(int64_t blocked_until) {
  return With(common::Error(absl::StatusCode::kFailedPrecondition,
                            "REGISTRATION_BLOCKED",
                            "registration is blocked after repeated no-shows "
                            "until " +
                                Rfc3339(blocked_until)),
              {{"blocked_until", Rfc3339(blocked_until)}});
}

std::map<std::string, std::string> MetadataOf(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  if (auto payload = status.GetPayload(kErrorInfoUrl))
    info.ParseFromString(std::string(*payload));
  return {info.metadata().begin(), info.metadata().end()};
}

}  // namespace lifelong::enrolment
