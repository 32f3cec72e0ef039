#include "services/enrolment/cancellation.h"

#include <map>

#include "common/errors.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "common/text.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/cancel_decision.h"
#include "services/enrolment/enrolment_service.h"

namespace lifelong::enrolment {
namespace {

namespace cv1 = lifelong::catalogue::v1;

// Every live application of an offering, locked, with its status before.
constexpr char kLiveOfOffering[] = R"sql(
  SELECT id::text, status FROM applications
  WHERE offering_id = $1 AND status IN ('applied', 'confirmed', 'waitlisted', 'offered')
  ORDER BY created_at, id FOR UPDATE)sql";
constexpr char kCancelAll[] = R"sql(
  UPDATE applications SET status = 'cancelled', waitlist_position = NULL,
    offer_expires_at = NULL, cancelled_by = 'catalogue', cancel_reason = $2
  WHERE offering_id = $1 AND status IN ('applied', 'confirmed', 'waitlisted', 'offered'))sql";
// The read model keeps it from the catalogue's sessions.
constexpr char kFirstSession[] =
    "SELECT COALESCE(EXTRACT(EPOCH FROM first_session_at)::bigint, 0) FROM "
    "offerings WHERE id = $1";

void AnnounceCancelled(pqxx::work& tx, const std::string& offering_id,
                       const std::string& application_id, bool seat_freed) {
  events::v1::EnrolmentCancelled event;
  *event.mutable_application() = *LoadApplication(tx, application_id);
  event.set_seat_freed(seat_freed);
  Announce(tx, offering_id, event);
}

}  // namespace

void CancelEveryApplication(pqxx::work& tx, const std::string& offering_id,
                            const std::string& reason) {
  pqxx::result live = tx.exec_params(kLiveOfOffering, offering_id);
  if (live.empty()) return;
  tx.exec_params(kCancelAll, offering_id, reason);
  std::map<std::string, v1::Application> cancelled;
  for (const pqxx::row& row : tx.exec_params(
           std::string("SELECT ") + kApplicationColumns +
               " FROM applications a WHERE a.offering_id = $1 AND "
               "a.status = 'cancelled' AND a.cancelled_by = 'catalogue'",
           offering_id)) {
    cancelled[row[0].as<std::string>()] = ApplicationOf(row);
  }
  for (const pqxx::row& row : live) {
    events::v1::EnrolmentCancelled event;
    *event.mutable_application() = cancelled[row[0].as<std::string>()];
    event.set_seat_freed(HoldsSeat(StatusOf(row[1].as<std::string>())));
    Announce(tx, offering_id, event);
  }
  ClearSeats(tx, offering_id);
}

absl::StatusOr<v1::CancelApplicationResponse>
EnrolmentService::CancelApplication(const common::Caller& caller,
                                    const v1::CancelApplicationRequest& r) {
  common::FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = common::UuidOf(r.name(), "applications", "name", v);
  if (common::CodePoints(r.reason()) > 500)
    v.Add("reason", "TOO_LONG", "at most 500 characters");
  if (!v.empty()) return v.ToStatus();
  common::IdempotencyKey key{caller.account, "CancelApplication",
                             r.request_id(), common::Fingerprint(r)};
  return common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::CancelApplicationResponse>(
        tx, key, [&]() -> absl::StatusOr<v1::CancelApplicationResponse> {
          // The facts (as of the locks), then the decision
          // (cancel_decision.h), then the writes.
          std::optional<v1::Application> before = LoadApplication(tx, id);
          std::optional<cv1::Offering> offering;
          int64_t first_session = 0;
          if (before) {
            std::string offering_id = IdOf(before->offering());
            // The offering's row first, as every seat move locks it first.
            offering = LoadOffering(tx, offering_id, true);
            before = LockApplication(tx, id);
            first_session =
                tx.exec_params(kFirstSession, offering_id)[0][0].as<int64_t>();
          }
          CancelFacts facts;
          facts.application = before ? &*before : nullptr;
          facts.own = before && before->citizen() == caller.account;
          facts.staff_of_centre =
              offering &&
              caller.HasIn(common::kRoleCentreStaff, offering->centre());
          facts.first_session = first_session;
          facts.cutoff_hours = options_.cancel_cutoff_hours;
          facts.now = options_.now();
          absl::StatusOr<CancelDecision> decision =
              DecideCancel(facts, r.name());
          if (!decision.ok()) return decision.status();

          std::string offering_id = IdOf(before->offering());
          MarkCancelled(tx, id, caller.account, r.reason());
          // The cancellation is announced before the seat it frees is
          // offered on: per offering, events come in causal order.
          AnnounceCancelled(tx, offering_id, id, decision->seat_freed);
          if (decision->seat_freed) {
            FreeSeat(tx, offering_id, decision->quota_group, seat_policy(),
                     decision->offer_reason);
          } else if (decision->leaves_waitlist) {
            LeaveWaitlist(tx, offering_id);
          }
          v1::CancelApplicationResponse response;
          *response.mutable_application() = *LoadApplication(tx, id);
          return response;
        });
  });
}

}  // namespace lifelong::enrolment
