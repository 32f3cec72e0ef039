// The rules that decide whether a citizen may apply to an offering now:
// which application window applies to them (staged: priority groups, then
// residents, then everyone), and the offering's eligibility (residency or
// workplace, age, priority groups). Pure functions; a refusal names the rule.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "absl/status/status.h"
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

// The citizen's priority groups: verified claims plus the derived OVER_65.
std::set<int> GroupsOf(const CitizenFacts& citizen, int current_year);

// OK, or FAILED_PRECONDITION with reason WINDOW_CLOSED or NOT_ELIGIBLE and a
// message saying which rule refused. `now` in UTC seconds.
absl::Status CheckApplication(const catalogue::v1::Offering& offering,
                              const CitizenFacts& citizen, int64_t now,
                              int current_year);

}  // namespace lifelong::enrolment
