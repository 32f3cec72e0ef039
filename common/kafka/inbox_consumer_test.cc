// The inbox consumer against the real PostgreSQL and Kafka of the test stack.
#include "common/kafka/inbox_consumer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/kafka/dead_letter.h"
#include "common/kafka/producer.h"
#include "common/testing/test_stack.h"
#include "common/trace_context.h"

namespace lifelong::common {
namespace {

class InboxConsumerTest : public ::testing::Test {
 protected:
  InboxConsumerTest() : pool_(db_.dsn(), 4) {
    db_.AdminQuery("CREATE TABLE " + db_.name() +
                   ".effects (value text); ALTER TABLE " + db_.name() +
                   ".effects OWNER TO " + db_.name());
  }

  // The effect: one row per applied message.
  InboxConsumer::Handler Handler() {
    return [this](pqxx::work& tx, const ConsumedMessage& m) -> absl::Status {
      if (fail_next_) {
        fail_next_ = false;
        tx.exec_params("INSERT INTO effects VALUES ($1)",
                       m.value);  // rolled back
        return absl::UnavailableError("downstream hiccup");
      }
      if (m.value == "poison") return Unprocessable("body does not parse");
      if (m.value == "violates") {
        throw pqxx::check_violation("a constraint the record can never meet");
      }
      tx.exec_params("INSERT INTO effects VALUES ($1)", m.value);
      return absl::OkStatus();
    };
  }

  std::string Effects() {
    return db_.AdminQuery("SELECT count(*) FROM " + db_.name() + ".effects");
  }

