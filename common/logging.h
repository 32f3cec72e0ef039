// JSON logs: one line per event on stdout, with the service name and, while a
// request is being handled, its trace id.
//
//   log::Init("identity", "info");
//   log::Info("citizen_registered", {{"citizen", name}});
//   // {"ts":"2026-11-24T10:00:00.123Z","level":"info","service":"identity",
//   //
//   "msg":"citizen_registered","trace_id":"4bf9...","citizen":"citizens/..."}
#pragma once

#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace lifelong::common::log {

// Call once at start; before it, logs go to stdout without a service name.
void Init(const std::string& service, const std::string& level);

void Debug(std::string_view msg, const nlohmann::json& fields = {});
// Whether Debug lines are written: check it before building costly fields.
bool DebugEnabled();
void Info(std::string_view msg, const nlohmann::json& fields = {});
void Warn(std::string_view msg, const nlohmann::json& fields = {});
void Error(std::string_view msg, const nlohmann::json& fields = {});

// Sets the trace id that this thread's log lines carry until destroyed.
class ScopedTraceId {
 public:
  explicit ScopedTraceId(std::string trace_id);
  ~ScopedTraceId();
  ScopedTraceId(const ScopedTraceId&) = delete;
  ScopedTraceId& operator=(const ScopedTraceId&) = delete;

 private:
  std::string previous_;
};

// The trace id set on this thread, or empty.
const std::string& CurrentTraceId();

}  // namespace lifelong::common::log
