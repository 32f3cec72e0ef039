#include "common/pg/pool.h"

#include "common/logging.h"

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

PgPool::~PgPool() { Close(); }

PgPool::Lease PgPool::Acquire() {
  return Acquire(std::chrono::steady_clock::now() + acquire_timeout_);
}

PgPool::Lease PgPool::Acquire(std::chrono::steady_clock::time_point until) {
  until = std::min(until, std::chrono::steady_clock::now() + acquire_timeout_);
  std::unique_lock<std::mutex> lock(mu_);
  if (!available_.wait_until(lock, until, [&] {
        return closed_ || !idle_.empty() || free_slots_ > 0;
      })) {
    throw pqxx::broken_connection("no database connection free in time");
  }
  if (closed_) throw pqxx::broken_connection("connection pool closed");
  if (!idle_.empty()) {
    std::unique_ptr<pqxx::connection> conn = std::move(idle_.back());
    idle_.pop_back();
    leased_.insert(conn.get());
    return Lease(this, std::move(conn));
  }
  --free_slots_;
  lock.unlock();
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = std::make_unique<pqxx::connection>(dsn_);
  } catch (...) {
    Return(nullptr);
    throw;
  }
  lock.lock();
  leased_.insert(conn.get());
  return Lease(this, std::move(conn));
}

void PgPool::Return(std::unique_ptr<pqxx::connection> conn) {
  bool dropped_idle = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    leased_.erase(conn.get());
    if (conn != nullptr && conn->is_open() && !closed_) {
      idle_.push_back(std::move(conn));
    } else {
      ++free_slots_;  // reopened on a later Acquire
      if (conn != nullptr) {
        // A connection that broke in use: PostgreSQL restarted or went
        // away, and the idle ones are as stale. Drop them, so the retry of
        // the transaction (common/pg/transaction.h) gets a new connection.
        dropped_idle = !idle_.empty();
        free_slots_ += static_cast<int>(idle_.size());
        idle_.clear();
      }
    }
  }
  // One connection (or slot) came back: one waiter can use it. Waking all
  // of them sends a hundred threads after one connection.
  if (dropped_idle) {
    available_.notify_all();
  } else {
    available_.notify_one();
  }
}

PgPool::CommitPermit::~CommitPermit() {
  if (pool_ != nullptr) pool_->EndCommit();
}

PgPool::CommitPermit PgPool::PermitCommit() {
  std::lock_guard<std::mutex> lock(mu_);
  if (commits_stopped_) return CommitPermit(nullptr);
  ++committing_;
  return CommitPermit(this);
}

void PgPool::EndCommit() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    --committing_;
  }
  commits_done_.notify_all();
}

bool PgPool::commits_stopped() {
  std::lock_guard<std::mutex> lock(mu_);
  return commits_stopped_;
}

void PgPool::StopCommitsAt(std::chrono::steady_clock::time_point limit) {
  std::lock_guard<std::mutex> lock(mu_);
  if (commit_stopper_.joinable() || closed_) return;
  commit_stopper_ = std::thread([this, limit] { StopCommitsWhenDue(limit); });
}

void PgPool::StopCommitsWhenDue(std::chrono::steady_clock::time_point limit) {
  std::unique_lock<std::mutex> lock(mu_);
  if (commits_done_.wait_until(lock, limit, [&] { return closed_; })) return;
  commits_stopped_ = true;
  // A commit under way finishes (its answer is on its way to the client);
  // none starts any more.
  commits_done_.wait_for(lock, std::chrono::seconds(5),
                         [&] { return committing_ == 0; });
  int cancelled = 0;
  for (pqxx::connection* conn : leased_) {
    try {
      conn->cancel_query();  // the statement fails; its transaction rolls back
      ++cancelled;
    } catch (const std::exception& e) {
      log::Warn("cancel_failed", {{"error", e.what()}});
    }
  }
  log::Warn("commits_stopped", {{"cancelled_statements", cancelled}});
}

void PgPool::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    free_slots_ += static_cast<int>(idle_.size());
    idle_.clear();
  }
  available_.notify_all();
  commits_done_.notify_all();
  if (commit_stopper_.joinable() &&
      commit_stopper_.get_id() != std::this_thread::get_id()) {
    commit_stopper_.join();
  }
}

}  // namespace lifelong::common