  testing::ScratchSchema db_{"inbox_test"};
  PgPool pool_;
  std::string topic_ = "lifelong.test.inbox_" + testing::RandomSuffix() + ".v1";
  bool fail_next_ = false;
};

ConsumedMessage Message(const std::string& id, const std::string& value) {
  ConsumedMessage m;
  m.topic = "t";
  m.value = value;
  m.headers["ce_id"] = id;
  return m;
}

TEST_F(InboxConsumerTest, RedeliveredMessageChangesNothing) {
  InboxConsumer consumer(pool_, testing::Brokers(), "inbox-test-" + db_.name(),
                         {topic_}, Handler());
  EXPECT_EQ(consumer.Process(Message("e1", "a")),
            InboxConsumer::Result::kApplied);
  EXPECT_EQ(consumer.Process(Message("e1", "a")),
            InboxConsumer::Result::kDuplicate);
  EXPECT_EQ(consumer.Process(Message("e2", "b")),
            InboxConsumer::Result::kApplied);
  EXPECT_EQ(Effects(), "2");
}

TEST_F(InboxConsumerTest, FailedMessageLeavesNoTraceAndIsAppliedOnRetry) {
  InboxConsumer consumer(pool_, testing::Brokers(), "inbox-test-" + db_.name(),
                         {topic_}, Handler());
  fail_next_ = true;  // the handler answers UNAVAILABLE: try again later
  EXPECT_EQ(consumer.Process(Message("e1", "a")),
            InboxConsumer::Result::kUnavailable);
  EXPECT_EQ(Effects(), "0");
  EXPECT_EQ(consumer.Process(Message("e1", "a")),
            InboxConsumer::Result::kApplied);
  EXPECT_EQ(Effects(), "1");
}

TEST_F(InboxConsumerTest, DuplicateOnKafkaIsAppliedOnceEndToEnd) {
  KafkaProducer producer(testing::Brokers());
  std::vector<KafkaRecord> records;
  for (const char* id : {"x1", "x2", "x1", "x3", "x2"}) {
    records.push_back(
        {topic_, "k", std::string("value-") + id, {{"ce_id", id}}});
  }
  for (SendOutcome o : producer.SendBatch(records)) {
    ASSERT_EQ(o, SendOutcome::kDelivered);
  }
  InboxConsumer consumer(pool_, testing::Brokers(), "inbox-test-" + db_.name(),
                         {topic_}, Handler());
  fail_next_ = true;  // the first message fails once and must still be applied
  consumer.Start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (Effects() != "3" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));  // room for a wrong 4th
  consumer.Stop();
  EXPECT_EQ(consumer.lag(), 0);  // caught up with every partition's end
  EXPECT_EQ(Effects(), "3");
  EXPECT_EQ(db_.AdminQuery("SELECT count(*) FROM " + db_.name() + ".inbox"),
            "3");
}

TEST_F(InboxConsumerTest, PoisonRecordIsParkedAndTheNextAppliedAtOnce) {
  KafkaProducer producer(testing::Brokers());
  // One partition's worth: the poison record sits between two good ones.
  std::vector<KafkaRecord> records = {
      {topic_, "k", "before", {{"ce_id", "p1"}}},
      {topic_, "k", "poison", {{"ce_id", "p2"}, {"ce_type", "x.Known"}}},
      {topic_, "k", "after", {{"ce_id", "p3"}}},
  };
  for (SendOutcome o : producer.SendBatch(records)) {
    ASSERT_EQ(o, SendOutcome::kDelivered);
  }
  Metrics metrics("test");
  std::string group = "inbox-test-" + db_.name();
  InboxConsumer consumer(pool_, testing::Brokers(), group, {topic_}, Handler());
  consumer.ExportMetrics(metrics);
  // The dead-letter topic exists before the rush, as the stack's scripts
  // create it: park one record by hand first (creating a topic takes the
  // broker about a second, which is not what this test measures).
  ConsumedMessage warm_up = Message("p0", "poison");
  warm_up.topic = topic_;
  ASSERT_TRUE(consumer.Handle(warm_up));
  consumer.Start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (Effects() != "1" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto first_applied = std::chrono::steady_clock::now();
  while (Effects() != "2" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // Parking and the next record take well under the one-second retry pause.
  EXPECT_LT(std::chrono::steady_clock::now() - first_applied,
            std::chrono::seconds(1));
  consumer.Stop();
  EXPECT_EQ(Effects(), "2");
  EXPECT_EQ(consumer.parked(), 2);
  EXPECT_THAT(metrics.Render(),
              ::testing::HasSubstr("lifelong_consumer_parked_total{service="
                                   "\"test\",consumer=\"" +
                                   group + "\"} 2\n"));
  std::vector<ConsumedMessage> parked = testing::ReadTopic(
      DeadLetterTopic(topic_, group),
      [](const auto& m) { return m.headers.at("ce_id") == "p2"; }, 1,
      std::chrono::seconds(30));
  ASSERT_EQ(parked.size(), 1u);
  EXPECT_EQ(parked[0].value, "poison");
  EXPECT_EQ(parked[0].headers["ce_id"], "p2");
  EXPECT_EQ(parked[0].headers["ce_type"], "x.Known");
  EXPECT_EQ(parked[0].headers["dlq_topic"], topic_);
  EXPECT_EQ(parked[0].headers["dlq_offset"], "1");
  EXPECT_EQ(parked[0].headers["dlq_error"].find("body does not parse") !=
                std::string::npos,
            true);
}

TEST_F(InboxConsumerTest, HandlerContinuesTheRecordsTraceOrStartsOne) {
  std::vector<std::string> traces;
  InboxConsumer consumer(pool_, testing::Brokers(), "inbox-test-" + db_.name(),
                         {topic_}, [&](pqxx::work&, const ConsumedMessage&) {
                           traces.push_back(CurrentTraceparent());
                           return absl::OkStatus();
                         });
  const std::string traceparent =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  ConsumedMessage traced = Message("t1", "a");
  traced.headers["traceparent"] = traceparent;
  ASSERT_EQ(consumer.Process(traced), InboxConsumer::Result::kApplied);
  ASSERT_EQ(consumer.Process(Message("t2", "b")),
            InboxConsumer::Result::kApplied);
  ASSERT_EQ(traces.size(), 2u);
  EXPECT_EQ(traces[0], traceparent);
  EXPECT_FALSE(TraceIdOf(traces[1]).empty());
  EXPECT_NE(TraceIdOf(traces[1]), TraceIdOf(traceparent));
}

TEST_F(InboxConsumerTest, RecordFailingEveryTimeIsParkedAfterMaxAttempts) {
  InboxConsumer consumer(pool_, testing::Brokers(), "inbox-test-" + db_.name(),
                         {topic_}, Handler());
  consumer.set_max_attempts(3);
  ConsumedMessage m = Message("v1", "violates");
  m.topic = topic_;
  EXPECT_FALSE(consumer.Handle(m));
  EXPECT_FALSE(consumer.Handle(m));
  EXPECT_TRUE(consumer.Handle(m));  // third failure: parked, move on
  EXPECT_EQ(consumer.parked(), 1);
  EXPECT_EQ(Effects(), "0");
}

TEST_F(InboxConsumerTest, NothingIsParkedWhileTheDatabaseIsUnavailable) {
  PgPool unreachable("postgresql://nobody:x@127.0.0.1:1/none", 1);
  InboxConsumer consumer(unreachable, testing::Brokers(),
                         "inbox-test-" + db_.name(), {topic_}, Handler());
  consumer.set_max_attempts(2);
  ConsumedMessage m = Message("u1", "fine");
  m.topic = topic_;
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(consumer.Handle(m));
  EXPECT_EQ(consumer.parked(), 0);
}

}  // namespace
}  // namespace lifelong::common
