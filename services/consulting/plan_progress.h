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
#pragma once

#include <optional>
#include <string>

namespace lifelong::consulting {

enum class EnrolmentStep {
  kApplied,    // ApplicationSubmitted
  kConfirmed,  // EnrolmentConfirmed
  kCompleted,  // CourseCompleted
};

// The item's new state ("enrolled", "done"), or nullopt when it stays.
std::optional<std::string> Advance(const std::string& state,
                                   EnrolmentStep step);

}  // namespace lifelong::consulting
