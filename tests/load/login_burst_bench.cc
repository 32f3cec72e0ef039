// login_burst_bench: a burst of concurrent logins against an identity
// process with production argon2id parameters (64 MiB a hash), and that
// process's peak memory. Run it with tests/load/login_burst, which starts
// such a process beside the platform of deploy/local/up.
//
//   login_burst_bench --identity ADDR --pid PID [--logins 200]
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/errors.h"
#include "common/testing/test_stack.h"
#include "tests/support/platform_clients.h"

namespace {

namespace iv1 = lifelong::identity::v1;
namespace testing = lifelong::testing;

// "VmHWM" or "VmRSS" of a process, in MiB.
double MemoryMiB(int pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::stod(line.substr(field.size() + 1)) / 1024;  // kB
    }
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string address;
  int pid = 0, logins = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--identity") address = v;
    if (k == "--pid") pid = std::stoi(v);
    if (k == "--logins") logins = std::stoi(v);
  }
  auto channel =
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto identity = iv1::IdentityService::NewStub(channel);
  std::string run = "burst-" + testing::RandomSuffix();
  std::vector<std::string> emails(logins);
  std::atomic<int> next{0};
  std::vector<std::thread> registering;
  for (int t = 0; t < 4; ++t) {
    registering.emplace_back([&] {
      for (int i = next++; i < logins; i = next++) {
        for (;;) {  // HASHING_BUSY says retry
          iv1::RegisterCitizenRequest r;
          r.set_request_id(run + "-" + std::to_string(i));
          r.set_display_name("Burst " + std::to_string(i));
          r.set_email(run + "-" + std::to_string(i) + "@example.kr");
          r.set_password(testing::kCitizenPassword);
          r.set_birth_year(1970);
          r.set_district("Misa");
          r.set_language(iv1::LANGUAGE_KO);
          iv1::RegisterCitizenResponse out;
          grpc::ClientContext ctx;
          grpc::Status s = identity->RegisterCitizen(&ctx, r, &out);
          if (s.ok()) {
            emails[i] = r.email();
            break;
          }
          if (s.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED &&
              s.error_code() != grpc::StatusCode::UNAVAILABLE) {
            std::cerr << "registration refused: " << s.error_message() << "\n";
            std::exit(1);
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      }
    });
  }
  for (auto& t : registering) t.join();
  double before = MemoryMiB(pid, "VmRSS");

  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<double> ok_ms;
  std::map<std::string, int> answers;
  std::mutex mu;
  std::vector<std::thread> clients;
  for (int i = 0; i < logins; ++i) {
    clients.emplace_back([&, i] {
      iv1::LoginRequest r;
      r.set_login(emails[i]);
      r.set_password(testing::kCitizenPassword);
      ++ready;
      while (!go) std::this_thread::yield();
      auto start = std::chrono::steady_clock::now();
      iv1::LoginResponse out;
      grpc::ClientContext ctx;
      grpc::Status s = identity->Login(&ctx, r, &out);
      double ms = std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - start)
                      .count();
      std::string answer =
          s.ok()
              ? "OK"
              : lifelong::common::ReasonOf(lifelong::common::FromGrpcStatus(s));
      std::lock_guard<std::mutex> lock(mu);
      ++answers[answer];
      if (s.ok()) ok_ms.push_back(ms);
    });
  }
  while (ready < logins) std::this_thread::yield();
  go = true;
  for (auto& t : clients) t.join();
  std::sort(ok_ms.begin(), ok_ms.end());
  std::printf("%d concurrent logins:", logins);
  for (const auto& [answer, n] : answers) {
    std::printf(" %s %d", answer.c_str(), n);
  }
  if (!ok_ms.empty()) {
    std::printf("; successful p50 %.0f ms p99 %.0f ms", ok_ms[ok_ms.size() / 2],
                ok_ms[std::min(ok_ms.size() - 1, ok_ms.size() * 99 / 100)]);
  }
  std::printf(
      "\nidentity memory: before the burst %.0f MiB RSS, peak %.0f MiB "
      "(VmHWM)\n",
      before, MemoryMiB(pid, "VmHWM"));
  return 0;
}
