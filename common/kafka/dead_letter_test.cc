// Dead-letter records: what a parked record carries, and what a replay
// sends back.
#include "common/kafka/dead_letter.h"

#include <gtest/gtest.h>

#include <map>

namespace lifelong::common {
namespace {

std::map<std::string, std::string> Headers(const KafkaRecord& r) {
  return {r.headers.begin(), r.headers.end()};
}

ConsumedMessage Poison() {
  ConsumedMessage m;
  m.topic = "lifelong.catalogue.offering.v1";
  m.partition = 2;
  m.offset = 41;
  m.key = "0b7c";
  m.value = "\xff\xfe not protobuf";
  m.headers = {{"ce_id", "e-1"},
               {"ce_type", "lifelong.catalogue.events.v1.OfferingPublished"},
               {"traceparent", "00-abc-def-01"}};
  return m;
}

TEST(DeadLetterTest, ParkedRecordKeepsTheOriginalAndSaysWhereAndWhy) {
  KafkaRecord r = DeadLetterRecord(Poison(), "enrolment.read-models",
                                   "body does not parse", 1795000000);
  EXPECT_EQ(r.topic,
            "lifelong.catalogue.offering.v1.dlq.enrolment.read-models");
  EXPECT_EQ(r.key, "0b7c");
  EXPECT_EQ(r.value, Poison().value);
  auto h = Headers(r);
  EXPECT_EQ(h["ce_id"], "e-1");
  EXPECT_EQ(h["traceparent"], "00-abc-def-01");
  EXPECT_EQ(h["dlq_topic"], "lifelong.catalogue.offering.v1");
  EXPECT_EQ(h["dlq_partition"], "2");
  EXPECT_EQ(h["dlq_offset"], "41");
  EXPECT_EQ(h["dlq_consumer"], "enrolment.read-models");
  EXPECT_EQ(h["dlq_error"], "body does not parse");
  EXPECT_EQ(h["dlq_time"], "2026-11-18T11:06:40Z");
}

TEST(DeadLetterTest, ReplayGoesBackToTheOriginalTopicWithoutParkingHeaders) {
  KafkaRecord parked_record =
      DeadLetterRecord(Poison(), "enrolment.read-models", "bad", 0);
  ConsumedMessage parked;
  parked.topic = parked_record.topic;
  parked.partition = 0;
  parked.offset = 7;
  parked.key = parked_record.key;
  parked.value = parked_record.value;
  parked.headers = Headers(parked_record);
  absl::StatusOr<KafkaRecord> replay = ReplayRecord(parked);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->topic, "lifelong.catalogue.offering.v1");
  EXPECT_EQ(replay->key, "0b7c");
  auto h = Headers(*replay);
  EXPECT_EQ(h["ce_id"], "e-1");  // consumers that applied it skip it
  EXPECT_EQ(h.count("dlq_error"), 0u);
  EXPECT_EQ(h.count("dlq_topic"), 0u);
  EXPECT_EQ(h["dlq_replayed_from"], parked.topic + "/0/7");
}

TEST(DeadLetterTest, ReplayRefusesARecordThatWasNotParked) {
  EXPECT_FALSE(ReplayRecord(Poison()).ok());
}

}  // namespace
}  // namespace lifelong::common
