// The cases that pin "open for application now" (common/application_open.h)
// on both sides that answer it: the catalogue's application_open flag and
// search filter (services/catalogue/application_open_test.cc) and the
// enrolment service's Apply (services/enrolment/eligibility_test.cc). Each
// side builds its own offering from a case and must answer `open`.
//
//   for (const ApplicationOpenCase& c : ApplicationOpenCases()) {
//     EXPECT_EQ(OpenOnThisSide(c), c.open) << c.name;
//   }
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace lifelong::testing {

struct ApplicationOpenCase {
  const char* name;
  bool published;  // false: cancelled
  // One window for everyone, [open, close), seconds from a base instant.
  int64_t window_open, window_close;
  // Sessions [start, end), seconds from the base.
  std::vector<std::pair<int64_t, int64_t>> sessions;
  bool last_session_cancelled;
  int64_t now;  // seconds from the base
  bool open;
};

inline const std::vector<ApplicationOpenCase>& ApplicationOpenCases() {
  constexpr int64_t d = 86400, h = 3600;
  // Sessions on day 5 and day 12, two hours each.
  const std::vector<std::pair<int64_t, int64_t>> two = {
      {5 * d, 5 * d + 2 * h}, {12 * d, 12 * d + 2 * h}};
  static const std::vector<ApplicationOpenCase> cases = {
      {"before the window opens", true, 0, 10 * d, two, false, -1, false},
      {"the window opens (inclusive)", true, 0, 10 * d, two, false, 0, true},
      {"before the first session", true, 0, 10 * d, two, false, 5 * d - 1,
       true},
      {"first session started, window still open", true, 0, 10 * d, two, false,
       5 * d + 60, true},
      {"the window closes (exclusive)", true, 0, 10 * d, two, false, 10 * d,
       false},
      {"running after the window closed", true, 0, 10 * d, two, false, 11 * d,
       false},
      {"between sessions, window open", true, 0, 20 * d, two, false, 8 * d,
       true},
      {"last session ended, window open", true, 0, 20 * d, two, false,
       12 * d + 2 * h, false},
      {"last session cancelled: the course ended with the one before", true, 0,
       20 * d, two, true, 6 * d, false},
      {"cancelled offering inside its window", false, 0, 10 * d, two, false, d,
       false},
  };
  return cases;
}

}  // namespace lifelong::testing
