// request_id handling against the real PostgreSQL of the test stack.
#include "common/pg/idempotency.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "common/pg/transaction.h"
#include "common/testing/test_stack.h"
#include "google/rpc/error_details.pb.h"

namespace lifelong::common {
namespace {

// Any message serves as request and response here.
using Message = google::rpc::ErrorInfo;

class IdempotencyTest : public ::testing::Test {
 protected:
  IdempotencyTest() : pool_(db_.dsn(), 8) {}

  absl::StatusOr<Message> Call(const std::string& request_id,
                               const Message& request) {
    IdempotencyKey key{"citizens/a", "Apply", request_id, Fingerprint(request)};
    return InTransaction(pool_, [&](pqxx::work& tx) {
      return Idempotent<Message>(tx, key, [&]() -> absl::StatusOr<Message> {
        Message response;
        response.set_reason("run " + std::to_string(++runs_));
        return response;
      });
    });
  }

  testing::ScratchSchema db_{"idempotency_test"};
  PgPool pool_;
  std::atomic<int> runs_{0};
};

TEST_F(IdempotencyTest, RetryReturnsFirstAnswerWithoutRunningAgain) {
  Message request;
  request.set_domain("offering-1");
  absl::StatusOr<Message> first = Call("req-1", request);
  absl::StatusOr<Message> again = Call("req-1", request);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(again->reason(), first->reason());
  EXPECT_EQ(runs_, 1);
  EXPECT_EQ(Call("req-2", request)->reason(), "run 2");
}

TEST_F(IdempotencyTest, ReusedIdWithDifferentRequestIsRefused) {
  Message a, b;
  a.set_domain("offering-1");
  b.set_domain("offering-2");
  ASSERT_TRUE(Call("req-1", a).ok());
  absl::StatusOr<Message> reused = Call("req-1", b);
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(reused.status()), "REQUEST_ID_REUSED");
}

TEST_F(IdempotencyTest, ConcurrentRetriesRunOnce) {
  Message request;
  std::vector<std::future<absl::StatusOr<Message>>> calls;
  for (int i = 0; i < 8; ++i) {
    calls.push_back(
        std::async(std::launch::async, [&] { return Call("same", request); }));
  }
  for (auto& c : calls) {
    absl::StatusOr<Message> r = c.get();
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->reason(), "run 1");
  }
  EXPECT_EQ(runs_, 1);
}

TEST(RequestIdTest, Validates) {
  FieldViolations v;
  ValidateRequestId("3f2a-b_9", v);
  EXPECT_TRUE(v.empty());
  ValidateRequestId("", v);
  ValidateRequestId("has space", v);
  ValidateRequestId(std::string(65, 'a'), v);
  ASSERT_EQ(v.violations().size(), 3u);
  EXPECT_EQ(v.violations()[0].reason, "REQUIRED");
  EXPECT_EQ(v.violations()[1].reason, "INVALID_FORMAT");
}

}  // namespace
}  // namespace lifelong::common
