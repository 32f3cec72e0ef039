#include "services/consulting/plan_progress.h"

namespace lifelong::consulting {

std::optional<std::string> Advance(const std::string& state,
                                   EnrolmentStep step) {
  if (state == "dropped" || state == "done") return std::nullopt;
  if (step == EnrolmentStep::kCompleted) return "done";
  if (state == "suggested") return "enrolled";
  return std::nullopt;
}

std::optional<std::string> PlanStatusAfter(
    const std::string& status, const std::vector<std::string>& item_states) {
  bool any_done = false, all_closed = true;
  for (const std::string& state : item_states) {
    any_done = any_done || state == "done";
    all_closed = all_closed && (state == "done" || state == "dropped");
  }
  bool finished = any_done && all_closed;
  if (finished && (status == "active" || status == "in_review")) {
    return "complete";
  }
  if (!finished && status == "complete") return "active";
  return std::nullopt;
}

}  // namespace lifelong::consulting
