// event_latency_bench: how long an enrolment event takes from the commit of
// its transaction to a consumer, under a steady burst of applies, with one
// enrolment process and with three (the production overlay's replicas), in
// the same run. The latency of a record is the consumer's clock at receipt
// minus its ce_time (the commit time of the transaction that wrote it; both
// clocks are this machine's). Run it with tests/load/event_latency (it needs
// deploy/local/up running; it starts and stops the extra replicas itself).
//
//   event_latency_bench [--rate 300] [--seconds 4] [--rounds 2]
#include <grpcpp/grpcpp.h>
#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/kafka/inbox_consumer.h"
#include "common/kafka/kafka_config.h"
#include "common/testing/test_stack.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "tests/load/closed_loop.h"
#include "tests/support/platform_clients.h"

namespace load = lifelong::load;

namespace {

namespace ev1 = lifelong::enrolment::v1;
namespace iv1 = lifelong::identity::v1;
namespace cv1 = lifelong::catalogue::v1;
namespace testing = lifelong::testing;
using Clock = std::chrono::system_clock;

constexpr char kTopic[] = "lifelong.enrolment.application.v1";

struct Options {
  int rate = 300;  // applies per second
  int seconds = 4;
  int rounds = 2;
};

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--rate") o.rate = std::stoi(v);
    if (k == "--seconds") o.seconds = std::stoi(v);
    if (k == "--rounds") o.rounds = std::stoi(v);
  }
  return o;
}

// "2026-11-25T02:15:48.143123Z" as microseconds since the epoch.
int64_t MicrosOf(const std::string& rfc3339) {
  std::tm tm{};
  strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  int64_t micros = static_cast<int64_t>(timegm(&tm)) * 1000000;
  size_t dot = rfc3339.find('.');
  if (dot != std::string::npos) {
    std::string frac = rfc3339.substr(dot + 1, 6);
    while (frac.size() < 6) frac += '0';
    micros += std::stoll(frac);
  }
  return micros;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             Clock::now().time_since_epoch())
      .count();
}

// A consumer that reads the topic live and keeps the commit-to-receipt
// latency of each record of one offering. It reads from the beginning (so no
// record is missed while its position is being set) and is through the
// history before the first offering opens.
class LiveConsumer {
 public:
  LiveConsumer() {
    auto conf = lifelong::common::MakeKafkaConf(
        {{"bootstrap.servers", testing::Brokers()},
         {"group.id", "event-latency-" + testing::RandomSuffix()},
         {"auto.offset.reset", "earliest"},
         {"enable.auto.commit", "false"},
         {"fetch.wait.max.ms", "5"}},
        {}, "latency consumer");
    std::string error;
    consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
    consumer_->subscribe({kTopic});
    // Wait until the partitions are assigned.
    for (int i = 0; i < 100; ++i) {
      std::unique_ptr<RdKafka::Message> m(consumer_->consume(100));
      std::vector<RdKafka::TopicPartition*> assigned;
      consumer_->assignment(assigned);
      bool ready = !assigned.empty();
      RdKafka::TopicPartition::destroy(assigned);
      if (ready) break;
    }
    thread_ = std::thread([this] { Run(); });
  }
  ~LiveConsumer() {
    stopping_ = true;
    thread_.join();
    consumer_->close();
  }
  void Watch(const std::string& key, size_t expected) {
    std::lock_guard<std::mutex> lock(mu_);
    key_ = key;
    expected_ = expected;
    latencies_.clear();
  }
  // Waits for the expected records and returns their latencies (ms).
  std::vector<double> Wait() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (latencies_.size() >= expected_) return latencies_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::lock_guard<std::mutex> lock(mu_);
    return latencies_;
  }

 private:
  void Run() {
    while (!stopping_) {
      std::unique_ptr<RdKafka::Message> m(consumer_->consume(50));
      if (m->err() != RdKafka::ERR_NO_ERROR) continue;
      int64_t received = NowMicros();
      lifelong::common::ConsumedMessage c =
          lifelong::common::ToConsumedMessage(*m);
      std::lock_guard<std::mutex> lock(mu_);
      if (c.key != key_) continue;
      latencies_.push_back((received - MicrosOf(c.headers["ce_time"])) / 1e3);
    }
  }

  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::mutex mu_;
  std::string key_;
  size_t expected_ = 0;
  std::vector<double> latencies_;
};

struct Phase {
  double p50 = 0, p99 = 0, max = 0;
  size_t records = 0, failed_applies = 0;
};

