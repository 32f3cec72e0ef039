// Outbox to Kafka against the real PostgreSQL and Kafka of the test stack.
#include "common/outbox/outbox_relay.h"

#include <gtest/gtest.h>

#include <set>

#include "common/outbox/outbox.h"
#include "common/pg/pool.h"
#include "common/pg/transaction.h"
#include "common/testing/test_stack.h"
#include "common/trace_context.h"
#include "google/rpc/error_details.pb.h"

namespace lifelong::common {
namespace {

class OutboxRelayTest : public ::testing::Test {
 protected:
  OutboxRelayTest() : pool_(db_.dsn(), 4) {}

  void Write(int n, bool commit = true) {
    PgPool::Lease conn = pool_.Acquire();
    pqxx::work tx(*conn);
    for (int i = 0; i < n; ++i) {
      google::rpc::ErrorInfo payload;
      payload.set_reason("event-" + std::to_string(written_++));
      AddToOutbox(tx,
                  OutboxEvent::Of(topic_, "aggregate-" + std::to_string(i % 5),
                                  payload));
    }
    if (commit) tx.commit();
  }

  std::string Unpublished() {
    return db_.AdminQuery("SELECT count(*) FROM " + db_.name() +
                          ".outbox WHERE published_at IS NULL");
  }

  testing::ScratchSchema db_{"outbox_test"};
  PgPool pool_;
  std::string topic_ =
      "lifelong.test.outbox_" + testing::RandomSuffix() + ".v1";
  int written_ = 0;
};

TEST_F(OutboxRelayTest, DeliversEveryCommittedEventWithCloudEventsHeaders) {
  {
    ScopedTraceContext trace(
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    Write(50);
  }
  Write(3, /*commit=*/false);  // rolled back: never an event
  OutboxRelay relay(db_.dsn(), testing::Brokers(), "//lifelong/test");
  relay.Start();
  std::vector<ConsumedMessage> got = testing::ReadTopic(
      topic_, [](const ConsumedMessage&) { return true; }, 50,
      std::chrono::seconds(60));
  relay.Stop();

  ASSERT_EQ(got.size(), 50u);
  std::set<std::string> ids, reasons;
  for (const ConsumedMessage& m : got) {
    ids.insert(m.headers.at("ce_id"));
    EXPECT_EQ(m.headers.at("ce_type"), "google.rpc.ErrorInfo");
    EXPECT_EQ(m.headers.at("ce_source"), "//lifelong/test");
    EXPECT_EQ(m.headers.at("ce_specversion"), "1.0");
    EXPECT_EQ(m.headers.at("content-type"), "application/protobuf");
    EXPECT_EQ(m.headers.at("ce_time").size(),
              27u);  // 2026-11-24T10:00:00.123456Z
    EXPECT_EQ(m.headers.at("traceparent"),
              "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    EXPECT_EQ(m.key.rfind("aggregate-", 0), 0u);
    google::rpc::ErrorInfo payload;
    ASSERT_TRUE(payload.ParseFromString(m.value));
    reasons.insert(payload.reason());
  }
  EXPECT_EQ(ids.size(), 50u);
  EXPECT_EQ(reasons.size(), 50u);
  EXPECT_EQ(Unpublished(), "0");
}

TEST_F(OutboxRelayTest, KeepsOrderWithinAnAggregate) {
  Write(40);
  OutboxRelay relay(db_.dsn(), testing::Brokers(), "//lifelong/test");
  while (relay.RelayOnce().selected > 0) {
  }
  std::vector<ConsumedMessage> got = testing::ReadTopic(
      topic_, [](const ConsumedMessage&) { return true; }, 40,
      std::chrono::seconds(60));
  ASSERT_EQ(got.size(), 40u);
  std::map<std::string, int> last_seen;  // key -> last event number
  for (const ConsumedMessage& m : got) {
    google::rpc::ErrorInfo payload;
    payload.ParseFromString(m.value);
    int n = std::stoi(payload.reason().substr(6));
    auto it = last_seen.find(m.key);
    if (it != last_seen.end()) {
      EXPECT_GT(n, it->second) << m.key;
    }
    last_seen[m.key] = n;
  }
}

TEST_F(OutboxRelayTest, TwoRelaysShareTheWorkWithoutSendingTwice) {
  Write(300);
  OutboxRelayOptions small_batches;
  small_batches.batch_size = 20;
  OutboxRelay a(db_.dsn(), testing::Brokers(), "//lifelong/test",
                small_batches);
  OutboxRelay b(db_.dsn(), testing::Brokers(), "//lifelong/test",
                small_batches);
  a.Start();
  b.Start();
  std::vector<ConsumedMessage> got = testing::ReadTopic(
      topic_, [](const ConsumedMessage&) { return true; }, 300,
      std::chrono::seconds(90));
  a.Stop();
  b.Stop();
  std::set<std::string> ids;
  for (const ConsumedMessage& m : got) ids.insert(m.headers.at("ce_id"));
  EXPECT_EQ(got.size(), 300u);
  EXPECT_EQ(ids.size(), 300u);
  EXPECT_EQ(Unpublished(), "0");
}

TEST_F(OutboxRelayTest, BacklogCountsUnpublishedEvents) {
  Write(7);
  OutboxRelay relay(db_.dsn(), testing::Brokers(), "//lifelong/test");
  OutboxBacklog backlog = relay.Backlog();
  EXPECT_EQ(backlog.unpublished, 7);
  EXPECT_GE(backlog.oldest_age_seconds, 0);
  relay.RelayOnce();
  EXPECT_EQ(relay.Backlog().unpublished, 0);
}

}  // namespace
}  // namespace lifelong::common
