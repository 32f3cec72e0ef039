// What the application events tell a consumer, against the real
// PostgreSQL: why a seat was offered, the fee each application pays (with
// neutral codes only), and waitlist ranks derived from the ordered stream
// alone (docs/events/enrolment.md).
#include <gmock/gmock.h>

#include <map>

#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/enrolment_test_fixture.h"

namespace lifelong::enrolment {
namespace {

namespace ev1 = lifelong::enrolment::events::v1;
using ::testing::ElementsAre;

class ApplicationEventsTest : public EnrolmentTest {
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
    return logic_.CancelApplication(who, r).status();
  }

  // Every v1 event in the outbox, in the order the relay publishes them
  // (their v2 twins are events_v2_outbox_test.cc's).
  std::vector<std::pair<std::string, std::string>> Stream() {
    std::vector<std::pair<std::string, std::string>> out;
    pqxx::connection conn(db_.dsn());
    pqxx::nontransaction tx(conn);
    for (const pqxx::row& row :
         tx.exec("SELECT type, payload FROM outbox WHERE topic = "
                 "'lifelong.enrolment.application.v1' ORDER BY id")) {
      out.emplace_back(row[0].as<std::string>(),
                       pqxx::binarystring(row[1]).str());
    }
    return out;
  }

  template <typename Event>
  std::vector<Event> All() {
    std::vector<Event> out;
    for (const std::string& p : Payloads(Event::descriptor()->full_name())) {
      out.emplace_back();
      EXPECT_TRUE(out.back().ParseFromString(p));
    }
    return out;
  }

