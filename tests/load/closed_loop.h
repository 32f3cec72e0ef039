// The closed loop every RPC benchmark in tests/load runs: `clients` threads
// call as fast as answers come for `seconds` (after a 200 ms start), each
// with its own random stream, and the latencies, throughput and errors of
// the whole run; the no-op call every benchmark measures beside its own
// (grpc.health.v1.Health/Check); medians and percentiles, as printed.
//
//   LoadResult r = RunClosedLoop(32, 5, [&](int thread) {
//     return [&](std::mt19937& rng) -> long { return Search(rng) ? 1 : -1; };
//   });
//   Percentile(r.latencies_ms, 0.99);
#pragma once

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <random>
#include <thread>
#include <vector>

namespace lifelong::load {

struct LoadResult {
  double throughput = 0;  // calls per second
  std::vector<double> latencies_ms;
  long errors = 0;
  long units = 0;  // what the calls returned, summed (slots, results...)
};

// A call returns what it delivered (>= 0), or < 0 when it failed.
using LoadCall = std::function<long(std::mt19937&)>;

inline LoadResult RunClosedLoop(int clients, int seconds,
                                const std::function<LoadCall(int)>& make_call) {
  using Clock = std::chrono::steady_clock;
  std::vector<std::vector<double>> per_thread(clients);
  std::vector<long> errors(clients, 0), units(clients, 0);
  std::atomic<bool> go{false};
  auto deadline = Clock::now() + std::chrono::seconds(seconds) +
                  std::chrono::milliseconds(200);
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(t * 7919 + 17);
      LoadCall call = make_call(t);
      while (!go) std::this_thread::yield();
      while (Clock::now() < deadline) {
        auto start = Clock::now();
        long n = call(rng);
        per_thread[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - start)
                .count());
        if (n < 0) {
          ++errors[t];
        } else {
          units[t] += n;
        }
      }
    });
  }
  auto start = Clock::now();
  go = true;
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  LoadResult r;
  for (int t = 0; t < clients; ++t) {
    r.latencies_ms.insert(r.latencies_ms.end(), per_thread[t].begin(),
                          per_thread[t].end());
    r.errors += errors[t];
    r.units += units[t];
  }
  r.throughput = r.latencies_ms.size() / elapsed;
  return r;
}

// Health Check through the generic stub: the cheapest call a server has.
class NoOp {
 public:
  explicit NoOp(std::shared_ptr<grpc::Channel> channel) : stub_(channel) {}
  bool Call() {
    grpc::ClientContext ctx;
    grpc::Slice empty("");  // HealthCheckRequest{} serialises to nothing
    grpc::ByteBuffer in(&empty, 1), out;
    std::promise<grpc::Status> done;
    stub_.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                    &in, &out, [&](grpc::Status s) { done.set_value(s); });
    return done.get_future().get().ok();
  }

 private:
  grpc::GenericStub stub_;
};

inline double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

inline double Median(std::vector<double> v) {
  return Percentile(std::move(v), 0.5);
}

}  // namespace lifelong::load
