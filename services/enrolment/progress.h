// The completion rule (수료): a learner completes when every scheduled
// session has a mark and they attended (present or late) at least the
// threshold of the sessions that were not excused, rounded up (at least
// one). Pure; the early flag says when that can no longer happen.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lifelong/enrolment/v1/enrolment_service.pb.h"

namespace lifelong::enrolment {

// `marks` by session id; marks for sessions not in `scheduled_sessions`
// (cancelled ones) are ignored. `threshold_percent` 1 to 100.
v1::Progress ProgressOf(const std::vector<std::string>& scheduled_sessions,
                        const std::map<std::string, v1::AttendanceMark>& marks,
                        int threshold_percent);

// Every session marked and `required` attended.
bool IsComplete(const v1::Progress& progress);

}  // namespace lifelong::enrolment
