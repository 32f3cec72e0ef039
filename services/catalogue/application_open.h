// The facts of one of the catalogue's offerings that the shared rule
// "open for application now" (common/application_open.h) reads; the
// enrolment service builds the same facts from its read model
// (services/enrolment/eligibility.h, ScheduleOf), so the `application_open`
// flag, the `open_for_application_now` search filter and Apply agree.
//
//   bool open = common::ApplicationsOpen(ScheduleOf(offering), now);
#pragma once

#include <algorithm>

#include "common/application_open.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"

namespace lifelong::catalogue {

// Published, running and completed (as presented) offerings are published;
// the last session end ignores cancelled sessions.
inline common::OfferingSchedule ScheduleOf(const v1::Offering& o) {
  common::OfferingSchedule s;
  s.published = o.state() == v1::OFFERING_STATE_PUBLISHED ||
                o.state() == v1::OFFERING_STATE_RUNNING ||
                o.state() == v1::OFFERING_STATE_COMPLETED;
  for (const v1::ApplicationWindow& w : o.windows())
    s.windows.emplace_back(w.open_time().seconds(), w.close_time().seconds());
  for (const v1::Session& session : o.sessions()) {
    if (session.state() == v1::SESSION_STATE_CANCELLED) continue;
    s.last_session_end =
        std::max<int64_t>(s.last_session_end, session.end_time().seconds());
  }
  return s;
}

}  // namespace lifelong::catalogue
