// InTransaction under a call's deadline and under a drain, against the real
// PostgreSQL of the test stack: whatever answers failure committed nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "common/pg/call_deadline.h"
#include "common/pg/transaction.h"
#include "common/testing/test_stack.h"

namespace lifelong::common {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

class TransactionDeadlineTest : public ::testing::Test {
 protected:
  TransactionDeadlineTest() : pool_(db_.dsn(), 4) {
    PgPool::Lease conn = pool_.Acquire();
    pqxx::work tx(*conn);
    tx.exec("CREATE TABLE marks (id int PRIMARY KEY)");
    tx.commit();
  }

  absl::Status Insert(int id) {
    return InTransaction(pool_, [&](pqxx::work& tx) {
      tx.exec_params("INSERT INTO marks (id) VALUES ($1)", id);
      return absl::OkStatus();
    });
  }

  int Rows() {
    return std::stoi(
        db_.AdminQuery("SELECT count(*) FROM " + db_.name() + ".marks"));
  }

  // Another session holds a lock that makes every insert wait, as a slow
  // database would, until Release().
  void HoldLock() {
    locker_ = std::make_unique<pqxx::connection>(db_.dsn());
    locker_tx_ = std::make_unique<pqxx::work>(*locker_);
    locker_tx_->exec("LOCK TABLE marks IN EXCLUSIVE MODE");
  }
  void Release() {
    locker_tx_->abort();
    locker_tx_.reset();
    locker_.reset();
  }

  testing::ScratchSchema db_{"deadline_test"};
  PgPool pool_;
  std::unique_ptr<pqxx::connection> locker_;
  std::unique_ptr<pqxx::work> locker_tx_;
};

TEST_F(TransactionDeadlineTest, PassedDeadlineRunsNothing) {
  CallDeadlineScope scope(std::optional(Clock::now() - milliseconds(1)));
  bool ran = false;
  absl::Status status = InTransaction(pool_, [&](pqxx::work&) {
    ran = true;
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(ReasonOf(status), "DEADLINE_EXCEEDED");
  EXPECT_FALSE(ran);
}

TEST_F(TransactionDeadlineTest, StatementWaitingOnALockEndsAtTheDeadline) {
  for (int deadline_ms : {1, 20, 50}) {
    HoldLock();
    auto start = Clock::now();
    absl::Status status;
    {
      CallDeadlineScope scope(
          std::optional(Clock::now() + milliseconds(deadline_ms)));
      status = Insert(deadline_ms);
    }
    auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
    Release();
    EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded)
        << deadline_ms << " ms: " << status;
    EXPECT_LT(took.count(), deadline_ms + 500) << "answered late";
    std::cout << "deadline " << deadline_ms << " ms: answered after "
              << took.count() << " ms\n";
  }
  EXPECT_EQ(Rows(), 0) << "a call that answered DEADLINE_EXCEEDED committed";
}

TEST_F(TransactionDeadlineTest, WorkThatOutlivesTheDeadlineRollsBack) {
  CallDeadlineScope scope(std::optional(Clock::now() + milliseconds(50)));
  absl::Status status = InTransaction(pool_, [&](pqxx::work& tx) {
    tx.exec("INSERT INTO marks (id) VALUES (1)");
    std::this_thread::sleep_for(milliseconds(80));  // slow logic, no SQL
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(Rows(), 0);
}

TEST_F(TransactionDeadlineTest, StatementsAreBoundedByTheTimeLeft) {
  std::string inside, outside;
  {
    CallDeadlineScope scope(std::optional(Clock::now() + milliseconds(5000)));
    ASSERT_TRUE(InTransaction(pool_, [&](pqxx::work& tx) {
                  inside = tx.exec1("SHOW statement_timeout")[0].c_str();
                  return absl::OkStatus();
                }).ok());
  }
  ASSERT_TRUE(InTransaction(pool_, [&](pqxx::work& tx) {
                outside = tx.exec1("SHOW statement_timeout")[0].c_str();
                return absl::OkStatus();
              }).ok());
  // "4998ms" or so: PostgreSQL shows whole seconds as "5s".
  EXPECT_NE(inside, "0") << inside;
  EXPECT_EQ(outside, "0") << "SET LOCAL leaked into the pooled connection";
  EXPECT_TRUE(Insert(7).ok());
  EXPECT_EQ(Rows(), 1);
}

TEST_F(TransactionDeadlineTest, TheDeadlineCostsOneShortStatement) {
  // What SET LOCAL statement_timeout adds to a small transaction (printed;
  // the bound is loose, for a loaded machine).
  auto time = [&](bool with_deadline) {
    constexpr int kRuns = 300;
    auto start = Clock::now();
    for (int i = 0; i < kRuns; ++i) {
      std::optional<CallDeadline::time_point> deadline;
      if (with_deadline) deadline = Clock::now() + std::chrono::seconds(5);
      CallDeadlineScope scope(deadline);
      absl::Status status = InTransaction(pool_, [&](pqxx::work& tx) {
        tx.exec("SELECT count(*) FROM marks");
        return absl::OkStatus();
      });
      EXPECT_TRUE(status.ok()) << status;
    }
    return std::chrono::duration<double, std::micro>(Clock::now() - start)
               .count() /
           kRuns;
  };
  time(true);  // warm the pool
  double without = time(false), with = time(true);
  std::cout << "transaction without deadline " << without << " us, with "
            << with << " us (+" << with - without << " us)\n";
  EXPECT_LT(with - without, 2000.0);
}

TEST_F(TransactionDeadlineTest, CommitBeforeTheDrainLimitStands) {
  pool_.StopCommitsAt(Clock::now() + std::chrono::seconds(2));
  EXPECT_TRUE(Insert(1).ok());
  EXPECT_EQ(Rows(), 1);
}

TEST_F(TransactionDeadlineTest, NothingCommitsAfterTheDrainLimit) {
  HoldLock();
  // Three calls without a deadline wait on the lock when the drain begins.
  std::vector<std::future<absl::Status>> calls;
  for (int i = 0; i < 3; ++i) {
    calls.push_back(
        std::async(std::launch::async, [this, i] { return Insert(100 + i); }));
  }
  std::this_thread::sleep_for(milliseconds(200));
  auto start = Clock::now();
  pool_.StopCommitsAt(Clock::now() + milliseconds(300));
  for (auto& call : calls) {
    // The waiting statements are cancelled at the limit: the answers come
    // while the lock is still held.
    ASSERT_EQ(call.wait_for(std::chrono::seconds(5)),
              std::future_status::ready);
    absl::Status status = call.get();
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
    EXPECT_EQ(ReasonOf(status), "SHUTTING_DOWN");
  }
  auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  EXPECT_GE(took.count(), 250);
  Release();
  EXPECT_EQ(Insert(200).code(), absl::StatusCode::kUnavailable)
      << "a transaction began after the limit";
  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_EQ(Rows(), 0);
}

TEST(PoolTest, SslModeInTheDsnIsHonoured) {
  // The local PostgreSQL speaks no TLS: a DSN that demands it must fail
  // instead of falling back to plaintext.
  std::string dsn = testing::Env("LIFELONG_PG_ADMIN_DSN") + "?sslmode=require";
  PgPool pool(dsn, 1);
  try {
    pool.Acquire();
    FAIL() << "connected without TLS although sslmode=require";
  } catch (const pqxx::broken_connection& e) {
    EXPECT_NE(std::string(e.what()).find("SSL"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lifelong::common
