// Prometheus metrics in the text exposition format, without a client library.
//
//   Metrics metrics("identity");
//   metrics.ObserveRpc("Login", "OK", 0.004);
//   metrics.AddGauge("lifelong_outbox_unpublished", "Events not yet on Kafka",
//                    [&] { return relay.Backlog().unpublished; });
//   MetricsHttpServer http(9101, metrics);  // GET /metrics
//
// Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace lifelong::common {

class Metrics {
 public:
  explicit Metrics(std::string service);

  // lifelong_rpc_total{method,code} and lifelong_rpc_duration_seconds{method}.
  // `code` is a gRPC status code (0 to 16). Lock-free once a method has
  // been seen.
  void ObserveRpc(std::string_view method, int code, double seconds);
  // A gauge read when scraped. `labels` are extra Prometheus labels
  // (`task="hold_expiry"`); series of one name share its help text.
  void AddGauge(std::string name, std::string help,
                std::function<double()> read, std::string labels = "");
  // The same for a value that only grows (TYPE counter).
  void AddCounter(std::string name, std::string help,
                  std::function<double()> read, std::string labels = "");

  std::string Render() const;

  // Upper bounds of the latency histogram's buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

 private:
  struct MethodStats {
    std::array<std::atomic<long long>, 17> calls{};  // by status code
    std::array<std::atomic<long long>, kBuckets.size()> buckets{};
    std::atomic<long long> count{0};
    std::atomic<long long> sum_micros{0};
  };
  MethodStats& StatsFor(std::string_view method);
  struct Gauge {
    std::string name, help, labels, type;
    std::function<double()> read;
  };

  const std::string service_;
  mutable std::shared_mutex mu_;
  std::map<std::string, std::unique_ptr<MethodStats>, std::less<>> methods_;
  std::vector<Gauge> gauges_;
};

// Serves GET /metrics on 0.0.0.0:port from its own thread.
class MetricsHttpServer {
 public:
  MetricsHttpServer(int port, const Metrics& metrics);
  ~MetricsHttpServer();
  // Throws std::runtime_error when the port cannot be bound.
  void Start();
  void Stop();
  int port() const { return port_; }

 private:
  void Serve();

  int port_;
  const Metrics& metrics_;
  int listen_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace lifelong::common
