// How enrolment's events move a learning plan's items: a pure decision,
// unit-tested without PostgreSQL. An item pointing at an offering matches
// events for that offering; an item pointing at a programme matches events
// for any offering of the programme (catalogue_refs knows which).
//
//   std::optional<std::string> next = Advance("suggested",
//                                             EnrolmentStep::kConfirmed);
//   // "enrolled"
//
// Items only move forward: suggested -> enrolled -> done. A dropped or
// done item stays as it is, so a replayed or late event changes nothing.
//
// The plan follows its items: an active or in-review plan whose items are
// all done or dropped (at least one done) is complete; a complete plan
// with an open item again (staff reopened one, or added one) is active.
// A draft stays a draft until its consultant shares it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lifelong::consulting {

enum class EnrolmentStep {
  kApplied,    // ApplicationSubmitted
  kConfirmed,  // EnrolmentConfirmed
  kCompleted,  // CourseCompleted
};

// The item's new state ("enrolled", "done"), or nullopt when it stays.
std::optional<std::string> Advance(const std::string& state,
                                   EnrolmentStep step);

// The plan's new status ("complete", "active"), or nullopt when it stays.
std::optional<std::string> PlanStatusAfter(
    const std::string& status, const std::vector<std::string>& item_states);

}  // namespace lifelong::consulting
