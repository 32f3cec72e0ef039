// Enrolment's refusals that a screen acts on, with what it needs to act in
// ErrorInfo.metadata (string keys and values), so a portal never parses a
// message:
//   WINDOW_CLOSED         opens_at: when the caller's next window opens, RFC
//                         3339 UTC ("2027-03-02T00:00:00Z"); absent when no
//                         window will open for them
//   ALREADY_APPLIED       application: the existing "applications/{uuid}"
//   REGISTRATION_BLOCKED  blocked_until: RFC 3339 UTC
// All FAILED_PRECONDITION but ALREADY_APPLIED (ALREADY_EXISTS).
//
//   return WindowClosed(next_open);
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/status.h"

namespace lifelong::enrolment {

// `seconds` since the epoch as RFC 3339 in UTC, "YYYY-MM-DDTHH:MM:SSZ".
std::string Rfc3339(int64_t seconds);

// `next_open` in UTC seconds; 0: no window will open.
absl::Status WindowClosed(int64_t next_open);
absl::Status AlreadyApplied(const std::string& application);
absl::Status RegistrationBlocked(int64_t blocked_until);

// The ErrorInfo.metadata a status carries (empty when none).
std::map<std::string, std::string> MetadataOf(const absl::Status& status);

}  // namespace lifelong::enrolment
