// Every mutating call of the community service runs as one idempotent
// transaction: the first call with a request_id runs `work` and stores its
// answer in the same transaction; a retry gets that answer back
// (common/pg/idempotency.h). `work` may run more than once (a serialization
// retry), so it has no effects outside the transaction.
//
//   return Mutate<v1::JoinGroupResponse>(pool_, caller, "JoinGroup", r,
//       r.request_id(), [&](pqxx::work& tx) -> absl::StatusOr<...> {...});
#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "common/auth/caller.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"

namespace lifelong::community {

template <typename Response, typename Work>
absl::StatusOr<Response> Mutate(common::PgPool& pool,
                                const common::Caller& caller,
                                const char* method,
                                const google::protobuf::Message& request,
                                const std::string& request_id, Work&& work) {
  const common::IdempotencyKey key{
      caller.anonymous() ? "anonymous" : caller.account, method, request_id,
      common::Fingerprint(request)};
  return common::InTransaction(
      pool, [&](pqxx::work& tx) -> absl::StatusOr<Response> {
        return common::Idempotent<Response>(tx, key, [&] { return work(tx); });
      });
}

}  // namespace lifelong::community