  std::string CitizenBorn(int n, int birth_year) {
    identity::events::v1::CitizenRegistered e;
    e.set_citizen("citizens/" + Uuid(2, n));
    e.set_birth_year(birth_year);
    e.set_district("Misa");
    Event(kIdentityAccountTopic, e);
    return e.citizen();
  }
};

TEST_F(ApplicationEventsTest, SeatOfferedSaysWhyTheSeatWasFree) {
  cv1::Offering o = Offering(1, 1, cv1::SELECTION_METHOD_FIRST_COME);
  std::string offering = Publish(o);
  std::vector<v1::Application> a;
  for (int i = 0; i < 5; ++i) a.push_back(Applied(Citizen(i), offering));

  ASSERT_TRUE(Cancel(As(a[0].citizen()), a[0]).ok());  // to a[1]
  now_ = kNow + 49 * 3600;  // a[1]'s offer lapses: to a[2]
  ASSERT_TRUE(logic_.RunDueWork().ok());
  ASSERT_TRUE(Cancel(Staff(), a[2]).ok());  // staff withdraw it: to a[3]
  o.set_etag("v2");
  o.set_capacity(2);  // one seat more: to a[4]
  Publish(o);

  std::vector<std::string> to;
  std::vector<ev1::SeatOfferReason> why;
  for (const ev1::SeatOffered& e : All<ev1::SeatOffered>()) {
    to.push_back(e.application().name());
    why.push_back(e.reason());
  }
  EXPECT_THAT(to,
              ElementsAre(a[1].name(), a[2].name(), a[3].name(), a[4].name()));
  EXPECT_THAT(why, ElementsAre(ev1::SEAT_OFFER_REASON_CANCELLATION,
                               ev1::SEAT_OFFER_REASON_OFFER_LAPSED,
                               ev1::SEAT_OFFER_REASON_STAFF_WITHDRAWAL,
                               ev1::SEAT_OFFER_REASON_MORE_CAPACITY));
}

TEST_F(ApplicationEventsTest, EveryApplicationEventCarriesTheFeeAsCodesOnly) {
  cv1::Offering o = Offering(2, 2, cv1::SELECTION_METHOD_FIRST_COME);
  o.mutable_fees()->set_fee_krw(30000);
  o.mutable_fees()->set_over_65_discount_percent(50);
  o.mutable_fees()->add_waived_for(cv1::PRIORITY_GROUP_DISABILITY);
  std::string offering = Publish(o);
  v1::Application disabled =
      Applied(Citizen(1, cv1::PRIORITY_GROUP_DISABILITY), offering);
  v1::Application older = Applied(CitizenBorn(2, 1950), offering);
  v1::Application plain = Applied(Citizen(3), offering);  // waitlisted
  ASSERT_TRUE(Cancel(As(older.citizen()), older).ok());   // plain offered

  std::map<std::string, ev1::ApplicationFee> submitted;
  for (const ev1::ApplicationSubmitted& e : All<ev1::ApplicationSubmitted>())
    submitted[e.application().name()] = e.fee();
  EXPECT_EQ(submitted[disabled.name()].amount_krw(), 0);
  EXPECT_EQ(submitted[disabled.name()].list_price_krw(), 30000);
  EXPECT_EQ(submitted[disabled.name()].basis(), ev1::FEE_BASIS_PRIORITY_WAIVER);
  EXPECT_EQ(submitted[older.name()].amount_krw(), 15000);
  EXPECT_EQ(submitted[older.name()].basis(), ev1::FEE_BASIS_AGE_DISCOUNT);
  EXPECT_EQ(submitted[older.name()].discount_percent(), 50);
  EXPECT_EQ(submitted[plain.name()].amount_krw(), 30000);
  EXPECT_EQ(submitted[plain.name()].basis(), ev1::FEE_BASIS_FULL);

  // Every event about an application has it; none names a group.
  int with_fee = 0;
  for (const auto& [type, payload] : Stream()) {
    const google::protobuf::Descriptor* d =
        google::protobuf::DescriptorPool::generated_pool()
            ->FindMessageTypeByName(type);
    ASSERT_NE(d, nullptr) << type;
    std::unique_ptr<google::protobuf::Message> m(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(d)
            ->New());
    ASSERT_TRUE(m->ParseFromString(payload));
    const google::protobuf::FieldDescriptor* fee = d->FindFieldByName("fee");
    if (fee == nullptr) continue;
    EXPECT_TRUE(m->GetReflection()->HasField(*m, fee)) << type;
    with_fee += m->GetReflection()->HasField(*m, fee);
    const google::protobuf::FieldDescriptor* app =
        d->FindFieldByName("application");
    const auto& a = static_cast<const v1::Application&>(
        m->GetReflection()->GetMessage(*m, app));
    EXPECT_EQ(a.quota_group(), cv1::PRIORITY_GROUP_UNSPECIFIED) << type;
  }
  // 3 submitted, 2 confirmed, 1 waitlisted, 1 cancelled, 1 offered.
  EXPECT_EQ(with_fee, 8);
}

// The rule docs/events/enrolment.md gives consumers: an application joins
// its offering's queue at Waitlisted (queue_position), leaves it at
// SeatOffered, EnrolmentConfirmed or EnrolmentCancelled; its rank is 1 +
// the number still waiting with a smaller queue_position.
TEST_F(ApplicationEventsTest, WaitlistRanksFollowFromTheOrderedStreamAlone) {
  std::string first_come =
      Publish(Offering(3, 2, cv1::SELECTION_METHOD_FIRST_COME));
  std::string lottery = Publish(Offering(4, 2, cv1::SELECTION_METHOD_LOTTERY));
  std::vector<v1::Application> fc, lot;
  for (int i = 0; i < 8; ++i) fc.push_back(Applied(Citizen(i), first_come));
  for (int i = 10; i < 18; ++i) lot.push_back(Applied(Citizen(i), lottery));
  // Waiting ones leave from the middle, a seat holder leaves (the first in
  // line is offered the seat), the draw waitlists six.
  ASSERT_TRUE(Cancel(As(fc[4].citizen()), fc[4]).ok());
  ASSERT_TRUE(Cancel(Staff(), fc[6]).ok());
  ASSERT_TRUE(Cancel(As(fc[0].citizen()), fc[0]).ok());
  now_ = kNow + 86400;
  ASSERT_TRUE(logic_.RunDueWork().ok());
  std::vector<v1::Application> lot_waiting;
  for (const v1::Application& a : lot) {
    v1::GetApplicationRequest g;
    g.set_name(a.name());
    if (logic_.GetApplication(Staff(), g)->application().status() ==
        v1::APPLICATION_STATUS_WAITLISTED) {
      lot_waiting.push_back(a);
    }
  }
  ASSERT_EQ(lot_waiting.size(), 6u);
  ASSERT_TRUE(Cancel(As(lot_waiting[2].citizen()), lot_waiting[2]).ok());

  // Replay.
  std::map<std::string, std::map<std::string, int>> queue;  // offering ->
  for (const auto& [type, payload] : Stream()) {
    auto leave = [&](const v1::Application& a) {
      queue[a.offering()].erase(a.name());
    };
    if (type == "lifelong.enrolment.events.v1.Waitlisted") {
      ev1::Waitlisted e;
      ASSERT_TRUE(e.ParseFromString(payload));
      ASSERT_GT(e.queue_position(), 0);
      queue[e.application().offering()][e.application().name()] =
          e.queue_position();
    } else if (type == "lifelong.enrolment.events.v1.SeatOffered") {
      ev1::SeatOffered e;
      ASSERT_TRUE(e.ParseFromString(payload));
      leave(e.application());
    } else if (type == "lifelong.enrolment.events.v1.EnrolmentConfirmed") {
      ev1::EnrolmentConfirmed e;
      ASSERT_TRUE(e.ParseFromString(payload));
      leave(e.application());
    } else if (type == "lifelong.enrolment.events.v1.EnrolmentCancelled") {
      ev1::EnrolmentCancelled e;
      ASSERT_TRUE(e.ParseFromString(payload));
      leave(e.application());
    }
  }
  int compared = 0;
  for (const std::string& offering : {first_come, lottery}) {
    v1::ListOfferingApplicationsRequest r;
    r.set_offering(offering);
    r.set_status(v1::APPLICATION_STATUS_WAITLISTED);
    absl::StatusOr<v1::ListOfferingApplicationsResponse> api =
        logic_.ListOfferingApplications(Staff(), r);
    ASSERT_TRUE(api.ok()) << api.status();
    const std::map<std::string, int>& waiting = queue[offering];
    ASSERT_EQ(waiting.size(), static_cast<size_t>(api->applications_size()));
    for (const v1::Application& a : api->applications()) {
      ASSERT_EQ(waiting.count(a.name()), 1u) << a.name();
      int rank = 1;
      for (const auto& [name, position] : waiting)
        rank += position < waiting.at(a.name());
      EXPECT_EQ(rank, a.waitlist_position()) << a.name();
      ++compared;
    }
  }
  // First-come: 6 waited, 2 left, 1 was offered a seat; lottery: 6 less 1.
  EXPECT_EQ(compared, 3 + 5);
}

}  // namespace
}  // namespace lifelong::enrolment
