// The lottery draw (추첨), "lifelong-draw-v1": a pure function of the seed,
// the entries and the quotas, so that anyone holding the audit record can
// recompute it (enrolment_service.proto, message Draw, says it in words):
//   1. rank key = SHA-256(seed || application uuid as 36 lowercase ASCII
//      characters); entries ranked by key, ascending (bytes compared);
//   2. quotas, in the order given: each seats, in rank order, entries of its
//      group not yet seated, up to min(its seats, seats left);
//   3. the general pool seats the rest of the seats (reserved seats left
//      unfilled included) in rank order;
//   4. everyone else is waitlisted in rank order, positions 1, 2, ...
// An entry's priority groups are those that hold when the draw runs, not
// when the citizen applied: their claims verified at that moment (from
// identity's restricted priority topic) plus OVER_65 derived from the birth
// year in the draw's year. A claim verified after applying counts; one
// rejected or revoked before the draw does not. The caller (closing.cc)
// loads them in the draw's transaction, stores them on the applications and
// lists them in the audit record (DrawEntry.priority_groups, staff only), so
// the record recomputes the draw. A reserved seat freed later goes to a
// member by the groups verified at that time (seats.h), by the same rule.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace lifelong::enrolment {

inline constexpr char kDrawAlgorithm[] = "lifelong-draw-v1";

struct DrawEntryInput {
  std::string application_id;  // lowercase uuid
  std::set<int> priority_groups;
};

struct DrawQuota {
  int group = 0;
  int seats = 0;
};

struct DrawOutcome {
  std::string application_id;
  std::string rank_key;  // hex
  bool seated = false;
  int quota_group = 0;        // the quota that seated it; 0: general
  int waitlist_position = 0;  // when not seated
};

// The outcomes in rank order. `seed` is raw bytes.
std::vector<DrawOutcome> RunDraw(const std::string& seed,
                                 const std::vector<DrawEntryInput>& entries,
                                 const std::vector<DrawQuota>& quotas,
                                 int seats);

}  // namespace lifelong::enrolment
