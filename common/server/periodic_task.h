// Background work that runs every `interval` on a thread of its own until
// stopped: expiring holds, due draws, reminders, anonymisation. Each run is
// counted in the metrics:
//   lifelong_periodic_runs_total{task}          runs finished
//   lifelong_periodic_failures_total{task}      runs that returned an error
//                                               or threw
//   lifelong_periodic_last_run_seconds{task}    duration of the last run
//   lifelong_periodic_last_success_age_seconds{task}
//                                               seconds since the last
//                                               success (-1: none yet)
// A failed run is logged and the next one comes at the next interval; the
// task never stops on an error. Every run starts a trace of its own, so the
// events it writes carry a `traceparent`.
//
// Several replicas run the same task: the work itself must be safe to run
// concurrently (FOR UPDATE SKIP LOCKED, or an advisory lock it takes).
//
//   PeriodicTask expiry("hold_expiry", std::chrono::seconds(5), metrics,
//                       [&] { return logic.ExpireHolds(); });
//   expiry.Start();
//   ...
//   expiry.Stop();  // waits for the run in progress
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "common/metrics/metrics.h"

namespace lifelong::common {

class PeriodicTask {
 public:
  // `work` returns OK, or an error that is logged and counted.
  PeriodicTask(std::string name, std::chrono::milliseconds interval,
               Metrics& metrics, std::function<absl::Status()> work);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void Start();
  // Wakes the thread and waits for the run in progress to finish.
  void Stop();
  // Runs the work once on the calling thread, counted like a scheduled run
  // (tests call it rather than wait for the interval).
  absl::Status RunOnce();

  long long runs() const { return runs_; }
  long long failures() const { return failures_; }

 private:
  void Loop();

  const std::string name_;
  const std::chrono::milliseconds interval_;
  std::function<absl::Status()> work_;
  std::atomic<long long> runs_{0};
  std::atomic<long long> failures_{0};
  std::atomic<double> last_run_seconds_{0};
  std::atomic<long long> last_success_steady_ns_{-1};
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lifelong::common
