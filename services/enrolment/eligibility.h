// The rules that decide whether a citizen may apply to an offering now:
// whether the offering is open for application at all (the rule shared with
// the catalogue's application_open flag and search filter,
// common/application_open.h), which application window applies to them (staged:
// priority groups, then residents, then everyone), and the offering's
// eligibility (residency or workplace, age, priority groups). Pure functions; a
// refusal names the rule.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "common/application_open.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"

namespace lifelong::enrolment {

// What the enrolment service knows of a citizen (from identity's events).
struct CitizenFacts {
  int birth_year = 0;
  std::string district;            // of residence in the city
  std::string workplace_district;  // empty when none
  // catalogue::v1::PriorityGroup values: verified claims, plus OVER_65 which
  // CheckApplication derives from birth_year.
  std::set<int> priority_groups;
};

// The facts of the stored offering that "open for application now" reads:
// built as the catalogue builds them (services/catalogue/application_open.h),
// so both services answer the same at every instant. Published, running and
// completed (as an event may present them) are published; cancelled
// sessions do not count.
common::OfferingSchedule ScheduleOf(const catalogue::v1::Offering& offering);

// The offering's part of the shared rule at `now` (UTC seconds):
// FAILED_PRECONDITION OFFERING_NOT_OPEN when it is a draft or cancelled or
// its last session has ended; OK otherwise. Whether a window holds now is
// asked per citizen by CheckApplication (staged windows), which refuses
// WINDOW_CLOSED with the citizen's own next opening; an offering outside
// every window (common::Openness::kOutsideWindow) is refused there for
// everyone.
absl::Status CheckOfferingOpen(const catalogue::v1::Offering& offering,
                               int64_t now);

// The citizen's priority groups: verified claims plus the derived OVER_65.
std::set<int> GroupsOf(const CitizenFacts& citizen, int current_year);

// OK, or FAILED_PRECONDITION with reason OFFERING_NOT_OPEN
// (CheckOfferingOpen), NOT_ELIGIBLE or WINDOW_CLOSED and a message saying
// which rule refused. `now` in UTC seconds. OK implies
// common::ApplicationsOpen(ScheduleOf(offering), now).
absl::Status CheckApplication(const catalogue::v1::Offering& offering,
                              const CitizenFacts& citizen, int64_t now,
                              int current_year);

}  // namespace lifelong::enrolment
