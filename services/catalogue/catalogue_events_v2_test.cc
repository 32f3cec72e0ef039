// The catalogue's v2 events against the real PostgreSQL and Kafka: every v1
// event written to the outbox has its v2 twin (events_v2.h) in the same
// transaction, under the same lower-case key, with its own event id; the
// relay sends both with the same ce_time.
#include <gtest/gtest.h>

#include <map>
#include <pqxx/pqxx>

#include "common/outbox/outbox_relay.h"
#include "lifelong/catalogue/events/v1/catalogue_events.pb.h"
#include "lifelong/catalogue/events/v2/catalogue_events.pb.h"
#include "services/catalogue/catalogue_test_server.h"
#include "services/catalogue/events_v2.h"

namespace lifelong::catalogue {
namespace {

using Stub = v1::CatalogueService::Stub;

struct Row {
  long long id;
  std::string topic, key, type, payload, xid, event_id;
};

std::vector<Row> OutboxRows(const std::string& dsn) {
  pqxx::connection c(dsn);
  pqxx::work tx(c);
  std::vector<Row> rows;
  for (const auto& r :
       tx.exec("SELECT id, topic, key, type, payload, xmin::text, "
               "event_id::text FROM outbox ORDER BY id")) {
    rows.push_back({r[0].as<long long>(), r[1].c_str(), r[2].c_str(),
                    r[3].c_str(), pqxx::binarystring(r[4]).str(), r[5].c_str(),
                    r[6].c_str()});
  }
  return rows;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(c));
  return s;
}

// The v2 payload a v1 payload of `type` maps to, serialized.
std::string Twin(const std::string& type, const std::string& payload) {
  namespace ev1 = events::v1;
  auto twin = [&](auto v1_event) {
    EXPECT_TRUE(v1_event.ParseFromString(payload)) << type;
    return ToV2(v1_event).SerializeAsString();
  };
  const std::string prefix = "lifelong.catalogue.events.v1.";
  std::string name = type.substr(prefix.size());
  if (name == "ProgrammePublished") return twin(ev1::ProgrammePublished());
  if (name == "OfferingPublished") return twin(ev1::OfferingPublished());
  if (name == "OfferingUpdated") return twin(ev1::OfferingUpdated());
  if (name == "OfferingCancelled") return twin(ev1::OfferingCancelled());
  if (name == "SessionRescheduled") return twin(ev1::SessionRescheduled());
  if (name == "SessionCancelled") return twin(ev1::SessionCancelled());
  ADD_FAILURE() << "no v2 twin known for " << type;
  return "";
}

class CatalogueEventsV2Test : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.AddCentre("misa", "Misa");
    staff_ = server_.StaffToken("misa");
  }

  // Publishes a programme and an offering, then updates, moves a session,
  // cancels one and cancels the offering: one event of each type.
  v1::Offering EveryEvent() {
    v1::Programme p = server_.PublishedProgramme(CatalogueTestServer::Programme(
        "misa", "생활 영어", "Everyday English"));
    v1::Offering o = server_.PublishedOffering(
        CatalogueTestServer::Offering(p.name(), "misa"));

    v1::UpdateOfferingRequest update;
    update.set_request_id(NewRequestId());
    update.mutable_offering()->set_name(o.name());
    update.mutable_offering()->set_etag(o.etag());
    update.mutable_offering()->set_capacity(25);
    update.mutable_update_mask()->add_paths("capacity");
    v1::UpdateOfferingResponse updated;
    EXPECT_TRUE(
        server_.Call(&Stub::UpdateOffering, staff_, update, &updated).ok());

    // An upper-case name is accepted; the events' keys and names are still
    // lower-case.
    v1::RescheduleSessionRequest move;
    move.set_request_id(NewRequestId());
    move.set_offering(Upper(o.name().substr(10)).insert(0, "offerings/"));
    move.set_session_id("s4");
    move.mutable_start_time()->set_seconds(kTermStart + 23 * kDay + 36000);
    move.mutable_end_time()->set_seconds(kTermStart + 23 * kDay + 43200);
    v1::RescheduleSessionResponse moved;
    EXPECT_TRUE(
        server_.Call(&Stub::RescheduleSession, staff_, move, &moved).ok());

    v1::CancelSessionRequest cancel_session;
    cancel_session.set_request_id(NewRequestId());
    cancel_session.set_offering(o.name());
    cancel_session.set_session_id("s3");
    v1::CancelSessionResponse session_cancelled;
    EXPECT_TRUE(server_
                    .Call(&Stub::CancelSession, staff_, cancel_session,
                          &session_cancelled)
                    .ok());

    v1::CancelOfferingRequest cancel;
    cancel.set_request_id(NewRequestId());
    cancel.set_name(o.name());
    cancel.set_etag(session_cancelled.offering().etag());
    cancel.set_reason("강사 사정 (문의 010-1234-5678)");
    v1::CancelOfferingResponse cancelled;
    EXPECT_TRUE(
        server_.Call(&Stub::CancelOffering, staff_, cancel, &cancelled).ok());
    return o;
  }

  CatalogueTestServer server_;
  std::string staff_;
};

