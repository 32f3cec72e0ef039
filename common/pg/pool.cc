#include "common/pg/pool.h"

namespace lifelong::common {

PgPool::Lease::Lease(PgPool* pool, std::unique_ptr<pqxx::connection> conn)
    : pool_(pool), conn_(std::move(conn)) {}

PgPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), conn_(std::move(other.conn_)) {}

PgPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Return(std::move(conn_));
}

PgPool::PgPool(std::string dsn, int size,
               std::chrono::milliseconds acquire_timeout)
    : dsn_(std::move(dsn)),
      acquire_timeout_(acquire_timeout),
      free_slots_(size) {}

PgPool::Lease PgPool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!available_.wait_for(lock, acquire_timeout_, [&] {
        return closed_ || !idle_.empty() || free_slots_ > 0;
      })) {
    throw pqxx::broken_connection("no database connection free in time");
  }
  if (closed_) throw pqxx::broken_connection("connection pool closed");
  if (!idle_.empty()) {
    std::unique_ptr<pqxx::connection> conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  --free_slots_;
  lock.unlock();
  try {
    return Lease(this, std::make_unique<pqxx::connection>(dsn_));
  } catch (...) {
    Return(nullptr);
    throw;
  }
}

void PgPool::Return(std::unique_ptr<pqxx::connection> conn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (conn != nullptr && conn->is_open() && !closed_) {
      idle_.push_back(std::move(conn));
    } else {
      ++free_slots_;  // reopened on a later Acquire
      if (conn != nullptr) {
        // A connection that broke in use: PostgreSQL restarted or went
        // away, and the idle ones are as stale. Drop them, so the retry of
        // the transaction (common/pg/transaction.h) gets a new connection.
        free_slots_ += static_cast<int>(idle_.size());
        idle_.clear();
      }
    }
  }
  available_.notify_all();
}

void PgPool::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  free_slots_ += static_cast<int>(idle_.size());
  idle_.clear();
  available_.notify_all();
}

}  // namespace lifelong::common
