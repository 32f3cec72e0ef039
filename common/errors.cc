#include "common/errors.h"

#include <algorithm>
#include <cctype>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace lifelong::common {
namespace {

constexpr char kErrorInfoUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
constexpr char kBadRequestUrl[] = "type.googleapis.com/google.rpc.BadRequest";
constexpr char kRetryInfoUrl[] = "type.googleapis.com/google.rpc.RetryInfo";
constexpr char kLocalizedMessageUrl[] =
    "type.googleapis.com/google.rpc.LocalizedMessage";

void SetErrorInfo(absl::Status& status, std::string_view reason) {
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  status.SetPayload(kErrorInfoUrl, absl::Cord(info.SerializeAsString()));
}

google::rpc::ErrorInfo ErrorInfoOf(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  if (auto payload = status.GetPayload(kErrorInfoUrl)) {
    info.ParseFromString(std::string(*payload));
  }
  return info;
}

}  // namespace

absl::Status Error(absl::StatusCode code, std::string_view reason,
                   std::string_view message) {
  absl::Status status(code, std::string(message));
  SetErrorInfo(status, reason);
  return status;
}

absl::Status WithRetryDelay(absl::Status status, std::chrono::seconds delay) {
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(delay.count());
  status.SetPayload(kRetryInfoUrl, absl::Cord(retry.SerializeAsString()));
  return status;
}

absl::Status HonestUnavailable(absl::Status status) {
  if (status.code() != absl::StatusCode::kUnavailable) return status;
  if (ReasonOf(status).empty()) {
    // A bare UNAVAILABLE may carry a dependency's own words; say only that.
    status = Error(absl::StatusCode::kUnavailable, "TEMPORARILY_UNAVAILABLE",
                   "the service is temporarily unavailable; retry");
  }
  if (!status.GetPayload(kRetryInfoUrl)) {
    status = WithRetryDelay(std::move(status), std::chrono::seconds(1));
  }
  return status;
}

std::string ReasonOf(const absl::Status& status) {
  return ErrorInfoOf(status).reason();
}

absl::Status WithErrorMetadata(absl::Status status, std::string_view key,
                               std::string_view value) {
  if (status.ok()) return status;
  google::rpc::ErrorInfo info = ErrorInfoOf(status);
  (*info.mutable_metadata())[std::string(key)] = std::string(value);
  status.SetPayload(kErrorInfoUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

std::map<std::string, std::string> ErrorMetadataOf(const absl::Status& status) {
  google::rpc::ErrorInfo info = ErrorInfoOf(status);
  return {info.metadata().begin(), info.metadata().end()};
}

absl::Status WithLocalizedMessage(absl::Status status, LocalizedText text) {
  if (status.ok()) return status;
  google::rpc::LocalizedMessage message;
  message.set_locale(std::move(text.locale));
  message.set_message(std::move(text.message));
  status.SetPayload(kLocalizedMessageUrl,
                    absl::Cord(message.SerializeAsString()));
  return status;
}

LocalizedText LocalizedMessageOf(const absl::Status& status) {
  auto payload = status.GetPayload(kLocalizedMessageUrl);
  if (!payload) return {};
  google::rpc::LocalizedMessage message;
  message.ParseFromString(std::string(*payload));
  return {message.locale(), message.message()};
}

void FieldViolations::Add(std::string field, std::string reason,
                          std::string description) {
  violations_.push_back(
      {std::move(field), std::move(reason), std::move(description)});
}

absl::Status FieldViolations::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  std::string message = "invalid request:";
  google::rpc::BadRequest bad_request;
  size_t listed = std::min(violations_.size(), kMaxListedViolations);
  for (size_t i = 0; i < listed; ++i) {
    const FieldViolation& v = violations_[i];
    google::rpc::BadRequest::FieldViolation* out =
        bad_request.add_field_violations();
    out->set_field(v.field);
    out->set_reason(v.reason);
    out->set_description(v.description);
    message += " " + v.field + " (" + v.description + ");";
  }
  message.pop_back();
  if (listed < violations_.size()) {
    // The details must fit clients' metadata limits (8 KiB by default).
    message += "; and " + std::to_string(violations_.size() - listed) +
               " more not listed";
  }
  // The reason names the first problem itself, so a client that reads only
  // ErrorInfo still knows what is wrong; BadRequest lists every one.
  absl::Status status = Error(absl::StatusCode::kInvalidArgument,
                              violations_.front().reason, message);
  status =
      WithErrorMetadata(std::move(status), "field", violations_.front().field);
  status = WithErrorMetadata(std::move(status), "violations",
                             std::to_string(violations_.size()));
  status.SetPayload(kBadRequestUrl,
                    absl::Cord(bad_request.SerializeAsString()));
  return status;
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> result;
  auto payload = status.GetPayload(kBadRequestUrl);
  if (!payload) return result;
  google::rpc::BadRequest bad_request;
  bad_request.ParseFromString(std::string(*payload));
  for (const auto& v : bad_request.field_violations()) {
    result.push_back({v.field(), v.reason(), v.description()});
  }
  return result;
}

grpc::Status ToGrpcStatus(const absl::Status& status, std::string_view domain) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(std::string(status.message()));
  google::rpc::ErrorInfo info;
  if (auto p = status.GetPayload(kErrorInfoUrl)) {
    info.ParseFromString(std::string(*p));
  } else {
    // Every error names a reason, even one nobody chose: the code's name.
    info.set_reason(absl::StatusCodeToString(status.code()));
    for (char& c : *info.mutable_reason()) c = std::toupper(c);
  }
  info.set_domain(std::string(domain));
  rpc_status.add_details()->PackFrom(info);
  if (auto p = status.GetPayload(kBadRequestUrl)) {
    google::rpc::BadRequest bad_request;
    bad_request.ParseFromString(std::string(*p));
    rpc_status.add_details()->PackFrom(bad_request);
  }
  if (auto p = status.GetPayload(kRetryInfoUrl)) {
    google::rpc::RetryInfo retry;
    retry.ParseFromString(std::string(*p));
    rpc_status.add_details()->PackFrom(retry);
  }
  if (auto p = status.GetPayload(kLocalizedMessageUrl)) {
    google::rpc::LocalizedMessage message;
    message.ParseFromString(std::string(*p));
    rpc_status.add_details()->PackFrom(message);
  }
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()),
                      rpc_status.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status result(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
  google::rpc::Status rpc_status;
  if (!rpc_status.ParseFromString(status.error_details())) return result;
  for (const google::protobuf::Any& detail : rpc_status.details()) {
    if (detail.Is<google::rpc::ErrorInfo>()) {
      result.SetPayload(kErrorInfoUrl, absl::Cord(detail.value()));
    } else if (detail.Is<google::rpc::BadRequest>()) {
      result.SetPayload(kBadRequestUrl, absl::Cord(detail.value()));
    } else if (detail.Is<google::rpc::RetryInfo>()) {
      result.SetPayload(kRetryInfoUrl, absl::Cord(detail.value()));
    } else if (detail.Is<google::rpc::LocalizedMessage>()) {
      result.SetPayload(kLocalizedMessageUrl, absl::Cord(detail.value()));
    }
  }
  return result;
}

}  // namespace lifelong::common
