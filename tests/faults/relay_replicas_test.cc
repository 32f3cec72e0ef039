// Three enrolment processes against one database and Kafka, as the
// production overlay runs them: a rush of applicants spread over all three,
// and the process whose outbox relay is active killed (SIGKILL) mid-rush.
// From the topic alone: every answered application's events are there, and
// one offering's events arrive in commit order at their first delivery
// (waitlist positions only grow), before and after the takeover.
#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
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

constexpr int kCitizens = 1000;
constexpr int kSeats = 50;

struct Replica {
  std::string stackctl_name;  // "enrolment" or "enrolment 1"
  std::string address;        // gRPC
  int metrics_port = 0;
};

std::string HttpGet(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  std::string body;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    std::string request = "GET " + path + " HTTP/1.0\r\n\r\n";
    if (write(fd, request.data(), request.size()) > 0) {
      char buf[4096];
      for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) body.append(buf, n);
    }
  }
  close(fd);
  return body;
}

bool RelayActive(const Replica& r) {
  return HttpGet(r.metrics_port, "/metrics")
             .find("lifelong_outbox_relay_active{service=\"enrolment\"} 1") !=
         std::string::npos;
}

Replica StartReplica(int n) {
  testing::StackCtl("replica-start enrolment " + std::to_string(n));
  std::ifstream addr(testing::Env("LIFELONG_STATE") + "/run/enrolment-" +
                     std::to_string(n) + ".addr");
  Replica r{"enrolment " + std::to_string(n), "", 0};
  addr >> r.address >> r.metrics_port;
  return r;
}

TEST(RelayReplicasTest, OneOfferingsEventsStayInCommitOrderAcrossATakeover) {
  auto identity = iv1::IdentityService::NewStub(ServiceChannel("IDENTITY"));
  auto catalogue = cv1::CatalogueService::NewStub(ServiceChannel("CATALOGUE"));
  std::string run = "replicas-" + testing::RandomSuffix();
  std::string admin =
      testing::LogIn(*identity, testing::kAdminEmail, testing::kAdminPassword);

  std::string main_addr = testing::Env("LIFELONG_ENROLMENT_ADDR");
  int main_metrics = std::stoi(main_addr.substr(main_addr.rfind(':') + 1)) + 20;
  std::vector<Replica> replicas = {
      {"enrolment", main_addr, main_metrics}, StartReplica(1), StartReplica(2)};

  std::vector<std::string> tokens;
  for (int i = 0; i < kCitizens; ++i) {
    iv1::RegisterCitizenResponse citizen = testing::RegisterCitizen(
        *identity, run + "-" + std::to_string(i), 1960 + i % 40);
    tokens.push_back(testing::LogIn(*identity, citizen.citizen().email(),
                                    testing::kCitizenPassword));
  }
  std::string offering =
      testing::OpenFirstComeOffering(*catalogue, admin, run, kSeats);
  std::string id = offering.substr(10);

  int active = -1;
  for (size_t r = 0; r < replicas.size(); ++r) {
    if (RelayActive(replicas[r])) {
      EXPECT_EQ(active, -1) << "two relays active at once";
      active = static_cast<int>(r);
    }
  }
  ASSERT_NE(active, -1) << "no relay is active";

  // 30 clients, each starting on its own replica and moving to the next
  // when one does not answer; a citizen retries with the same request_id.
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (const Replica& r : replicas) {
    channels.push_back(
        grpc::CreateChannel(r.address, grpc::InsecureChannelCredentials()));
  }
  std::mutex mu;
  std::set<std::string> answered;
  std::atomic<int> next{0}, done{0};
  auto client = [&](int c) {
    size_t at = c % channels.size();
    for (int i = next++; i < kCitizens; i = next++) {
      ev1::ApplyRequest apply;
      apply.set_request_id("replicas-apply-" + run + "-" + std::to_string(i));
      apply.set_offering(offering);
      auto deadline =
          std::chrono::steady_clock::now() + std::chrono::seconds(120);
      while (std::chrono::steady_clock::now() < deadline) {
        ev1::ApplyResponse out;
        grpc::Status s = ev1::EnrolmentService::NewStub(channels[at])
                             ->Apply(Bearer(tokens[i]).get(), apply, &out);
        if (s.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          answered.insert(out.application().name());
          ++done;
          break;
        }
        if (s.error_code() == grpc::StatusCode::UNAVAILABLE) {
          at = (at + 1) % channels.size();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  };
  std::vector<std::thread> clients;
  for (int c = 0; c < 30; ++c) clients.emplace_back(client, c);
  while (done < kCitizens / 3) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  testing::StackCtl((active == 0 ? "service-kill " : "replica-kill ") +
                    replicas[active].stackctl_name);
  auto killed_at = std::chrono::steady_clock::now();
  int successor = -1;
  while (successor == -1 && std::chrono::steady_clock::now() - killed_at <
                                std::chrono::seconds(30)) {
    for (size_t r = 0; r < replicas.size(); ++r) {
      if (static_cast<int>(r) != active && RelayActive(replicas[r])) {
        successor = static_cast<int>(r);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  double takeover = std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - killed_at)
                        .count();
  std::cout << "relay takeover after " << takeover << " s\n";
  ASSERT_NE(successor, -1) << "no standby took over";
  EXPECT_LT(takeover, 5.0);
  for (auto& t : clients) t.join();
  ASSERT_EQ(answered.size(), static_cast<size_t>(kCitizens));

  // The first delivery of each of the offering's events, in topic order (a
  // batch cut off by the kill may come again; consumers drop it by ce_id).
  std::set<std::string> seen;
  std::vector<common::ConsumedMessage> records = testing::ReadTopic(
      "lifelong.enrolment.application.v1",
      [&](const common::ConsumedMessage& m) {
        return m.key == id && seen.insert(m.headers.at("ce_id")).second;
      },
      2 * kCitizens, std::chrono::seconds(120));
  std::set<std::string> submitted;
  int last_position = 0, backwards = 0, waitlisted = 0, confirmed = 0;
  for (const auto& m : records) {
    const std::string& type = m.headers.at("ce_type");
    if (type == "lifelong.enrolment.events.v1.ApplicationSubmitted") {
      enrolment::events::v1::ApplicationSubmitted e;
      ASSERT_TRUE(e.ParseFromString(m.value));
      submitted.insert(e.application().name());
    } else if (type == "lifelong.enrolment.events.v1.Waitlisted") {
      enrolment::events::v1::Waitlisted e;
      ASSERT_TRUE(e.ParseFromString(m.value));
      if (e.application().waitlist_position() <= last_position) ++backwards;
      last_position = e.application().waitlist_position();
      ++waitlisted;
    } else if (type == "lifelong.enrolment.events.v1.EnrolmentConfirmed") {
      ++confirmed;
    }
  }
  std::cout << "events of the offering: " << records.size() << " records, "
            << waitlisted << " Waitlisted, " << confirmed
            << " EnrolmentConfirmed, " << backwards << " backwards\n";
  EXPECT_EQ(submitted, answered);
  EXPECT_EQ(confirmed, kSeats);
  EXPECT_EQ(waitlisted, kCitizens - kSeats);
  EXPECT_EQ(backwards, 0);

  for (int r = 1; r < 3; ++r) {
    if (r != active)
      testing::StackCtl("replica-kill " + replicas[r].stackctl_name);
  }
  if (active == 0) testing::StackCtl("service-start enrolment");
}

}  // namespace
}  // namespace lifelong
