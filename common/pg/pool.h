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
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
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

  // Throws pqxx::broken_connection when no connection can be had in time or
  // PostgreSQL cannot be reached.
  Lease Acquire();

  const std::string& dsn() const { return dsn_; }
  // Closes idle connections; leases still out close when returned.
  void Close();

 private:
  void Return(std::unique_ptr<pqxx::connection> conn);

  const std::string dsn_;
  const std::chrono::milliseconds acquire_timeout_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int free_slots_;  // connections that may still be opened
  bool closed_ = false;
};

}  // namespace lifelong::common
