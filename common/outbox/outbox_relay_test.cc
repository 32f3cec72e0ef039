// Outbox to Kafka against the real PostgreSQL and Kafka of the test stack.
#include "common/outbox/outbox_relay.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <thread>

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

// Writes `n` events of one aggregate, numbered in commit order, a few per
// transaction.
void WriteInOrder(PgPool& pool, const std::string& topic, int n) {
  for (int i = 0; i < n;) {
    PgPool::Lease conn = pool.Acquire();
    pqxx::work tx(*conn);
    for (int j = 0; j < 5 && i < n; ++j, ++i) {
      google::rpc::ErrorInfo payload;
      payload.set_reason("event-" + std::to_string(i));
      AddToOutbox(tx, OutboxEvent::Of(topic, "one-offering", payload));
    }
    tx.commit();
  }
}

TEST_F(OutboxRelayTest, OneRelayIsActiveAndAStandbyTakesOverInOrder) {
  OutboxRelayOptions options;
  options.batch_size = 50;
  options.standby_poll = std::chrono::milliseconds(200);
  OutboxRelay a(db_.dsn(), testing::Brokers(), "//lifelong/test", options);
  OutboxRelay b(db_.dsn(), testing::Brokers(), "//lifelong/test", options);
  a.Start();
  b.Start();
  auto until = [](const std::function<bool()>& done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
  };
  ASSERT_TRUE(until([&] { return a.active() || b.active(); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_NE(a.active(), b.active()) << "exactly one relay sends";

  constexpr int kEvents = 1500;
  std::thread writer([&] { WriteInOrder(pool_, topic_, kEvents); });
  // Mid-stream, the active relay's connection dies (its process was killed,
  // say): PostgreSQL drops its lock and the standby takes over.
  while (std::stoi(db_.AdminQuery("SELECT count(*) FROM " + db_.name() +
                                  ".outbox WHERE published_at IS NOT NULL")) <
         300) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  OutboxRelay& was_active = a.active() ? a : b;
  OutboxRelay& standby = a.active() ? b : a;
  std::string killed = db_.AdminQuery(
      "SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND "
      "((l.classid::bigint << 32) | l.objid::bigint) = hashtext('" +
      db_.name() + ".outbox')::bigint");
  EXPECT_EQ(killed, "1");
  auto killed_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(until([&] { return standby.active() || was_active.active(); }));
  EXPECT_LT(std::chrono::steady_clock::now() - killed_at,
            std::chrono::seconds(3));
  writer.join();

  std::vector<ConsumedMessage> got = testing::ReadTopic(
      topic_, [](const ConsumedMessage&) { return true; }, kEvents,
      std::chrono::seconds(90));
  a.Stop();
  b.Stop();
  // Every event arrives, and in commit order at its first delivery (a
  // batch cut off mid-send may come again; consumers drop repeats by ce_id).
  std::set<std::string> seen;
  int last = -1, backwards = 0;
  for (const ConsumedMessage& m : got) {
    if (!seen.insert(m.headers.at("ce_id")).second) continue;
    google::rpc::ErrorInfo payload;
    ASSERT_TRUE(payload.ParseFromString(m.value));
    int n = std::stoi(payload.reason().substr(6));
    if (n <= last) ++backwards;
    last = n;
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kEvents));
  EXPECT_EQ(backwards, 0);
  EXPECT_EQ(Unpublished(), "0");
}

TEST_F(OutboxRelayTest, CeTimeIsTheCommitTime) {
  PgPool::Lease conn = pool_.Acquire();
  pqxx::work tx(*conn);
  google::rpc::ErrorInfo payload;
  AddToOutbox(tx, OutboxEvent::Of(topic_, "k", payload));
  std::string began = tx.exec(
                            "SELECT to_char(now() AT TIME ZONE 'UTC', "
                            "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")[0][0]
                          .as<std::string>();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  tx.commit();
  OutboxRelay relay(db_.dsn(), testing::Brokers(), "//lifelong/test");
  relay.RelayOnce();
  std::vector<ConsumedMessage> got = testing::ReadTopic(
      topic_, [](const ConsumedMessage&) { return true; }, 1,
      std::chrono::seconds(60));
  ASSERT_EQ(got.size(), 1u);
  // RFC 3339 UTC strings of one length compare as times.
  EXPECT_GT(got[0].headers.at("ce_time"), began);
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
