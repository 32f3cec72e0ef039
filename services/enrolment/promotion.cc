#include "services/enrolment/promotion.h"

#include <algorithm>

namespace lifelong::enrolment {

namespace cv1 = lifelong::catalogue::v1;

bool GivesSeats(cv1::OfferingState state) {
  return state == cv1::OFFERING_STATE_PUBLISHED ||
         state == cv1::OFFERING_STATE_RUNNING;
}

bool IsMemberNow(const Waiting& w, int group, int current_year) {
  if (group == 0) return false;
  if (w.citizen) return GroupsOf(*w.citizen, current_year).count(group) > 0;
  return w.groups_when_applied.count(group) > 0;
}

std::vector<SeatOfferPlan> DecidePromotion(const PromotionFacts& f,
                                           const SeatPolicy& policy) {
  std::vector<SeatOfferPlan> offers;
  if (!GivesSeats(f.state)) return offers;
  int free = std::max(0, f.capacity - f.confirmed);
  std::vector<const Waiting*> line;
  for (const Waiting& w : f.waitlist) line.push_back(&w);
  // Rule 3: the longest-waiting member of the freed seat's group first.
  bool member_first = false;
  if (f.preferred_group != 0) {
    auto member = std::find_if(line.begin(), line.end(), [&](const Waiting* w) {
      return IsMemberNow(*w, f.preferred_group, policy.current_year);
    });
    if (member != line.end()) {
      std::rotate(line.begin(), member, member + 1);
      member_first = true;
    }
  }
  for (size_t i = 0; i < line.size() && static_cast<int>(i) < free; ++i) {
    SeatOfferPlan offer;
    offer.application_id = line[i]->application_id;
    if (i == 0 && member_first && f.preferred_seats_left > 0)
      offer.quota_group = f.preferred_group;
    offer.expires_at = policy.now + policy.offer_seconds;
    offer.reason = f.why;
    offers.push_back(offer);
  }
  return offers;
}

}  // namespace lifelong::enrolment
