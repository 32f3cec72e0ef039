// Makes a mutating call safe to retry: the first call with a request_id runs
// and its answer is stored in the same transaction as its change; a retry
// with the same (caller, method, request_id) gets the stored answer and
// changes nothing. A retry whose request differs from the first is refused
// (INVALID_ARGUMENT, REQUEST_ID_REUSED). Concurrent retries serialise on the
// table's primary key, so exactly one runs.
//
//   return InTransaction(pool, [&](pqxx::work& tx) {
//     return Idempotent<RegisterCitizenResponse>(
//         tx, {caller, "RegisterCitizen", req.request_id(), Fingerprint(req)},
//         [&]() -> absl::StatusOr<RegisterCitizenResponse> { ... });
//   });
//
// An error answer is not stored: nothing was changed, so a retry runs again.
#pragma once

#include <google/protobuf/message.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "absl/status/statusor.h"
#include "common/errors.h"

namespace lifelong::common {

struct IdempotencyKey {
  std::string caller;  // account name, or "anonymous"
  std::string method;
  std::string request_id;
  std::string fingerprint;  // Fingerprint(request)
};

// A hash of the request, to tell a true retry from a reused request_id.
// Clear secrets (passwords) from the request before hashing it.
std::string Fingerprint(const google::protobuf::Message& request);

// Checks that request_id is 1 to 64 characters of [A-Za-z0-9_-].
void ValidateRequestId(const std::string& request_id,
                       FieldViolations& violations);

// The stored answer when this key was seen before; nullopt when this call
// has just claimed it.
absl::StatusOr<std::optional<std::string>> ClaimRequestId(
    pqxx::work& tx, const IdempotencyKey& key);
void StoreResponse(pqxx::work& tx, const IdempotencyKey& key,
                   const std::string& response);

template <typename Response, typename Fn>
absl::StatusOr<Response> Idempotent(pqxx::work& tx, const IdempotencyKey& key,
                                    Fn&& fn) {
  absl::StatusOr<std::optional<std::string>> stored = ClaimRequestId(tx, key);
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    Response response;
    response.ParseFromString(**stored);
    return response;
  }
  absl::StatusOr<Response> response = fn();
  if (response.ok()) StoreResponse(tx, key, response->SerializeAsString());
  return response;
}

}  // namespace lifelong::common
