#include "services/enrolment/seats.h"

#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/application_rows.h"

namespace lifelong::enrolment {
namespace {

constexpr char kReleaseSeat[] =
    "UPDATE offerings SET confirmed = confirmed - 1 WHERE id = $1";
constexpr char kReleaseQuotaSeat[] = R"sql(
  UPDATE offering_quotas SET taken = taken - 1
  WHERE offering_id = $1 AND priority_group = $2)sql";
// Only an open offering gives seats; the one waiting longest goes first,
// a member of the freed seat's group before them when there is one.
// Membership is by the citizen's groups verified now (OVER_65 derived from
// the birth year, $3 the current year, $4 OVER_65), as the draw counts
// them.
constexpr char kNextInLine[] = R"sql(
  SELECT a.id::text,
         $2::int <> 0 AND COALESCE(
           $2::int = ANY(c.priority_groups) OR
           ($2::int = $4::int AND $3::int - c.birth_year >= 65),
           $2::int = ANY(a.priority_groups))
  FROM applications a JOIN offerings o ON o.id = a.offering_id
  LEFT JOIN citizens c ON c.id = a.citizen_id
  WHERE a.offering_id = $1 AND a.status = 'waitlisted'
    AND o.state IN ('OFFERING_STATE_PUBLISHED', 'OFFERING_STATE_RUNNING')
    AND o.confirmed < o.capacity
  ORDER BY 2 DESC, a.waitlist_position LIMIT 1)sql";
constexpr char kHoldSeat[] = R"sql(
  UPDATE offerings SET confirmed = confirmed + 1, waitlist_size = waitlist_size - 1
  WHERE id = $1 AND confirmed < capacity RETURNING confirmed)sql";
constexpr char kTakeQuotaSeat[] = R"sql(
  UPDATE offering_quotas SET taken = taken + 1
  WHERE offering_id = $1 AND priority_group = $2 AND taken < seats
  RETURNING taken)sql";
constexpr char kOffer[] = R"sql(
  UPDATE applications SET status = 'offered', waitlist_position = NULL,
    offer_expires_at = to_timestamp($2), quota_group = NULLIF($3, 0)
  WHERE id = $1)sql";

}  // namespace

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
  int offered = 0;
  for (;;) {
    pqxx::result next =
        tx.exec_params(kNextInLine, offering_id,
                       offered == 0 ? preferred_group : 0, policy.current_year,
                       static_cast<int>(catalogue::v1::PRIORITY_GROUP_OVER_65));
    if (next.empty()) return offered;
    if (tx.exec_params(kHoldSeat, offering_id).empty()) return offered;
    std::string id = next[0][0].as<std::string>();
    int quota = 0;
    if (next[0][1].as<bool>() &&
        !tx.exec_params(kTakeQuotaSeat, offering_id, preferred_group).empty()) {
      quota = preferred_group;
    }
    tx.exec_params(kOffer, id, policy.now + policy.offer_seconds, quota);
    events::v1::SeatOffered event;
    *event.mutable_application() = *LoadApplication(tx, id);
    event.set_reason(why);
    Announce(tx, offering_id, event);
    ++offered;
  }
}

void LeaveWaitlist(pqxx::work& tx, const std::string& offering_id) {
  tx.exec_params(
      "UPDATE offerings SET waitlist_size = waitlist_size - 1 WHERE id = $1",
      offering_id);
}

}  // namespace lifelong::enrolment
