// Producing and consuming through the test stack's Kafka listener, which on
// a secured stack (deploy/local/lib/security.sh) is SASL_SSL with
// SCRAM-SHA-512 and a certificate of the stack's own CA.
#include <gtest/gtest.h>

#include <cstdlib>

#include "common/kafka/kafka_config.h"
#include "common/kafka/producer.h"
#include "common/testing/test_stack.h"

namespace lifelong::common {
namespace {

bool StackIsSecured() {
  const char* protocol = std::getenv("LIFELONG_KAFKA_SECURITY_PROTOCOL");
  return protocol != nullptr && std::string(protocol) == "SASL_SSL";
}

TEST(KafkaSecurityTest, RecordsGoThroughTheStacksListener) {
  std::string topic = "test.security." + testing::RandomSuffix();
  KafkaProducer producer(testing::Brokers());
  std::vector<SendOutcome> sent =
      producer.SendBatch({{topic, "k", "secured hello", {}}});
  ASSERT_EQ(sent[0], SendOutcome::kDelivered);
  auto read = testing::ReadTopic(
      topic, [](const ConsumedMessage& m) { return m.key == "k"; }, 1,
      std::chrono::seconds(30));
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].value, "secured hello");
}

TEST(KafkaSecurityTest, AWrongPasswordDeliversNothing) {
  if (!StackIsSecured()) GTEST_SKIP() << "this stack's Kafka is plaintext";
  KafkaProducer producer(
      testing::Brokers(),
      {{"sasl.password", "not-the-password"}, {"message.timeout.ms", "3000"}});
  std::vector<SendOutcome> sent = producer.SendBatch(
      {{"test.security.refused", "k", "must not arrive", {}}});
  EXPECT_NE(sent[0], SendOutcome::kDelivered);
}

TEST(KafkaSecurityTest, PlaintextIsRefused) {
  if (!StackIsSecured()) GTEST_SKIP() << "this stack's Kafka is plaintext";
  KafkaProducer producer(
      testing::Brokers(),
      {{"security.protocol", "plaintext"}, {"message.timeout.ms", "3000"}});
  std::vector<SendOutcome> sent = producer.SendBatch(
      {{"test.security.refused", "k", "must not arrive", {}}});
  EXPECT_NE(sent[0], SendOutcome::kDelivered);
}

TEST(KafkaSecurityTest, ABrokerCertificateFromAnotherCaIsRefused) {
  if (!StackIsSecured()) GTEST_SKIP() << "this stack's Kafka is plaintext";
  // The system's trust store does not hold the stack's own CA.
  KafkaProducer producer(testing::Brokers(), {{"ssl.ca.location", "probe"},
                                              {"message.timeout.ms", "3000"}});
  std::vector<SendOutcome> sent = producer.SendBatch(
      {{"test.security.refused", "k", "must not arrive", {}}});
  EXPECT_NE(sent[0], SendOutcome::kDelivered);
}

}  // namespace
}  // namespace lifelong::common
