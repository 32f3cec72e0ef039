#include "common/pg/idempotency.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <sodium.h>

namespace lifelong::common {

std::string Fingerprint(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  std::string hash(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), hash.size(),
                     reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  return hash;
}

void ValidateRequestId(const std::string& request_id,
                       FieldViolations& violations) {
  if (request_id.empty()) {
    violations.Add("request_id", "REQUIRED",
                   "a client-chosen id for safe retries is required");
    return;
  }
  bool ok = request_id.size() <= 64;
  for (char c : request_id) {
    ok = ok &&
         (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
  }
  if (!ok) {
    violations.Add("request_id", "INVALID_FORMAT",
                   "1 to 64 characters of letters, digits, '-' and '_'");
  }
}

absl::StatusOr<std::optional<std::string>> ClaimRequestId(
    pqxx::work& tx, const IdempotencyKey& key) {
  pqxx::binarystring fingerprint(key.fingerprint);
  pqxx::result claimed = tx.exec_params(
      "INSERT INTO idempotency_keys (caller, method, request_id, fingerprint) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1",
      key.caller, key.method, key.request_id, fingerprint);
  if (!claimed.empty()) return std::optional<std::string>();
  pqxx::result row = tx.exec_params(
      "SELECT fingerprint, response FROM idempotency_keys "
      "WHERE caller = $1 AND method = $2 AND request_id = $3",
      key.caller, key.method, key.request_id);
  if (row.empty() || row[0][1].is_null() ||
      pqxx::binarystring(row[0][0]).str() != key.fingerprint) {
    return Error(absl::StatusCode::kInvalidArgument, "REQUEST_ID_REUSED",
                 "request_id was already used for a different request");
  }
  return std::optional<std::string>(pqxx::binarystring(row[0][1]).str());
}

void StoreResponse(pqxx::work& tx, const IdempotencyKey& key,
                   const std::string& response) {
  pqxx::binarystring bytes(response);
  tx.exec_params(
      "UPDATE idempotency_keys SET response = $4 "
      "WHERE caller = $1 AND method = $2 AND request_id = $3",
      key.caller, key.method, key.request_id, bytes);
}

}  // namespace lifelong::common
