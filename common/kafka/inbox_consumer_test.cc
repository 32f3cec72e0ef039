// The inbox consumer against the real PostgreSQL and Kafka of the test stack.
#include "common/kafka/inbox_consumer.h"

#include <gtest/gtest.h>

#include "common/kafka/producer.h"
#include "common/testing/test_stack.h"

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
  fail_next_ = true;
  EXPECT_EQ(consumer.Process(Message("e1", "a")),
            InboxConsumer::Result::kFailed);
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
  EXPECT_EQ(Effects(), "3");
  EXPECT_EQ(db_.AdminQuery("SELECT count(*) FROM " + db_.name() + ".inbox"),
            "3");
}

}  // namespace
}  // namespace lifelong::common
