#include "common/metrics/metrics.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lifelong::common {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsTest, CountsCallsByMethodAndCode) {
  Metrics metrics("identity");
  metrics.ObserveRpc("Login", 0, 0.003);
  metrics.ObserveRpc("Login", 0, 0.2);
  metrics.ObserveRpc("Login", 16, 0.004);
  std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("lifelong_rpc_total{service=\"identity\",method="
                              "\"Login\",code=\"OK\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("lifelong_rpc_total{service=\"identity\",method="
                              "\"Login\",code=\"UNAUTHENTICATED\"} 1\n"));
  // 0.003 and 0.004 fall at or under 5 ms; 0.2 does not.
  EXPECT_THAT(text,
              HasSubstr("lifelong_rpc_duration_seconds_bucket{service="
                        "\"identity\",method=\"Login\",le=\"0.005\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("lifelong_rpc_duration_seconds_bucket{service="
                        "\"identity\",method=\"Login\",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("lifelong_rpc_duration_seconds_count{service="
                              "\"identity\",method=\"Login\"} 3\n"));
}

TEST(MetricsTest, GaugesAreReadAtScrapeAndFailingOnesLeftOut) {
  Metrics metrics("identity");
  double backlog = 3;
  metrics.AddGauge("lifelong_outbox_unpublished", "Events not on Kafka.",
                   [&] { return backlog; });
  metrics.AddGauge("lifelong_broken", "Throws.",
                   []() -> double { throw std::runtime_error("db down"); });
  EXPECT_THAT(
      metrics.Render(),
      HasSubstr("lifelong_outbox_unpublished{service=\"identity\"} 3\n"));
  backlog = 0;
  std::string text = metrics.Render();
  EXPECT_THAT(
      text, HasSubstr("lifelong_outbox_unpublished{service=\"identity\"} 0\n"));
  EXPECT_THAT(text, Not(HasSubstr("lifelong_broken{")));
}

TEST(MetricsTest, LabelledSeriesShareOneHelpLineAndCountersSayCounter) {
  Metrics metrics("enrolment");
  metrics.AddCounter(
      "lifelong_periodic_runs_total", "Runs.", [] { return 4; },
      "task=\"due_work\"");
  metrics.AddGauge("lifelong_other", "Other.", [] { return 1; });
  metrics.AddCounter(
      "lifelong_periodic_runs_total", "Runs.", [] { return 7; },
      "task=\"expiry\"");
  std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE lifelong_periodic_runs_total counter\n"
                              "lifelong_periodic_runs_total{service="
                              "\"enrolment\",task=\"due_work\"} 4\n"
                              "lifelong_periodic_runs_total{service="
                              "\"enrolment\",task=\"expiry\"} 7\n"));
  EXPECT_EQ(text.find("# HELP lifelong_periodic_runs_total"),
            text.rfind("# HELP lifelong_periodic_runs_total"));
}

std::string HttpGet(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
  send(fd, request.data(), request.size(), 0);
  std::string response;
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) response.append(buf, n);
  close(fd);
  return response;
}

TEST(MetricsHttpServerTest, ServesMetricsAndNothingElse) {
  Metrics metrics("identity");
  metrics.ObserveRpc("WhoAmI", 0, 0.001);
  MetricsHttpServer server(0, metrics);
  server.Start();
  std::string ok = HttpGet(server.port(), "/metrics");
  EXPECT_THAT(ok, HasSubstr("HTTP/1.1 200 OK"));
  EXPECT_THAT(ok, HasSubstr("method=\"WhoAmI\""));
  EXPECT_THAT(HttpGet(server.port(), "/secrets"), HasSubstr("404"));
  server.Stop();
}

}  // namespace
}  // namespace lifelong::common
