// Runs a unit of work in one PostgreSQL transaction, retried when PostgreSQL
// says it may be: a serialization failure, a deadlock, or a connection lost
// before the commit. The work returns absl::Status(Or); the transaction
// commits only when it is OK and rolls back otherwise.
//
//   absl::StatusOr<Citizen> result = InTransaction(pool, [&](pqxx::work& tx)
//       -> absl::StatusOr<Citizen> { ... });
//
// The work may run more than once, so it must not have effects outside the
// transaction. A connection lost during COMMIT is not retried (the commit may
// have happened): the answer is UNAVAILABLE and the client retries with its
// request_id.
#pragma once

#include <chrono>
#include <pqxx/pqxx>
#include <thread>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/errors.h"
#include "common/pg/pool.h"

namespace lifelong::common {

inline constexpr int kTransactionAttempts = 5;

namespace internal {
inline const absl::Status& StatusOf(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& s) {
  return s.status();
}
}  // namespace internal

template <typename Work>
auto InTransaction(PgPool& pool, Work&& work)
    -> std::invoke_result_t<Work, pqxx::work&> {
  using Result = std::invoke_result_t<Work, pqxx::work&>;
  for (int attempt = 1;; ++attempt) {
    bool committing = false;
    try {
      PgPool::Lease conn = pool.Acquire();
      pqxx::work tx(*conn);
      Result result = work(tx);
      if (!internal::StatusOf(result).ok()) return result;  // rolls back
      committing = true;
      tx.commit();
      return result;
    } catch (const pqxx::in_doubt_error& e) {
      return Result(Error(absl::StatusCode::kUnavailable, "COMMIT_IN_DOUBT",
                          "the database connection was lost while committing; "
                          "retry with the same request_id"));
    } catch (const pqxx::serialization_failure& e) {
      if (attempt >= kTransactionAttempts) {
        return Result(Error(absl::StatusCode::kAborted, "CONTENTION",
                            "too much contention; retry"));
      }
    } catch (const pqxx::deadlock_detected& e) {
      if (attempt >= kTransactionAttempts) {
        return Result(Error(absl::StatusCode::kAborted, "CONTENTION",
                            "too much contention; retry"));
      }
    } catch (const pqxx::broken_connection& e) {
      if (committing || attempt >= kTransactionAttempts) {
        return Result(Error(absl::StatusCode::kUnavailable,
                            "DATABASE_UNAVAILABLE",
                            "the database is unavailable; retry"));
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 << attempt));
  }
}

}  // namespace lifelong::common
