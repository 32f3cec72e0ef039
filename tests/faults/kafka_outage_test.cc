// With Kafka stopped, 200 citizens register with the running identity
// service; Kafka comes back; every CitizenRegistered event is on the topic
// exactly once and the outbox has nothing left unpublished.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "common/testing/test_stack.h"
#include "lifelong/identity/events/v1/identity_events.pb.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"

namespace lifelong {
namespace {

namespace v1 = identity::v1;

constexpr int kCitizens = 200;

// Brings Kafka back however the test ends.
struct KafkaOutage {
  KafkaOutage() { testing::StackCtl("kafka-stop"); }
  ~KafkaOutage() { End(); }
  void End() {
    if (!ended) testing::StackCtl("kafka-start");
    ended = true;
  }
  bool ended = false;
};

std::string Unpublished() {
  return testing::AdminQuery(
      "SELECT count(*) FROM identity.outbox WHERE published_at IS NULL");
}

TEST(KafkaOutageTest, EventsWrittenDuringAnOutageAreAllDeliveredOnce) {
  auto stub = v1::IdentityService::NewStub(
      grpc::CreateChannel(testing::Env("LIFELONG_IDENTITY_ADDR"),
                          grpc::InsecureChannelCredentials()));
  std::string run = testing::RandomSuffix();
  std::set<std::string> registered;

  KafkaOutage outage;
  for (int i = 0; i < kCitizens; ++i) {
    v1::RegisterCitizenRequest r;
    r.set_request_id("outage-" + run + "-" + std::to_string(i));
    r.set_display_name("Outage test citizen " + std::to_string(i));
    r.set_email("outage-" + run + "-" + std::to_string(i) + "@example.kr");
    r.set_password("Correct-Horse-42");
    r.set_birth_year(1950 + i % 60);
    r.set_district("Misa");
    r.set_language(v1::LANGUAGE_KO);
    v1::RegisterCitizenResponse response;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(10));
    grpc::Status status = stub->RegisterCitizen(&ctx, r, &response);
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
    registered.insert(response.citizen().name());
  }
  ASSERT_EQ(registered.size(), static_cast<size_t>(kCitizens));
  // Nothing could be delivered while the broker was down.
  EXPECT_GE(std::stoi(Unpublished()), kCitizens);

  outage.End();
  std::vector<common::ConsumedMessage> events = testing::ReadTopic(
      "lifelong.identity.account.v1",
      [&](const common::ConsumedMessage& m) {
        if (m.headers.count("ce_type") == 0 ||
            m.headers.at("ce_type") !=
                "lifelong.identity.events.v1.CitizenRegistered") {
          return false;
        }
        identity::events::v1::CitizenRegistered e;
        return e.ParseFromString(m.value) && registered.count(e.citizen()) > 0;
      },
      kCitizens, std::chrono::seconds(240));

  std::map<std::string, int> per_citizen;
  std::set<std::string> ce_ids;
  for (const common::ConsumedMessage& m : events) {
    identity::events::v1::CitizenRegistered e;
    e.ParseFromString(m.value);
    ++per_citizen[e.citizen()];
    ce_ids.insert(m.headers.at("ce_id"));
    EXPECT_EQ(m.key, e.citizen().substr(std::string("citizens/").size()));
  }
  EXPECT_EQ(events.size(), static_cast<size_t>(kCitizens));
  EXPECT_EQ(per_citizen.size(), static_cast<size_t>(kCitizens));
  EXPECT_EQ(ce_ids.size(), static_cast<size_t>(kCitizens));
  for (const auto& [citizen, n] : per_citizen) EXPECT_EQ(n, 1) << citizen;

  // The relay marks rows published after their delivery reports.
  for (int i = 0; i < 100 && Unpublished() != "0"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(Unpublished(), "0");
}

}  // namespace
}  // namespace lifelong
