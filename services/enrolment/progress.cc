#include "services/enrolment/progress.h"

#include <algorithm>

namespace lifelong::enrolment {

v1::Progress ProgressOf(const std::vector<std::string>& scheduled_sessions,
                        const std::map<std::string, v1::AttendanceMark>& marks,
                        int threshold_percent) {
  v1::Progress p;
  p.set_sessions(static_cast<int>(scheduled_sessions.size()));
  for (const std::string& s : scheduled_sessions) {
    auto mark = marks.find(s);
    if (mark == marks.end()) continue;
    switch (mark->second) {
      case v1::ATTENDANCE_MARK_PRESENT:
        p.set_present(p.present() + 1);
        break;
      case v1::ATTENDANCE_MARK_LATE:
        p.set_late(p.late() + 1);
        break;
      case v1::ATTENDANCE_MARK_EXCUSED:
        p.set_excused(p.excused() + 1);
        break;
      case v1::ATTENDANCE_MARK_ABSENT:
        p.set_absent(p.absent() + 1);
        break;
      default:
        break;
    }
  }
  int counted = p.sessions() - p.excused();
  p.set_required(std::max(1, (counted * threshold_percent + 99) / 100));
  int unmarked =
      p.sessions() - p.present() - p.late() - p.excused() - p.absent();
  // Excusing a future session lowers `required`, never raises it, so the
  // best case is attending every unmarked session.
  p.set_can_still_complete(p.present() + p.late() + unmarked >= p.required());
  return p;
}

bool IsComplete(const v1::Progress& p) {
  int marked = p.present() + p.late() + p.excused() + p.absent();
  return marked == p.sessions() && p.present() + p.late() >= p.required();
}

int64_t LastSessionEnd(const catalogue::v1::Offering& offering) {
  int64_t last = 0;
  for (const catalogue::v1::Session& s : offering.sessions()) {
    if (s.state() == catalogue::v1::SESSION_STATE_CANCELLED) continue;
    last = std::max<int64_t>(last, s.end_time().seconds());
  }
  return last;
}

bool CompletesAt(const v1::Progress& progress, int64_t last_session_end,
                 int64_t now) {
  return IsComplete(progress) && last_session_end > 0 &&
         now >= last_session_end;
}

}  // namespace lifelong::enrolment
