// The deadline of the gRPC call the current thread serves, so that the work
// far below the handler (a transaction: common/pg/transaction.h) refuses to
// start past it and bounds its statements by it, without every signature in
// between carrying it. RpcGuard sets it around each handler body.
//
//   CallDeadlineScope scope(ctx->deadline());   // in RpcGuard::Handle
//   ...
//   if (std::optional<CallDeadline::time_point> d = CurrentCallDeadline())
//     ... RemainingUntil(*d) ...
//
// Threads that serve no call (periodic tasks, consumers, the outbox relay)
// have no deadline. The scope is per thread and nests (an inner scope
// restores the outer one when it ends).
#pragma once

#include <chrono>
#include <optional>

namespace lifelong::common {

struct CallDeadline {
  using clock = std::chrono::steady_clock;
  using time_point = clock::time_point;
};

namespace internal {
inline thread_local std::optional<CallDeadline::time_point> call_deadline;
}  // namespace internal

inline std::optional<CallDeadline::time_point> CurrentCallDeadline() {
  return internal::call_deadline;
}

// Time left until `deadline` (negative once it has passed).
inline std::chrono::milliseconds RemainingUntil(
    CallDeadline::time_point deadline) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - CallDeadline::clock::now());
}

class CallDeadlineScope {
 public:
  // `deadline` as gRPC gives it (ServerContext::deadline()): a system_clock
  // time, or one centuries ahead when the client set none.
  explicit CallDeadlineScope(std::chrono::system_clock::time_point deadline)
      : outer_(internal::call_deadline) {
    auto left = deadline - std::chrono::system_clock::now();
    if (left < std::chrono::hours(24 * 365)) {
      internal::call_deadline =
          CallDeadline::clock::now() +
          std::chrono::duration_cast<CallDeadline::clock::duration>(left);
    } else {
      internal::call_deadline.reset();
    }
  }
  explicit CallDeadlineScope(std::optional<CallDeadline::time_point> deadline)
      : outer_(internal::call_deadline) {
    internal::call_deadline = deadline;
  }
  ~CallDeadlineScope() { internal::call_deadline = outer_; }
  CallDeadlineScope(const CallDeadlineScope&) = delete;
  CallDeadlineScope& operator=(const CallDeadlineScope&) = delete;

  // True when the call's deadline has already passed.
  bool passed() const {
    return internal::call_deadline &&
           *internal::call_deadline <= CallDeadline::clock::now();
  }

 private:
  std::optional<CallDeadline::time_point> outer_;
};

}  // namespace lifelong::common
