#include "services/community/event_tree.h"

#include "common/errors.h"

namespace lifelong::community {

absl::Status CheckNesting(EventKind child, std::optional<EventKind> parent) {
  using absl::StatusCode;
  if (child == EventKind::kOccurrence) {
    return common::Error(StatusCode::kInvalidArgument,
                         "OCCURRENCE_NOT_CREATABLE",
                         "occurrences come from a series' recurrence");
  }
  if (!parent.has_value()) return absl::OkStatus();
  if (*parent == EventKind::kSeries || *parent == EventKind::kOccurrence) {
    if (child == EventKind::kUmbrella) {
      return common::Error(StatusCode::kFailedPrecondition,
                           "UMBRELLA_IN_SERIES",
                           "a festival cannot sit inside a recurring series");
    }
    return common::Error(StatusCode::kFailedPrecondition, "PARENT_NOT_UMBRELLA",
                         "only a festival (umbrella) has sub-events");
  }
  if (*parent == EventKind::kSingle) {
    return common::Error(StatusCode::kFailedPrecondition, "PARENT_NOT_UMBRELLA",
                         "only a festival (umbrella) has sub-events");
  }
  if (child == EventKind::kUmbrella) {
    return common::Error(StatusCode::kFailedPrecondition,
                         "UMBRELLA_IN_UMBRELLA", "festivals do not nest");
  }
  return absl::OkStatus();
}

}  // namespace lifelong::community
