// No-show strikes (노쇼): an unexcused absence is a strike; at the limit the
// citizen's registration is blocked for a while and the count starts
// again; correcting an absence to another mark takes its strike back (never
// below zero). A pure function of the citizen's strikes as of their row
// lock, the mark it replaces and the new one; attendance.cc writes what it
// says, and Apply refuses REGISTRATION_BLOCKED until the block ends
// (apply_decision.h).
//
//   NoShowFacts facts{strikes, previous, mark, 3, 30, now};
//   if (std::optional<NoShowDecision> d = DecideNoShow(facts)) { write it }
#pragma once

#include <cstdint>
#include <optional>

#include "lifelong/enrolment/v1/enrolment_service.pb.h"

namespace lifelong::enrolment {

struct NoShowFacts {
  int strikes = 0;  // the citizen's count now
  // The session's mark before; UNSPECIFIED: none yet.
  v1::AttendanceMark previous = v1::ATTENDANCE_MARK_UNSPECIFIED;
  v1::AttendanceMark mark = v1::ATTENDANCE_MARK_UNSPECIFIED;
  int limit = 3;        // strikes that block
  int block_days = 30;  // how long a block lasts
  int64_t now = 0;      // UTC seconds
};

struct NoShowDecision {
  int strikes = 0;            // the new count
  int64_t blocked_until = 0;  // UTC seconds; 0: the block is unchanged
};

// A strike more or one fewer, or nullopt when the count does not change
// (nothing to write).
std::optional<NoShowDecision> DecideNoShow(const NoShowFacts& facts);

}  // namespace lifelong::enrolment
