// PeriodicTask: runs on its interval, counts runs and failures, survives
// errors and exceptions, stops promptly, and gives each run a trace.
#include "common/server/periodic_task.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "common/trace_context.h"

namespace lifelong::common {
namespace {

using ::testing::HasSubstr;

TEST(PeriodicTaskTest, CountsRunsAndFailuresAndGoesOnAfterThem) {
  Metrics metrics("test");
  int calls = 0;
  PeriodicTask task("flaky", std::chrono::milliseconds(10), metrics, [&] {
    ++calls;
    if (calls == 1) return absl::UnavailableError("database down");
    if (calls == 2) throw std::runtime_error("surprise");
    return absl::OkStatus();
  });
  EXPECT_FALSE(task.RunOnce().ok());
  EXPECT_FALSE(task.RunOnce().ok());
  EXPECT_TRUE(task.RunOnce().ok());
  EXPECT_EQ(task.runs(), 3);
  EXPECT_EQ(task.failures(), 2);
  std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("lifelong_periodic_runs_total{service=\"test\","
                              "task=\"flaky\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("lifelong_periodic_failures_total{service="
                              "\"test\",task=\"flaky\"} 2\n"));
}

TEST(PeriodicTaskTest, RunsOnItsIntervalUntilStopped) {
  Metrics metrics("test");
  std::atomic<int> calls{0};
  PeriodicTask task("tick", std::chrono::milliseconds(5), metrics, [&] {
    ++calls;
    return absl::OkStatus();
  });
  task.Start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (calls < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  task.Stop();
  int after_stop = calls;
  EXPECT_GE(after_stop, 3);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(calls, after_stop);
}

TEST(PeriodicTaskTest, StopDoesNotWaitForTheInterval) {
  Metrics metrics("test");
  PeriodicTask task("slow", std::chrono::hours(1), metrics,
                    [] { return absl::OkStatus(); });
  task.Start();
  auto start = std::chrono::steady_clock::now();
  task.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(task.runs(), 0);
}

TEST(PeriodicTaskTest, EachRunHasATraceSoItsEventsCarryOne) {
  Metrics metrics("test");
  std::string first, second;
  PeriodicTask task("traced", std::chrono::hours(1), metrics, [&] {
    (first.empty() ? first : second) = CurrentTraceparent();
    return absl::OkStatus();
  });
  ASSERT_TRUE(task.RunOnce().ok());
  ASSERT_TRUE(task.RunOnce().ok());
  EXPECT_FALSE(TraceIdOf(first).empty());
  EXPECT_FALSE(TraceIdOf(second).empty());
  EXPECT_NE(TraceIdOf(first), TraceIdOf(second));
  EXPECT_TRUE(CurrentTraceparent().empty());
}

}  // namespace
}  // namespace lifelong::common
