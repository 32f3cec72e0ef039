// The completion rule (수료): a learner completes when every scheduled
// session has a mark and they attended (present or late) at least the
// threshold of the sessions that were not excused, rounded up (at least
// one), and not before the last counted session has ended. Pure; the early
// flag says when completion can no longer happen.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lifelong/catalogue/v1/catalogue_service.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.pb.h"

namespace lifelong::enrolment {

// `marks` by session id; marks for sessions not in `scheduled_sessions`
// (cancelled ones) are ignored. `threshold_percent` 1 to 100.
v1::Progress ProgressOf(const std::vector<std::string>& scheduled_sessions,
                        const std::map<std::string, v1::AttendanceMark>& marks,
                        int threshold_percent);

// Every session marked and `required` attended.
bool IsComplete(const v1::Progress& progress);

// When the offering's last counted (not cancelled) session ends, in seconds
// since the epoch; 0 when it has none.
int64_t LastSessionEnd(const catalogue::v1::Offering& offering);

// The learner completes now: IsComplete, and the last counted session has
// ended (a certificate is never issued while the course still runs).
bool CompletesAt(const v1::Progress& progress, int64_t last_session_end,
                 int64_t now);

}  // namespace lifelong::enrolment
