#include "services/enrolment/seats.h"

#include <climits>

#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/application_events.h"
#include "services/enrolment/application_store.h"

namespace lifelong::enrolment {
namespace {

namespace cv1 = lifelong::catalogue::v1;

constexpr char kTakeSeat[] = R"sql(
  UPDATE offerings SET confirmed = confirmed + 1
  WHERE id = $1 AND confirmed < capacity
  RETURNING confirmed, capacity)sql";
constexpr char kTakeWaitlistPlace[] = R"sql(
  UPDATE offerings SET waitlisted = waitlisted + 1, waitlist_size = waitlist_size + 1
  WHERE id = $1 RETURNING waitlisted, waitlist_size)sql";
constexpr char kDrawnQuota[] = R"sql(
  INSERT INTO offering_quotas (offering_id, priority_group, seats, taken)
  VALUES ($1, $2, $3, $4))sql";
constexpr char kSeatTheDraw[] = R"sql(
  UPDATE offerings SET confirmed = confirmed + $2, waitlisted = $3,
    waitlist_size = $3
  WHERE id = $1)sql";
constexpr char kClearSeats[] =
    "UPDATE offerings SET confirmed = 0, waitlist_size = 0 WHERE id = $1";
constexpr char kClearQuotaSeats[] =
    "UPDATE offering_quotas SET taken = 0 WHERE offering_id = $1";
constexpr char kReleaseSeat[] =
    "UPDATE offerings SET confirmed = confirmed - 1 WHERE id = $1";
constexpr char kReleaseQuotaSeat[] = R"sql(
  UPDATE offering_quotas SET taken = taken - 1
  WHERE offering_id = $1 AND priority_group = $2)sql";

// The facts DecidePromotion reads.
constexpr char kSeatCounts[] = R"sql(
  SELECT state, capacity, confirmed FROM offerings
  WHERE id = $1)sql";
constexpr char kQuotaSeatsLeft[] = R"sql(
  SELECT seats - taken FROM offering_quotas
  WHERE offering_id = $1 AND priority_group = $2)sql";
// The waitlist in order, with what enrolment knows of each citizen now.
constexpr char kWaitlist[] = R"sql(
  SELECT a.id::text, array_to_string(a.priority_groups, ','),
         c.id IS NOT NULL, COALESCE(c.birth_year, 0),
         COALESCE(array_to_string(c.priority_groups, ','), '')
  FROM applications a LEFT JOIN citizens c ON c.id = a.citizen_id
  WHERE a.offering_id = $1 AND a.status = 'waitlisted'
  ORDER BY a.waitlist_position LIMIT $2)sql";

// The writes; the conditional updates keep the invariants.
constexpr char kHoldSeat[] = R"sql(
  UPDATE offerings SET confirmed = confirmed + 1, waitlist_size = waitlist_size - 1
  WHERE id = $1 AND confirmed < capacity RETURNING confirmed)sql";
constexpr char kTakeQuotaSeat[] = R"sql(
  UPDATE offering_quotas SET taken = taken + 1
  WHERE offering_id = $1 AND priority_group = $2 AND taken < seats
  RETURNING taken)sql";

