#include "common/server/periodic_task.h"

#include <exception>

#include "common/logging.h"
#include "common/trace_context.h"

namespace lifelong::common {
namespace {

long long SteadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval,
                           Metrics& metrics, std::function<absl::Status()> work)
    : name_(std::move(name)), interval_(interval), work_(std::move(work)) {
  std::string label = "task=\"" + name_ + "\"";
  metrics.AddCounter(
      "lifelong_periodic_runs_total", "Runs of a periodic task",
      [this] { return static_cast<double>(runs_.load()); }, label);
  metrics.AddCounter(
      "lifelong_periodic_failures_total", "Runs of a periodic task that failed",
      [this] { return static_cast<double>(failures_.load()); }, label);
  metrics.AddGauge(
      "lifelong_periodic_last_run_seconds",
      "Duration of the last run of a periodic task",
      [this] { return last_run_seconds_.load(); }, label);
  metrics.AddGauge(
      "lifelong_periodic_last_success_age_seconds",
      "Seconds since a periodic task last succeeded (-1: never)",
      [this] {
        long long at = last_success_steady_ns_.load();
        return at < 0 ? -1.0 : (SteadyNanos() - at) / 1e9;
      },
      label);
}

PeriodicTask::~PeriodicTask() { Stop(); }

void PeriodicTask::Start() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void PeriodicTask::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

absl::Status PeriodicTask::RunOnce() {
  ScopedTraceContext trace(NewTraceparent());
  auto start = std::chrono::steady_clock::now();
  absl::Status status;
  try {
    status = work_();
  } catch (const std::exception& e) {
    status = absl::UnavailableError(e.what());
  }
  last_run_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ++runs_;
  if (status.ok()) {
    last_success_steady_ns_ = SteadyNanos();
  } else {
    ++failures_;
    log::Warn("periodic_task_failed",
              {{"task", name_}, {"error", status.ToString()}});
  }
  return status;
}

void PeriodicTask::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    RunOnce().IgnoreError();  // logged and counted by RunOnce
    lock.lock();
  }
}

}  // namespace lifelong::common