// Applies every citizen to a new offering at `rate` per second, spread over
// `addresses`, and measures the offering's events.
Phase Run(const Options& o, cv1::CatalogueService::Stub& catalogue,
          const std::string& admin, const std::vector<std::string>& tokens,
          const std::vector<std::string>& addresses, LiveConsumer& consumer,
          const std::string& key) {
  std::string offering = testing::OpenFirstComeOffering(catalogue, admin, key,
                                                        /*capacity=*/50);
  // Let enrolment learn the offering from the catalogue's event first.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  consumer.Watch(offering.substr(10), 2 * tokens.size());
  std::vector<std::unique_ptr<ev1::EnrolmentService::Stub>> stubs;
  for (const std::string& a : addresses) {
    stubs.push_back(ev1::EnrolmentService::NewStub(
        grpc::CreateChannel(a, grpc::InsecureChannelCredentials())));
  }
  std::atomic<size_t> next{0};
  std::atomic<size_t> failed{0};
  auto start = std::chrono::steady_clock::now();
  auto client = [&] {
    for (size_t i = next++; i < tokens.size(); i = next++) {
      std::this_thread::sleep_until(
          start + std::chrono::microseconds(i * 1000000 / o.rate));
      ev1::ApplyRequest apply;
      apply.set_request_id(key + "-" + std::to_string(i));
      apply.set_offering(offering);
      ev1::ApplyResponse out;
      grpc::Status s = stubs[i % stubs.size()]->Apply(
          testing::Bearer(tokens[i]).get(), apply, &out);
      if (!s.ok()) ++failed;
    }
  };
  std::vector<std::thread> clients;
  for (int c = 0; c < 32; ++c) clients.emplace_back(client);
  for (auto& t : clients) t.join();
  std::vector<double> latencies = consumer.Wait();
  Phase p;
  p.records = latencies.size();
  p.failed_applies = failed;
  p.p50 = load::Percentile(latencies, 0.50);
  p.p99 = load::Percentile(latencies, 0.99);
  p.max = latencies.empty()
              ? 0
              : *std::max_element(latencies.begin(), latencies.end());
  return p;
}

std::string ReplicaAddress(int n) {
  std::ifstream in(testing::Env("LIFELONG_STATE") + "/run/enrolment-" +
                   std::to_string(n) + ".addr");
  std::string address;
  in >> address;
  return address;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = Parse(argc, argv);
  auto identity =
      iv1::IdentityService::NewStub(testing::ServiceChannel("IDENTITY"));
  auto catalogue =
      cv1::CatalogueService::NewStub(testing::ServiceChannel("CATALOGUE"));
  std::string run = "latency-" + testing::RandomSuffix();
  std::string admin =
      testing::LogIn(*identity, testing::kAdminEmail, testing::kAdminPassword);
  size_t citizens = static_cast<size_t>(o.rate) * o.seconds;
  std::cout << "registering " << citizens << " citizens\n";
  std::vector<std::string> tokens;
  for (size_t i = 0; i < citizens; ++i) {
    auto citizen = testing::RegisterCitizen(
        *identity, run + "-" + std::to_string(i), 1960 + i % 40);
    tokens.push_back(testing::LogIn(*identity, citizen.citizen().email(),
                                    testing::kCitizenPassword));
  }
  LiveConsumer consumer;
  std::string main_address = testing::Env("LIFELONG_ENROLMENT_ADDR");
  std::printf("%-6s %-9s %8s %10s %10s %10s %7s\n", "round", "replicas",
              "records", "p50 ms", "p99 ms", "max ms", "failed");
  std::vector<double> p50s[2], p99s[2];
  for (int round = 1; round <= o.rounds; ++round) {
    for (int phase = 0; phase < 2; ++phase) {
      std::vector<std::string> addresses = {main_address};
      if (phase == 1) {
        for (int n = 1; n <= 2; ++n) {
          testing::StackCtl("replica-start enrolment " + std::to_string(n));
          addresses.push_back(ReplicaAddress(n));
        }
      }
      Phase p =
          Run(o, *catalogue, admin, tokens, addresses, consumer,
              run + "-r" + std::to_string(round) + "p" + std::to_string(phase));
      if (phase == 1) {
        for (int n = 1; n <= 2; ++n) {
          testing::StackCtl("replica-stop enrolment " + std::to_string(n));
        }
      }
      std::printf("%-6d %-9zu %8zu %10.1f %10.1f %10.1f %7zu\n", round,
                  addresses.size(), p.records, p.p50, p.p99, p.max,
                  p.failed_applies);
      p50s[phase].push_back(p.p50);
      p99s[phase].push_back(p.p99);
    }
  }
  auto median = [](std::vector<double> v) { return load::Percentile(v, 0.5); };
  std::printf(
      "median over rounds at %d applies/s: 1 replica p50 %.1f ms p99 %.1f ms; "
      "3 replicas p50 %.1f ms p99 %.1f ms\n",
      o.rate, median(p50s[0]), median(p99s[0]), median(p50s[1]),
      median(p99s[1]));
  return 0;
}
