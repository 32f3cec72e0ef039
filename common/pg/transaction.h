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
//
// Deadlines (common/pg/call_deadline.h): inside a gRPC call the transaction
// does not start once the call's deadline has passed, sets its statements'
// `statement_timeout` to the time left (a statement waiting on a lock or a
// slow disk is cancelled at the deadline), and rolls back instead of
// committing when the deadline passed during the work. The answer is then
// DEADLINE_EXCEEDED and nothing was committed. The one window left is the
// COMMIT itself (a few milliseconds): a client whose deadline passes during
// it sees DEADLINE_EXCEEDED of its own although the change is there, which
// is what DEADLINE_EXCEEDED means in gRPC ("may have completed"); the retry
// with the same request_id returns the committed answer.
//
// Drain (PgPool::StopCommitsAt): once the pool stops commits, a transaction
// rolls back instead of committing and answers UNAVAILABLE SHUTTING_DOWN
// (with RetryInfo): nothing was committed, and another replica takes the
// retry.
#pragma once

#include <chrono>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/errors.h"
#include "common/pg/call_deadline.h"
#include "common/pg/pool.h"

namespace lifelong::common {

inline constexpr int kTransactionAttempts = 5;

namespace internal {
inline const absl::Status& StatusOf(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& s) {
  return s.status();
}
inline bool Passed(const std::optional<CallDeadline::time_point>& deadline) {
  return deadline && RemainingUntil(*deadline).count() <= 0;
}
inline absl::Status DeadlineExceeded() {
  return Error(absl::StatusCode::kDeadlineExceeded, "DEADLINE_EXCEEDED",
               "the call's deadline passed before its work committed; "
               "nothing was changed");
}
inline absl::Status ShuttingDown() {
  return Error(absl::StatusCode::kUnavailable, "SHUTTING_DOWN",
               "this server is shutting down and committed nothing of this "
               "call; retry");
}
// SQLSTATE 57014: statement_timeout, or a cancel request (the drain's).
inline bool Cancelled(const pqxx::sql_error& e) {
  return e.sqlstate() == "57014";
}
}  // namespace internal

template <typename Work>
auto InTransaction(PgPool& pool, Work&& work)
    -> std::invoke_result_t<Work, pqxx::work&> {
  using Result = std::invoke_result_t<Work, pqxx::work&>;
  const std::optional<CallDeadline::time_point> deadline =
      CurrentCallDeadline();
  for (int attempt = 1;; ++attempt) {
    if (internal::Passed(deadline)) return Result(internal::DeadlineExceeded());
    if (pool.commits_stopped()) return Result(internal::ShuttingDown());
    bool committing = false;
    try {
      PgPool::Lease conn = deadline ? pool.Acquire(*deadline) : pool.Acquire();
      pqxx::work tx(*conn);
      if (deadline) {
        std::chrono::milliseconds left = RemainingUntil(*deadline);
        if (left.count() <= 0) return Result(internal::DeadlineExceeded());
        tx.exec("SET LOCAL statement_timeout = " +
                std::to_string(left.count()));
      }
      Result result = work(tx);
      if (!internal::StatusOf(result).ok()) return result;  // rolls back
      if (internal::Passed(deadline)) {
        return Result(internal::DeadlineExceeded());  // rolls back
      }
      PgPool::CommitPermit permit = pool.PermitCommit();
      if (!permit) return Result(internal::ShuttingDown());  // rolls back
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
    } catch (const pqxx::sql_error& e) {
      if (internal::Cancelled(e) && !committing) {
        if (internal::Passed(deadline)) {
          return Result(internal::DeadlineExceeded());
        }
        if (pool.commits_stopped()) return Result(internal::ShuttingDown());
      }
      throw;
    } catch (const pqxx::broken_connection& e) {
      if (!committing && internal::Passed(deadline)) {
        return Result(internal::DeadlineExceeded());  // no connection in time
      }
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