// Under the offering's lock.
PromotionFacts LoadPromotionFacts(pqxx::work& tx,
                                  const std::string& offering_id,
                                  events::v1::SeatOfferReason why,
                                  int preferred_group) {
  PromotionFacts facts;
  facts.why = why;
  facts.preferred_group = preferred_group;
  pqxx::result counts = tx.exec_params(kSeatCounts, offering_id);
  if (counts.empty()) return facts;
  cv1::OfferingState state = cv1::OFFERING_STATE_UNSPECIFIED;
  cv1::OfferingState_Parse(counts[0][0].as<std::string>(), &state);
  facts.state = state;
  facts.capacity = counts[0][1].as<int>();
  facts.confirmed = counts[0][2].as<int>();
  int free = facts.capacity - facts.confirmed;
  // No seat to offer: the waitlist is not read.
  if (!GivesSeats(state) || free <= 0) return facts;
  if (preferred_group != 0) {
    pqxx::result left =
        tx.exec_params(kQuotaSeatsLeft, offering_id, preferred_group);
    if (!left.empty()) facts.preferred_seats_left = left[0][0].as<int>();
  }
  for (const pqxx::row& row : tx.exec_params(
           kWaitlist, offering_id, preferred_group != 0 ? INT_MAX : free)) {
    Waiting& w = facts.waitlist.emplace_back();
    w.application_id = row[0].as<std::string>();
    w.groups_when_applied = GroupsFromText(row[1].as<std::string>());
    if (row[2].as<bool>()) {
      CitizenFacts citizen;
      citizen.birth_year = row[3].as<int>();
      citizen.priority_groups = GroupsFromText(row[4].as<std::string>());
      w.citizen = citizen;
    }
  }
  return facts;
}

}  // namespace

std::optional<SeatTaken> TakeSeat(pqxx::work& tx,
                                  const std::string& offering_id) {
  pqxx::result seat = tx.exec_params(kTakeSeat, offering_id);
  if (seat.empty()) return std::nullopt;
  return SeatTaken{seat[0][0].as<int>(), seat[0][1].as<int>()};
}

WaitlistPlace TakeWaitlistPlace(pqxx::work& tx,
                                const std::string& offering_id) {
  pqxx::row place = tx.exec_params(kTakeWaitlistPlace, offering_id)[0];
  return WaitlistPlace{place[0].as<int>(), place[1].as<int>()};
}

void SeatTheDraw(pqxx::work& tx, const std::string& offering_id,
                 const std::vector<DrawnQuota>& quotas, int seated,
                 int waitlisted) {
  for (const DrawnQuota& q : quotas)
    tx.exec_params(kDrawnQuota, offering_id, q.group, q.seats, q.taken);
  tx.exec_params(kSeatTheDraw, offering_id, seated, waitlisted);
}

void ClearSeats(pqxx::work& tx, const std::string& offering_id) {
  tx.exec_params(kClearSeats, offering_id);
  tx.exec_params(kClearQuotaSeats, offering_id);
}

void FreeSeat(pqxx::work& tx, const std::string& offering_id, int quota_group,
              const SeatPolicy& policy, events::v1::SeatOfferReason why) {
  tx.exec_params(kReleaseSeat, offering_id);
  if (quota_group != 0)
    tx.exec_params(kReleaseQuotaSeat, offering_id, quota_group);
  OfferFreeSeats(tx, offering_id, policy, why, quota_group);
}

int OfferFreeSeats(pqxx::work& tx, const std::string& offering_id,
                   const SeatPolicy& policy, events::v1::SeatOfferReason why,
                   int preferred_group) {
  PromotionFacts facts =
      LoadPromotionFacts(tx, offering_id, why, preferred_group);
  int offered = 0;
  for (const SeatOfferPlan& offer : DecidePromotion(facts, policy)) {
    if (tx.exec_params(kHoldSeat, offering_id).empty()) return offered;
    int quota = 0;
    if (offer.quota_group != 0 &&
        !tx.exec_params(kTakeQuotaSeat, offering_id, offer.quota_group)
             .empty()) {
      quota = offer.quota_group;
    }
    MarkOffered(tx, offer.application_id, offer.expires_at, quota);
    events::v1::SeatOffered event;
    *event.mutable_application() = *LoadApplication(tx, offer.application_id);
    event.set_reason(offer.reason);
    Announce(tx, offering_id, event);
    ++offered;
  }
  return offered;
}

void LeaveWaitlist(pqxx::work& tx, const std::string& offering_id) {
  tx.exec_params(
      "UPDATE offerings SET waitlist_size = waitlist_size - 1 WHERE id = $1",
      offering_id);
}

}  // namespace lifelong::enrolment
