#include "services/enrolment/eligibility.h"

#include <algorithm>

#include "common/errors.h"
#include "services/enrolment/refusals.h"

namespace lifelong::enrolment {
namespace {

namespace cv1 = lifelong::catalogue::v1;

absl::Status NotEligible(const std::string& rule) {
  return common::Error(absl::StatusCode::kFailedPrecondition, "NOT_ELIGIBLE",
                       "not eligible: " + rule);
}

}  // namespace

common::OfferingSchedule ScheduleOf(const cv1::Offering& o) {
  common::OfferingSchedule s;
  s.published = o.state() == cv1::OFFERING_STATE_PUBLISHED ||
                o.state() == cv1::OFFERING_STATE_RUNNING ||
                o.state() == cv1::OFFERING_STATE_COMPLETED;
  for (const cv1::ApplicationWindow& w : o.windows())
    s.windows.emplace_back(w.open_time().seconds(), w.close_time().seconds());
  for (const cv1::Session& session : o.sessions()) {
    if (session.state() == cv1::SESSION_STATE_CANCELLED) continue;
    s.last_session_end =
        std::max<int64_t>(s.last_session_end, session.end_time().seconds());
  }
  return s;
}

absl::Status CheckOfferingOpen(const cv1::Offering& o, int64_t now) {
  switch (common::OpennessAt(ScheduleOf(o), now)) {
    case common::Openness::kOpen:
      return absl::OkStatus();
    case common::Openness::kNotPublished:
      return common::Error(
          absl::StatusCode::kFailedPrecondition, "OFFERING_NOT_OPEN",
          "the offering is " + cv1::OfferingState_Name(o.state()));
    case common::Openness::kEnded:
      return common::Error(absl::StatusCode::kFailedPrecondition,
                           "OFFERING_NOT_OPEN",
                           "the offering's last session has ended");
    case common::Openness::kOutsideWindow:  // refused per citizen
      break;
  }
  return absl::OkStatus();
}

std::set<int> GroupsOf(const CitizenFacts& c, int current_year) {
  std::set<int> groups = c.priority_groups;
  if (current_year - c.birth_year >= 65)
    groups.insert(cv1::PRIORITY_GROUP_OVER_65);
  return groups;
}

absl::Status CheckApplication(const cv1::Offering& o, const CitizenFacts& c,
                              int64_t now, int current_year) {
  if (absl::Status open = CheckOfferingOpen(o, now); !open.ok()) return open;
  std::set<int> groups = GroupsOf(c, current_year);
  int age = current_year - c.birth_year;
  bool resident = !c.district.empty();
  bool works_here = !c.workplace_district.empty();
  const cv1::Eligibility& e = o.eligibility();

  if (e.residents_only() && !resident &&
      !(e.workplace_counts() && works_here)) {
    return NotEligible(e.workplace_counts()
                           ? "for people who live or work in the city"
                           : "for residents of the city");
  }
  if ((e.min_age() > 0 && age < e.min_age()) ||
      (e.max_age() > 0 && age > e.max_age())) {
    return NotEligible("for ages " + std::to_string(e.min_age()) + " to " +
                       (e.max_age() > 0 ? std::to_string(e.max_age()) : "any"));
  }
  if (!e.priority_groups_only().empty()) {
    bool in_group = false;
    for (int g : e.priority_groups_only()) in_group |= groups.count(g) > 0;
    if (!in_group) return NotEligible("for priority groups only");
  }

  // The window that applies: any one this citizen belongs to and that is
  // open now.
  bool priority = !groups.empty();
  int64_t next_open = 0;
  for (const cv1::ApplicationWindow& w : o.windows()) {
    bool applies =
        w.audience() == cv1::WINDOW_AUDIENCE_EVERYONE ||
        (w.audience() == cv1::WINDOW_AUDIENCE_RESIDENTS &&
         (resident || (e.workplace_counts() && works_here))) ||
        (w.audience() == cv1::WINDOW_AUDIENCE_PRIORITY_GROUPS && priority);
    if (!applies) continue;
    if (w.open_time().seconds() <= now && now < w.close_time().seconds()) {
      return absl::OkStatus();
    }
    if (w.open_time().seconds() > now &&
        (next_open == 0 || w.open_time().seconds() < next_open)) {
      next_open = w.open_time().seconds();
    }
  }
  return WindowClosed(next_open);
}

}  // namespace lifelong::enrolment
