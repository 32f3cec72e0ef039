// Which event may sit under which, after Linked Events: umbrella ⊃ series ⊃
// occurrence, and an umbrella also over single events. A festival
// (umbrella) may contain recurring series, never the reverse; occurrences
// are made by the service from a series' recurrence, never created
// directly; umbrellas do not nest.
//
//   if (absl::Status s = CheckNesting(EventKind::kUmbrella,
//                                     EventKind::kSeries); !s.ok()) ...
//   // FAILED_PRECONDITION UMBRELLA_IN_SERIES
#pragma once

#include <optional>

#include "absl/status/status.h"

namespace lifelong::community {

enum class EventKind { kSingle, kUmbrella, kSeries, kOccurrence };

// `parent` is nullopt for a top-level event. Errors: INVALID_ARGUMENT
// OCCURRENCE_NOT_CREATABLE; FAILED_PRECONDITION UMBRELLA_IN_SERIES,
// UMBRELLA_IN_UMBRELLA, PARENT_NOT_UMBRELLA.
absl::Status CheckNesting(EventKind child, std::optional<EventKind> parent);

}  // namespace lifelong::community
