#include "services/enrolment/cancellation.h"

#include <map>

#include "common/errors.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "common/text.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/enrolment_service.h"

namespace lifelong::enrolment {
namespace {

using absl::StatusCode;
using common::Error;
namespace cv1 = lifelong::catalogue::v1;

constexpr char kCancel[] = R"sql(
  UPDATE applications SET status = 'cancelled', waitlist_position = NULL,
    offer_expires_at = NULL, cancelled_by = $2, cancel_reason = $3
  WHERE id = $1)sql";

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

bool HoldsSeat(v1::ApplicationStatus s) {
  return s == v1::APPLICATION_STATUS_CONFIRMED ||
         s == v1::APPLICATION_STATUS_OFFERED;
}

bool IsLive(v1::ApplicationStatus s) {
  return HoldsSeat(s) || s == v1::APPLICATION_STATUS_WAITLISTED ||
         s == v1::APPLICATION_STATUS_APPLIED;
}

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
  tx.exec_params(
      "UPDATE offerings SET confirmed = 0, waitlist_size = 0 WHERE id = $1",
      offering_id);
  tx.exec_params("UPDATE offering_quotas SET taken = 0 WHERE offering_id = $1",
                 offering_id);
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
          std::optional<v1::Application> before = LoadApplication(tx, id);
          // The offering's row first, as every seat move locks it first.
          std::optional<cv1::Offering> offering;
          if (before)
            offering = LoadOffering(tx, IdOf(before->offering()), true);
          bool own = before && before->citizen() == caller.account;
          bool staff = offering && caller.HasIn(common::kRoleCentreStaff,
                                                offering->centre());
          if (!before || (!own && !staff)) {
            return Error(StatusCode::kNotFound, "APPLICATION_NOT_FOUND",
                         r.name());
          }
          tx.exec_params("SELECT 1 FROM applications WHERE id = $1 FOR UPDATE",
                         id);
          before = LoadApplication(tx, id);  // as of the lock
          if (!IsLive(before->status())) {
            return Error(StatusCode::kFailedPrecondition, "NOT_CANCELLABLE",
                         "the application is " +
                             v1::ApplicationStatus_Name(before->status()));
          }
          // Citizens cancel until the cut-off; staff withdraw at any time.
          std::string offering_id = IdOf(before->offering());
          int64_t first_session =
              tx.exec_params(kFirstSession, offering_id)[0][0].as<int64_t>();
          int64_t cutoff =
              first_session - int64_t{options_.cancel_cutoff_hours} * 3600;
          if (!staff && first_session > 0 && options_.now() >= cutoff) {
            return Error(StatusCode::kFailedPrecondition, "CANCELLATION_CLOSED",
                         "citizens may cancel until " +
                             std::to_string(options_.cancel_cutoff_hours) +
                             " hours before the first session; ask the centre");
          }
          tx.exec_params(kCancel, id, caller.account, r.reason());
          bool seat = HoldsSeat(before->status());
          // The cancellation is announced before the seat it frees is
          // offered on: per offering, events come in causal order.
          AnnounceCancelled(tx, offering_id, id, seat);
          if (seat) {
            FreeSeat(tx, offering_id, before->quota_group(), seat_policy(),
                     own ? events::v1::SEAT_OFFER_REASON_CANCELLATION
                         : events::v1::SEAT_OFFER_REASON_STAFF_WITHDRAWAL);
          } else if (before->status() == v1::APPLICATION_STATUS_WAITLISTED) {
            LeaveWaitlist(tx, offering_id);
          }
          v1::CancelApplicationResponse response;
          *response.mutable_application() = *LoadApplication(tx, id);
          return response;
        });
  });
}

}  // namespace lifelong::enrolment
