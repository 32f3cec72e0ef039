// A fixed-size pool of PostgreSQL connections shared by a service's handlers.
//
//   PgPool pool(dsn, 8);
//   {
//     PgPool::Lease conn = pool.Acquire();   // waits up to acquire_timeout
//     pqxx::work tx(*conn);
//     ...
//   }  // the connection returns to the pool; a broken one is replaced lazily
//
// Thread-safe. Connections are opened on first use, so a service starts while
// PostgreSQL restarts and recovers when it is back.
//
// Drain: StopCommitsAt(limit) makes the pool refuse commits from `limit` on
// (CommitPermit; common/pg/transaction.h asks for one before each COMMIT)
// and cancels the statements then running, so that a call the gRPC server
// cancels after its drain limit has committed nothing.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace lifelong::common {

class PgPool {
 public:
  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<pqxx::connection> conn);
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& operator*() { return *conn_; }
    pqxx::connection* operator->() { return conn_.get(); }

   private:
    PgPool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
  };

  PgPool(std::string dsn, int size,
         std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5));

  ~PgPool();

  // Throws pqxx::broken_connection when no connection can be had in time or
  // PostgreSQL cannot be reached.
  Lease Acquire();
  // Waits no later than `until` (nor longer than the acquire timeout).
  Lease Acquire(std::chrono::steady_clock::time_point until);

  // Held while a transaction commits. False (no permit) once commits have
  // stopped: the transaction must roll back.
  class CommitPermit {
   public:
    explicit CommitPermit(PgPool* pool) : pool_(pool) {}
    CommitPermit(CommitPermit&& other) noexcept : pool_(other.pool_) {
      other.pool_ = nullptr;
    }
    CommitPermit& operator=(CommitPermit&&) = delete;
    ~CommitPermit();
    explicit operator bool() const { return pool_ != nullptr; }

   private:
    PgPool* pool_;
  };
  CommitPermit PermitCommit();
  // True once commits have stopped (StopCommitsAt's limit has come).
  bool commits_stopped();

  // From `limit` on no transaction commits: at `limit` the pool waits for
  // the commits under way to end, refuses every later one and cancels the
  // statements then running on leased connections. Called once, when the
  // process starts to drain; Close() before `limit` calls it off.
  void StopCommitsAt(std::chrono::steady_clock::time_point limit);

  const std::string& dsn() const { return dsn_; }
  // Closes idle connections; leases still out close when returned.
  void Close();

 private:
  void Return(std::unique_ptr<pqxx::connection> conn);
  void EndCommit();
  void StopCommitsWhenDue(std::chrono::steady_clock::time_point limit);

  const std::string dsn_;
  const std::chrono::milliseconds acquire_timeout_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int free_slots_;  // connections that may still be opened
  bool closed_ = false;
  std::set<pqxx::connection*> leased_;
  int committing_ = 0;
  bool commits_stopped_ = false;
  std::condition_variable commits_done_;
  std::thread commit_stopper_;
};

}  // namespace lifelong::common
