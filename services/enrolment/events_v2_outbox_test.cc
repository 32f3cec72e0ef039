// Enrolment's v2 events against the real PostgreSQL: every v1 event written
// to the outbox has its v2 twin (events_v2.h) right after it, in the same
// transaction, under the same key, with its own event id and no priority
// group, staff id or free text (docs/events/README.md, "Versions").
#include <gmock/gmock.h>

#include <map>

#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "lifelong/enrolment/events/v2/enrolment_events.pb.h"
#include "services/enrolment/enrolment_test_fixture.h"
#include "services/enrolment/events_v2.h"

namespace lifelong::enrolment {
namespace {

struct Row {
  std::string topic, key, type, payload, xid, event_id;
};

class EventsV2OutboxTest : public EnrolmentTest {
 protected:
  v1::Application Applied(const std::string& citizen,
                          const std::string& offering) {
    absl::StatusOr<v1::ApplyResponse> r =
        Apply(citizen, offering, "apply-" + citizen.substr(9));
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->application() : v1::Application();
  }

  absl::Status Cancel(const common::Caller& who, const v1::Application& a) {
    v1::CancelApplicationRequest r;
    r.set_request_id("cancel-" + a.name().substr(13));
    r.set_name(a.name());
    r.set_reason("개인 사정 (010-1234-5678)");
    return logic_.CancelApplication(who, r).status();
  }

  std::vector<Row> Outbox() {
    pqxx::connection conn(db_.dsn());
    pqxx::nontransaction tx(conn);
    std::vector<Row> rows;
    for (const pqxx::row& r :
         tx.exec("SELECT topic, key, type, payload, xmin::text, event_id::text "
                 "FROM outbox ORDER BY id")) {
      rows.push_back({r[0].c_str(), r[1].c_str(), r[2].c_str(),
                      pqxx::binarystring(r[3]).str(), r[4].c_str(),
                      r[5].c_str()});
    }
    return rows;
  }
};

TEST_F(EventsV2OutboxTest, EveryV1EventHasItsTwinInTheSameTransaction) {
  // Seats taken, a waitlist, a citizen's cancellation (a seat offered),
  // a lapsed offer, a staff withdrawal and more capacity from the catalogue.
  cv1::Offering o = Offering(7, 1, cv1::SELECTION_METHOD_FIRST_COME);
  o.mutable_fees()->set_fee_krw(20000);
  o.mutable_fees()->add_waived_for(cv1::PRIORITY_GROUP_DISABILITY);
  std::string offering = Publish(o);
  std::vector<v1::Application> a;
  a.push_back(Applied(Citizen(70, cv1::PRIORITY_GROUP_DISABILITY), offering));
  for (int i = 71; i < 75; ++i) a.push_back(Applied(Citizen(i), offering));
  ASSERT_TRUE(Cancel(As(a[0].citizen()), a[0]).ok());
  now_ = kNow + 49 * 3600;
  ASSERT_TRUE(logic_.RunDueWork().ok());
  ASSERT_TRUE(Cancel(Staff(), a[2]).ok());
  o.set_etag("v2");
  o.set_capacity(2);
  Publish(o);

  std::vector<Row> rows = Outbox();
  std::map<std::string, int> twins;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    if (row.topic == kApplicationTopicV2) continue;
    ASSERT_EQ(row.topic, kApplicationTopic);
    ASSERT_LT(i + 1, rows.size()) << row.type << " has no twin";
    const Row& twin = rows[i + 1];
    std::string name = row.type.substr(row.type.rfind('.') + 1);
    EXPECT_EQ(twin.topic, kApplicationTopicV2);
    EXPECT_EQ(twin.type, "lifelong.enrolment.events.v2." + name);
    EXPECT_EQ(twin.key, row.key);
    EXPECT_EQ(twin.key, offering.substr(10));
    EXPECT_EQ(twin.xid, row.xid) << name << ": not the same transaction";
    EXPECT_NE(twin.event_id, row.event_id);
    // The twin is the pure mapping of the v1 record as published.
    const google::protobuf::Descriptor* d =
        google::protobuf::DescriptorPool::generated_pool()
            ->FindMessageTypeByName(row.type);
    ASSERT_NE(d, nullptr) << row.type;
    std::unique_ptr<google::protobuf::Message> v1_event(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(d)
            ->New());
    ASSERT_TRUE(v1_event->ParseFromString(row.payload));
    std::unique_ptr<google::protobuf::Message> expected =
        EnrolmentEventV2(*v1_event);
    ASSERT_NE(expected, nullptr);
    EXPECT_EQ(twin.payload, expected->SerializeAsString()) << name;
    // Least data on the general topic.
    EXPECT_EQ(twin.payload.find("010-1234-5678"), std::string::npos) << name;
    EXPECT_EQ(twin.payload.find("staff/"), std::string::npos) << name;
    ++twins[name];
  }
  EXPECT_EQ(2 * (twins["ApplicationSubmitted"] + twins["EnrolmentConfirmed"] +
                 twins["Waitlisted"] + twins["SeatOffered"] +
                 twins["SeatOfferExpired"] + twins["EnrolmentCancelled"]),
            static_cast<int>(rows.size()));
  EXPECT_EQ(twins["ApplicationSubmitted"], 5);
  EXPECT_EQ(twins["SeatOffered"], 4);
  EXPECT_EQ(twins["SeatOfferExpired"], 1);
  EXPECT_EQ(twins["EnrolmentCancelled"], 2);

  // What v2 says of the staff withdrawal and the waiver, as codes.
  events::v2::EnrolmentCancelled withdrawn;
  events::v2::ApplicationSubmitted waived;
  for (const Row& row : rows) {
    if (row.type == "lifelong.enrolment.events.v2.EnrolmentCancelled") {
      events::v2::EnrolmentCancelled e;
      ASSERT_TRUE(e.ParseFromString(row.payload));
      if (e.application().name() == a[2].name()) withdrawn = e;
    }
    if (row.type == "lifelong.enrolment.events.v2.ApplicationSubmitted") {
      events::v2::ApplicationSubmitted e;
      ASSERT_TRUE(e.ParseFromString(row.payload));
      if (e.application().name() == a[0].name()) waived = e;
    }
  }
  EXPECT_EQ(withdrawn.application().cancelled_by(),
            events::v2::CANCELLED_BY_STAFF);
  EXPECT_EQ(withdrawn.application().status(),
            events::v2::APPLICATION_STATUS_CANCELLED);
  EXPECT_EQ(waived.application().applied_by(), events::v2::APPLIED_BY_CITIZEN);
  EXPECT_EQ(waived.fee().basis(), events::v2::FEE_BASIS_PRIORITY_WAIVER);
  EXPECT_EQ(waived.fee().list_price_krw(), 20000);
}

}  // namespace
}  // namespace lifelong::enrolment
