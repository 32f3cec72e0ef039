// The W3C trace context (traceparent) of the request a thread is handling,
// so that logs and events carry the trace along.
//
//   ScopedTraceContext scope(traceparent_from_metadata);  // set by RpcGuard
//   CurrentTraceparent();  // "00-4bf92f...-00f067aa0ba902b7-01", or ""
#pragma once

#include <string>

#include "common/logging.h"

namespace lifelong::common {

// The trace id (32 hex digits) of a valid traceparent, or empty.
std::string TraceIdOf(const std::string& traceparent);

// A fresh traceparent for a request that came without one.
std::string NewTraceparent();

class ScopedTraceContext {
 public:
  explicit ScopedTraceContext(std::string traceparent);
  ~ScopedTraceContext();
  ScopedTraceContext(const ScopedTraceContext&) = delete;
  ScopedTraceContext& operator=(const ScopedTraceContext&) = delete;

 private:
  std::string previous_;
  log::ScopedTraceId log_scope_;
};

const std::string& CurrentTraceparent();

}  // namespace lifelong::common
