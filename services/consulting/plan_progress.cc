#include "services/consulting/plan_progress.h"

namespace lifelong::consulting {

std::optional<std::string> Advance(const std::string& state,
                                   EnrolmentStep step) {
  if (state == "dropped" || state == "done") return std::nullopt;
  if (step == EnrolmentStep::kCompleted) return "done";
  if (state == "suggested") return "enrolled";
  return std::nullopt;
}

}  // namespace lifelong::consulting
