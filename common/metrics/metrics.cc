#include "common/metrics/metrics.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "absl/status/status.h"

namespace lifelong::common {

Metrics::Metrics(std::string service) : service_(std::move(service)) {}

Metrics::MethodStats& Metrics::StatsFor(std::string_view method) {
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    auto it = methods_.find(method);
    if (it != methods_.end()) return *it->second;
  }
  std::unique_lock<std::shared_mutex> lock(mu_);
  auto& stats = methods_[std::string(method)];
  if (!stats) stats = std::make_unique<MethodStats>();
  return *stats;
}

void Metrics::ObserveRpc(std::string_view method, int code, double seconds) {
  MethodStats& m = StatsFor(method);
  m.calls[code >= 0 && code < 17 ? code : 2]++;  // 2: UNKNOWN
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) m.buckets[i]++;
  }
  m.count++;
  m.sum_micros += static_cast<long long>(seconds * 1e6);
}

void Metrics::AddGauge(std::string name, std::string help,
                       std::function<double()> read, std::string labels) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  gauges_.push_back({std::move(name), std::move(help), std::move(labels),
                     "gauge", std::move(read)});
}

void Metrics::AddCounter(std::string name, std::string help,
                         std::function<double()> read, std::string labels) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  gauges_.push_back({std::move(name), std::move(help), std::move(labels),
                     "counter", std::move(read)});
}

std::string Metrics::Render() const {
  std::ostringstream out;
  std::string svc = "service=\"" + service_ + "\"";
  std::vector<Gauge> gauges;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    out << "# HELP lifelong_rpc_total RPCs handled, by method and status "
           "code.\n"
        << "# TYPE lifelong_rpc_total counter\n";
    for (const auto& [method, m] : methods_) {
      for (int code = 0; code < 17; ++code) {
        long long n = m->calls[code];
        if (n == 0) continue;
        out << "lifelong_rpc_total{" << svc << ",method=\"" << method
            << "\",code=\""
            << absl::StatusCodeToString(static_cast<absl::StatusCode>(code))
            << "\"} " << n << "\n";
      }
    }
    out << "# HELP lifelong_rpc_duration_seconds RPC latency, by method.\n"
        << "# TYPE lifelong_rpc_duration_seconds histogram\n";
    for (const auto& [method, m] : methods_) {
      std::string labels = svc + ",method=\"" + method + "\"";
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        out << "lifelong_rpc_duration_seconds_bucket{" << labels << ",le=\""
            << kBuckets[i] << "\"} " << m->buckets[i] << "\n";
      }
      out << "lifelong_rpc_duration_seconds_bucket{" << labels
          << ",le=\"+Inf\"} " << m->count << "\n"
          << "lifelong_rpc_duration_seconds_sum{" << labels << "} "
          << m->sum_micros / 1e6 << "\n"
          << "lifelong_rpc_duration_seconds_count{" << labels << "} "
          << m->count << "\n";
    }
    gauges = gauges_;
  }
  // One HELP and TYPE line per name, its series together.
  std::stable_sort(
      gauges.begin(), gauges.end(),
      [](const Gauge& a, const Gauge& b) { return a.name < b.name; });
  const std::string* previous = nullptr;
  // Read gauges outside the lock: they may query a database.
  for (const Gauge& g : gauges) {
    double value = 0;
    try {
      value = g.read();
    } catch (const std::exception&) {
      continue;  // a gauge that cannot be read now is left out of this scrape
    }
    if (previous == nullptr || *previous != g.name) {
      out << "# HELP " << g.name << " " << g.help << "\n# TYPE " << g.name
          << " " << g.type << "\n";
      previous = &g.name;
    }
    out << g.name << "{" << svc << (g.labels.empty() ? "" : ",") << g.labels
        << "} " << value << "\n";
  }
  return out.str();
}

MetricsHttpServer::MetricsHttpServer(int port, const Metrics& metrics)
    : port_(port), metrics_(metrics) {}

MetricsHttpServer::~MetricsHttpServer() { Stop(); }

void MetricsHttpServer::Start() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(listen_fd_, 16) != 0) {
    int err = errno;
    close(listen_fd_);
    throw std::runtime_error("metrics port " + std::to_string(port_) + ": " +
                             std::strerror(err));
  }
  socklen_t len = sizeof(addr);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

void MetricsHttpServer::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) close(listen_fd_);
  listen_fd_ = -1;
}

void MetricsHttpServer::Serve() {
  while (!stopping_) {
    pollfd pfd{listen_fd_, POLLIN, 0};
    if (poll(&pfd, 1, 200) <= 0) continue;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    timeval tv{2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    char request[1024];
    ssize_t n = recv(fd, request, sizeof(request) - 1, 0);
    std::string first_line = n > 0 ? std::string(request, n) : "";
    std::string response;
    if (first_line.rfind("GET /metrics", 0) == 0) {
      std::string body = metrics_.Render();
      response =
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n"
          "Content-Length: " +
          std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    } else {
      response =
          "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: "
          "close\r\n\r\n";
    }
    send(fd, response.data(), response.size(), MSG_NOSIGNAL);
    close(fd);
  }
}

}  // namespace lifelong::common
