#include "common/trace_context.h"

#include <sodium.h>

#include <cstring>
#include <random>

namespace lifelong::common {
namespace {

thread_local std::string current_traceparent;

bool IsLowerHex(const std::string& s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Trace ids need to be unique, not secret: a per-thread generator seeded
// once from the system's randomness keeps system calls off the request path.
std::string RandomHex(size_t bytes) {
  thread_local std::mt19937_64 rng = [] {
    std::seed_seq seed{randombytes_random(), randombytes_random(),
                       randombytes_random(), randombytes_random()};
    return std::mt19937_64(seed);
  }();
  std::string raw(bytes, '\0');
  for (size_t i = 0; i < bytes; i += 8) {
    uint64_t v = rng();
    std::memcpy(raw.data() + i, &v, std::min<size_t>(8, bytes - i));
  }
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(),
                 reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

}  // namespace

std::string TraceIdOf(const std::string& traceparent) {
  // version(2)-trace_id(32)-parent_id(16)-flags(2)
  if (traceparent.size() != 55 || traceparent[2] != '-' ||
      traceparent[35] != '-' || traceparent[52] != '-') {
    return "";
  }
  std::string trace_id = traceparent.substr(3, 32);
  if (!IsLowerHex(trace_id) || trace_id == std::string(32, '0')) return "";
  return trace_id;
}

std::string NewTraceparent() {
  return "00-" + RandomHex(16) + "-" + RandomHex(8) + "-01";
}

ScopedTraceContext::ScopedTraceContext(std::string traceparent)
    : previous_(std::move(current_traceparent)),
      log_scope_(TraceIdOf(traceparent)) {
  current_traceparent = std::move(traceparent);
}

ScopedTraceContext::~ScopedTraceContext() {
  current_traceparent = std::move(previous_);
}

const std::string& CurrentTraceparent() { return current_traceparent; }

}  // namespace lifelong::common
