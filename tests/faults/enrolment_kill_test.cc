// The enrolment process is killed (SIGKILL) in the middle of a rush and
// restarted: every application that got an answer is still there, and its
// events all reach Kafka.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "common/errors.h"
#include "common/testing/test_stack.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "tests/support/platform_clients.h"

namespace lifelong {
namespace {

namespace iv1 = identity::v1;
namespace cv1 = catalogue::v1;
namespace ev1 = enrolment::v1;
using testing::Bearer;
using testing::ServiceChannel;

constexpr int kCitizens = 300;

TEST(EnrolmentKillTest, AnsweredApplicationsSurviveASigkill) {
  auto identity = iv1::IdentityService::NewStub(ServiceChannel("IDENTITY"));
  auto catalogue = cv1::CatalogueService::NewStub(ServiceChannel("CATALOGUE"));
  std::string run = "kill-" + testing::RandomSuffix();
  std::string admin =
      testing::LogIn(*identity, testing::kAdminEmail, testing::kAdminPassword);
  std::string offering =
      testing::OpenFirstComeOffering(*catalogue, admin, run, 40);

  std::vector<std::string> tokens;
  for (int i = 0; i < kCitizens; ++i) {
    iv1::RegisterCitizenResponse citizen = testing::RegisterCitizen(
        *identity, run + "-" + std::to_string(i), 1960 + i % 40);
    tokens.push_back(testing::LogIn(*identity, citizen.citizen().email(),
                                    testing::kCitizenPassword));
  }

  // Apply from 16 clients; each citizen retries (same request_id) until it
  // has an answer, as a front-end would. The process dies part-way.
  std::mutex mu;
  std::set<std::string> answered;  // application names the clients were given
  std::atomic<int> next{0}, started{0};
  std::atomic<int> refused_while_down{0};  // calls that met the dead process
  auto client = [&] {
    auto enrolment =
        ev1::EnrolmentService::NewStub(ServiceChannel("ENROLMENT"));
    for (int i = next++; i < kCitizens; i = next++) {
      ev1::ApplyRequest apply;
      apply.set_request_id("kill-apply-" + run + "-" + std::to_string(i));
      apply.set_offering(offering);
      auto deadline =
          std::chrono::steady_clock::now() + std::chrono::seconds(120);
      while (std::chrono::steady_clock::now() < deadline) {
        ev1::ApplyResponse out;
        grpc::Status s = enrolment->Apply(Bearer(tokens[i]).get(), apply, &out);
        if (s.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          answered.insert(out.application().name());
          ++started;
          break;
        }
        std::string reason = common::ReasonOf(common::FromGrpcStatus(s));
        if (reason != "CITIZEN_UNKNOWN" && reason != "OFFERING_NOT_YET_KNOWN") {
          ++refused_while_down;
        }
        // Not yet known (events in flight) or the process is down: retry.
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  };
  std::vector<std::thread> clients;
  for (int t = 0; t < 16; ++t) clients.emplace_back(client);
  while (started < kCitizens / 3)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  testing::StackCtl("service-kill enrolment");
  testing::StackCtl("service-start enrolment");
  for (auto& t : clients) t.join();

  EXPECT_GT(refused_while_down, 0) << "the kill did not land during the rush";
  ASSERT_EQ(answered.size(), static_cast<size_t>(kCitizens));
  std::string id = offering.substr(10);
  EXPECT_EQ(
      testing::AdminQuery("SELECT count(*) FROM enrolment.applications WHERE "
                          "offering_id = '" +
                          id + "'"),
      std::to_string(kCitizens));
  EXPECT_EQ(
      testing::AdminQuery(
          "SELECT confirmed FROM enrolment.offerings WHERE id = '" + id + "'"),
      "40");
  // Every answered application's ApplicationSubmitted is on Kafka.
  std::set<std::string> on_kafka;
  for (const common::ConsumedMessage& m : testing::ReadTopic(
           "lifelong.enrolment.application.v1",
           [&](const common::ConsumedMessage& m) {
             return m.key == id &&
                    m.headers.at("ce_type") ==
                        "lifelong.enrolment.events.v1.ApplicationSubmitted";
           },
           kCitizens, std::chrono::seconds(90))) {
    enrolment::events::v1::ApplicationSubmitted e;
    ASSERT_TRUE(e.ParseFromString(m.value));
    on_kafka.insert(e.application().name());
  }
  EXPECT_EQ(on_kafka, answered);
}

}  // namespace
}  // namespace lifelong
