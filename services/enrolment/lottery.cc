#include "services/enrolment/lottery.h"

#include <algorithm>

#include "common/hex_digest.h"

namespace lifelong::enrolment {

std::vector<DrawOutcome> RunDraw(const std::string& seed,
                                 const std::vector<DrawEntryInput>& entries,
                                 const std::vector<DrawQuota>& quotas,
                                 int seats) {
  // Hex keys of equal length order as their bytes do.
  std::vector<std::pair<std::string, const DrawEntryInput*>> ranked;
  ranked.reserve(entries.size());
  for (const DrawEntryInput& e : entries) {
    ranked.emplace_back(common::Sha256Hex(seed + e.application_id), &e);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first
               ? a.first < b.first
               : a.second->application_id < b.second->application_id;
  });
  std::vector<DrawOutcome> out(ranked.size());
  for (size_t i = 0; i < ranked.size(); ++i) {
    out[i].application_id = ranked[i].second->application_id;
    out[i].rank_key = ranked[i].first;
  }
  int left = std::max(seats, 0);
  for (const DrawQuota& q : quotas) {
    int take = std::min(q.seats, left);
    for (size_t i = 0; i < out.size() && take > 0; ++i) {
      if (!out[i].seated && ranked[i].second->priority_groups.count(q.group)) {
        out[i].seated = true;
        out[i].quota_group = q.group;
        --take;
        --left;
      }
    }
  }
  int position = 0;
  for (DrawOutcome& o : out) {
    if (o.seated) continue;
    if (left > 0) {
      o.seated = true;
      --left;
    } else {
      o.waitlist_position = ++position;
    }
  }
  return out;
}

}  // namespace lifelong::enrolment