TEST_F(CatalogueEventsV2Test, EveryV1EventHasItsV2TwinInTheSameTransaction) {
  v1::Offering o = EveryEvent();
  std::vector<Row> rows = OutboxRows(server_.dsn());
  std::map<std::string, int> v1_types;
  size_t v2_rows = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    if (row.topic.size() > 3 &&
        row.topic.substr(row.topic.size() - 3) == ".v2") {
      ++v2_rows;
      continue;
    }
    ++v1_types[row.type];
    // Its twin is the next row: same transaction, same key, own id.
    ASSERT_LT(i + 1, rows.size()) << row.type << " has no twin";
    const Row& twin = rows[i + 1];
    std::string base = row.topic.substr(0, row.topic.size() - 3);
    EXPECT_EQ(row.topic, base + ".v1");
    EXPECT_EQ(twin.topic, base + ".v2");
    EXPECT_EQ(twin.type, "lifelong.catalogue.events.v2." +
                             row.type.substr(row.type.rfind('.') + 1));
    EXPECT_EQ(twin.key, row.key);
    for (char c : twin.key) EXPECT_FALSE(std::isupper(c)) << twin.key;
    EXPECT_EQ(twin.xid, row.xid) << row.type << ": not the same transaction";
    EXPECT_NE(twin.event_id, row.event_id);
    EXPECT_EQ(twin.payload, Twin(row.type, row.payload)) << row.type;
    // No free text or staff id reaches v2.
    EXPECT_EQ(twin.payload.find("010-1234-5678"), std::string::npos);
    EXPECT_EQ(twin.payload.find("staff/"), std::string::npos);
  }
  EXPECT_EQ(v2_rows, rows.size() / 2);
  for (const char* type :
       {"ProgrammePublished", "OfferingPublished", "OfferingUpdated",
        "SessionRescheduled", "SessionCancelled", "OfferingCancelled"}) {
    EXPECT_EQ(v1_types[std::string("lifelong.catalogue.events.v1.") + type], 1)
        << type;
  }
}

TEST_F(CatalogueEventsV2Test, TwinsReachKafkaWithTheSameKeyAndCeTime) {
  v1::Offering o = EveryEvent();
  std::string key = o.name().substr(10);
  common::OutboxRelay relay(server_.dsn(), testing::Brokers(),
                            "//lifelong/catalogue");
  relay.RelayOnce();
  auto ours = [&](const common::ConsumedMessage& m) { return m.key == key; };
  std::vector<common::ConsumedMessage> v1_records =
      testing::ReadTopic(kOfferingTopic, ours, 5, std::chrono::seconds(60));
  std::vector<common::ConsumedMessage> v2_records =
      testing::ReadTopic(kOfferingTopicV2, ours, 5, std::chrono::seconds(60));
  ASSERT_EQ(v1_records.size(), 5u);
  ASSERT_EQ(v2_records.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    const auto& a = v1_records[i];
    const auto& b = v2_records[i];
    EXPECT_EQ(b.headers.at("ce_type"), "lifelong.catalogue.events.v2." +
                                           a.headers.at("ce_type").substr(29));
    EXPECT_EQ(b.headers.at("ce_time"), a.headers.at("ce_time"));
    EXPECT_NE(b.headers.at("ce_id"), a.headers.at("ce_id"));
    // One key, one partition (the same number as v1's when the topics
    // have the same partition count, as topics.txt makes them).
    EXPECT_EQ(b.partition, v2_records[0].partition);
    EXPECT_EQ(b.value, Twin(a.headers.at("ce_type"), a.value));
  }
  events::v2::OfferingPublished published;
  ASSERT_TRUE(published.ParseFromString(v2_records[0].value));
  EXPECT_EQ(published.offering().name(), o.name());
  EXPECT_EQ(published.offering().capacity(), o.capacity());
  EXPECT_EQ(published.offering().sessions_size(), 10);
  EXPECT_EQ(published.offering().title().en(), "Everyday English");
}

}  // namespace
}  // namespace lifelong::catalogue
