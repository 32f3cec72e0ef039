#include "services/enrolment/no_shows.h"

#include <algorithm>

namespace lifelong::enrolment {

std::optional<NoShowDecision> DecideNoShow(const NoShowFacts& f) {
  int delta = (f.mark == v1::ATTENDANCE_MARK_ABSENT) -
              (f.previous == v1::ATTENDANCE_MARK_ABSENT);
  if (delta == 0) return std::nullopt;
  NoShowDecision d;
  int strikes = f.strikes + delta;
  if (strikes >= f.limit) {
    d.strikes = 0;
    d.blocked_until = f.now + int64_t{f.block_days} * 86400;
  } else {
    d.strikes = std::max(strikes, 0);
  }
  return d;
}

}  // namespace lifelong::enrolment
