// ConfirmBooking, RejectBooking, CancelBooking, ReassignBooking,
// RecordNoShow, CompleteBooking: a booking's state changes, each from the
// state it expects, on the booking's locked row.
#include "common/errors.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "common/text.h"
#include "lifelong/consulting/events/v1/consulting_events.pb.h"
#include "services/consulting/consulting_service.h"

namespace lifelong::consulting {
namespace {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;
namespace ev = lifelong::consulting::events::v1;

constexpr char kSetStatus[] = R"sql(
  UPDATE bookings SET status = $2, version = version + 1 WHERE id = $1
  RETURNING )sql";
constexpr char kReject[] = R"sql(
  UPDATE bookings SET status = 'rejected', cancelled_by = $2,
    cancel_reason = $3, version = version + 1
  WHERE id = $1 RETURNING )sql";
constexpr char kCancel[] = R"sql(
  UPDATE bookings SET status = 'cancelled', cancelled_by = $2,
    cancel_reason = $3, version = version + 1
  WHERE id = $1 RETURNING )sql";
constexpr char kReleaseSeat[] = R"sql(
  UPDATE group_occurrences SET taken = taken - 1
  WHERE occupancy = $1 AND taken > 0)sql";
constexpr char kConsultantCentre[] = R"sql(
  SELECT centre FROM consultants WHERE id = $1 AND active)sql";
constexpr char kLockTwo[] = R"sql(
  SELECT id FROM consultants WHERE id = ANY($1::uuid[]) ORDER BY id
  FOR UPDATE)sql";
constexpr char kReassign[] = R"sql(
  UPDATE bookings SET consultant_id = $2, centre = $3,
    shared_with_centre = $4, assignment_reason = $5, assignment_detail = $6,
    reassign_reason = $7, version = version + 1
  WHERE id = $1 RETURNING )sql";
// The consultant's held, pending or confirmed time that meets booking $2's
// (buffers included).
constexpr char kBusy[] = R"sql(
  SELECT 1 FROM bookings b, bookings moving
  WHERE moving.id = $2 AND b.consultant_id = $1
    AND b.status IN ('held', 'pending', 'confirmed')
    AND b.occupied && moving.occupied
  LIMIT 1)sql";
constexpr char kNoShow[] = R"sql(
  UPDATE bookings SET citizen_no_show = citizen_no_show OR $2,
    consultant_no_show = consultant_no_show OR $3, version = version + 1
  WHERE id = $1 RETURNING )sql";

// Request id, booking name, and a reason of at most 500 characters
// (required when `reason_required`).
FieldViolations Validate(const std::string& request_id,
                         const std::string& booking, const std::string& reason,
                         bool reason_required) {
  FieldViolations v;
  common::ValidateRequestId(request_id, v);
  common::UuidOf(booking, "bookings", "booking", v);
  if (reason_required && reason.empty()) {
    v.Add("reason", "REQUIRED", "a reason is required");
  }
  if (common::CodePoints(reason) > 500)
    v.Add("reason", "TOO_LONG", "at most 500 characters");
  return v;
}

template <typename Response>
Response With(const BookingRow& row) {
  Response response;
  *response.mutable_booking() = BookingOf(row);
  return response;
}

}  // namespace

absl::StatusOr<BookingRow> ConsultingService::BookingForChange(
    pqxx::work& tx, const common::Caller& caller, const std::string& name,
    bool staff_only) {
  std::string id = name.substr(name.find('/') + 1);
  std::optional<BookingRow> row = LoadBooking(tx, id, true);
  if (!row || !MaySee(caller, *row)) {
    return Error(StatusCode::kNotFound, "BOOKING_NOT_FOUND", "no such booking");
  }
  bool own = caller.account == "citizens/" + row->citizen_id;
  if (!MayManage(caller, *row) && (staff_only || !own)) {
    return Error(StatusCode::kPermissionDenied, "NOT_CENTRE_STAFF",
                 "only the booking centre's staff or its consultant may");
  }
  return *row;
}

absl::StatusOr<v1::ConfirmBookingResponse> ConsultingService::ConfirmBooking(
    const common::Caller& caller, const v1::ConfirmBookingRequest& r) {
  FieldViolations v = Validate(r.request_id(), r.booking(), "", false);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ConfirmBookingResponse> {
        return common::Idempotent<v1::ConfirmBookingResponse>(
            tx,
            {caller.account, "ConfirmBooking", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::ConfirmBookingResponse> {
              absl::StatusOr<BookingRow> row =
                  BookingForChange(tx, caller, r.booking(), true);
              if (!row.ok()) return row.status();
              if (row->status != "pending") {
                return Error(StatusCode::kFailedPrecondition, "NOT_PENDING",
                             "only a pending request can be confirmed");
              }
              BookingRow done = BookingRowOf(
                  tx.exec_params(std::string(kSetStatus) + kBookingColumns,
                                 row->id, "confirmed")[0]);
              ev::BookingConfirmed event;
              *event.mutable_booking() = FactsOf(done);
              Announce(tx, done.id, event);
              return With<v1::ConfirmBookingResponse>(done);
            });
      });
}

absl::StatusOr<v1::RejectBookingResponse> ConsultingService::RejectBooking(
    const common::Caller& caller, const v1::RejectBookingRequest& r) {
  FieldViolations v = Validate(r.request_id(), r.booking(), r.reason(), true);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::RejectBookingResponse> {
        return common::Idempotent<v1::RejectBookingResponse>(
            tx,
            {caller.account, "RejectBooking", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::RejectBookingResponse> {
              absl::StatusOr<BookingRow> row =
                  BookingForChange(tx, caller, r.booking(), true);
              if (!row.ok()) return row.status();
              if (row->status != "pending") {
                return Error(StatusCode::kFailedPrecondition, "NOT_PENDING",
                             "only a pending request can be rejected");
              }
              BookingRow done = BookingRowOf(
                  tx.exec_params(std::string(kReject) + kBookingColumns,
                                 row->id, caller.account, r.reason())[0]);
              if (done.group()) tx.exec_params(kReleaseSeat, done.occupancy);
              ev::BookingRejected event;
              *event.mutable_booking() = FactsOf(done);
              event.set_rejected_by(caller.account);
              Announce(tx, done.id, event);
              return With<v1::RejectBookingResponse>(done);
            });
      });
}

absl::StatusOr<v1::CancelBookingResponse> ConsultingService::CancelBooking(
    const common::Caller& caller, const v1::CancelBookingRequest& r) {
  FieldViolations v = Validate(r.request_id(), r.booking(), r.reason(), false);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::CancelBookingResponse> {
        return common::Idempotent<v1::CancelBookingResponse>(
            tx,
            {caller.account, "CancelBooking", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::CancelBookingResponse> {
              absl::StatusOr<BookingRow> row =
                  BookingForChange(tx, caller, r.booking(), false);
              if (!row.ok()) return row.status();
              if (!row->active()) {
                return Error(StatusCode::kFailedPrecondition,
                             row->status == "cancelled" ? "ALREADY_CANCELLED"
                                                        : "NOT_ACTIVE",
                             "the booking is " + row->status);
              }
              bool staff = MayManage(caller, *row);
              std::optional<v1::SessionType> type =
                  LoadSessionType(tx, row->session_type_id);
              bool inside_notice =
                  Now() + type->cancel_notice_minutes() * 60LL > row->start;
              if (inside_notice && row->status != "held") {
                if (!staff) {
                  return Error(StatusCode::kFailedPrecondition,
                               "CANCELLATION_TOO_LATE",
                               "too close to the session to cancel; ask the "
                               "centre");
                }
                if (r.reason().empty()) {
                  FieldViolations missing;
                  missing.Add("reason", "REQUIRED",
                              "staff cancelling inside the notice give a "
                              "reason");
                  return missing.ToStatus();
                }
              }
              BookingRow done = BookingRowOf(
                  tx.exec_params(std::string(kCancel) + kBookingColumns,
                                 row->id, caller.account, r.reason())[0]);
              if (done.group()) tx.exec_params(kReleaseSeat, done.occupancy);
              if (row->status != "held") {
                ev::BookingCancelled event;
                *event.mutable_booking() = FactsOf(done);
                event.set_cancelled_by(caller.account);
                event.set_inside_notice(inside_notice);
                Announce(tx, done.id, event);
              }
              return With<v1::CancelBookingResponse>(done);
            });
      });
}

absl::StatusOr<v1::ReassignBookingResponse> ConsultingService::ReassignBooking(
    const common::Caller& caller, const v1::ReassignBookingRequest& r) {
  FieldViolations v = Validate(r.request_id(), r.booking(), r.reason(), true);
  std::string consultant_id =
      common::UuidOf(r.consultant(), "staff", "consultant", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::ReassignBookingResponse> {
        return common::Idempotent<v1::ReassignBookingResponse>(
            tx,
            {caller.account, "ReassignBooking", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::ReassignBookingResponse> {
              absl::StatusOr<BookingRow> row =
                  BookingForChange(tx, caller, r.booking(), true);
              if (!row.ok()) return row.status();
              absl::StatusOr<BookingRow> done =
                  MoveBooking(tx, *row,
                              {consultant_id, v1::ASSIGNMENT_REASON_REASSIGNED,
                               "reassigned by " + caller.account, r.reason(),
                               caller.account});
              if (!done.ok()) return done.status();
              return With<v1::ReassignBookingResponse>(*done);
            });
      });
}

absl::StatusOr<BookingRow> ConsultingService::MoveBooking(pqxx::work& tx,
                                                          const BookingRow& row,
                                                          const Move& move) {
  if (row.status != "pending" && row.status != "confirmed") {
    return Error(StatusCode::kFailedPrecondition, "NOT_ACTIVE",
                 "only pending or confirmed bookings move");
  }
  if (row.group()) {
    return Error(StatusCode::kFailedPrecondition, "GROUP_SESSION",
                 "a seat of a group session cannot be reassigned");
  }
  pqxx::result centre = tx.exec_params(kConsultantCentre, move.consultant_id);
  if (centre.empty()) {
    return Error(StatusCode::kNotFound, "UNKNOWN_CONSULTANT",
                 "no such consultant");
  }
  if (move.consultant_id == row.consultant_id) {
    return Error(StatusCode::kFailedPrecondition, "SAME_CONSULTANT",
                 "the booking is theirs already");
  }
  // Both consultants' rows, in id order: reservations take them too, so
  // the new consultant's time cannot be taken meanwhile.
  tx.exec_params(kLockTwo,
                 ArrayLiteral({move.consultant_id, row.consultant_id}));
  std::string new_centre = centre[0][0].as<std::string>();
  int day = LocalDayOf(row.start);
  Loaded hours =
      LoadFacts(tx, {{new_centre}, {move.consultant_id}, day, day, Now(), ""});
  SlotVerdict verdict =
      CheckHours(hours.facts, move.consultant_id, row.start, row.end);
  if (verdict != SlotVerdict::kFree) {
    return Error(StatusCode::kFailedPrecondition, ReasonOf(verdict),
                 "the new consultant does not work then");
  }
  if (!tx.exec_params(kBusy, move.consultant_id, row.id).empty()) {
    return Error(StatusCode::kFailedPrecondition, "SLOT_TAKEN",
                 "the new consultant is booked at that time");
  }
  pqxx::result updated = tx.exec_params(
      std::string(kReassign) + kBookingColumns, row.id, move.consultant_id,
      new_centre,
      new_centre == row.centre ? row.shared_with_centre : row.centre,
      static_cast<int>(move.why), move.detail, move.reason);
  BookingRow done = BookingRowOf(updated[0]);
  ev::BookingReassigned event;
  *event.mutable_booking() = FactsOf(done);
  event.set_previous_consultant("staff/" + row.consultant_id);
  event.set_previous_centre("centres/" + row.centre);
  event.set_reassigned_by(move.by);
  Announce(tx, done.id, event);
  return done;
}

absl::StatusOr<v1::RecordNoShowResponse> ConsultingService::RecordNoShow(
    const common::Caller& caller, const v1::RecordNoShowRequest& r) {
  FieldViolations v = Validate(r.request_id(), r.booking(), "", false);
  if (r.party() != v1::NO_SHOW_PARTY_CITIZEN &&
      r.party() != v1::NO_SHOW_PARTY_CONSULTANT) {
    v.Add("party", "REQUIRED", "citizen or consultant");
  }
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::RecordNoShowResponse> {
        return common::Idempotent<v1::RecordNoShowResponse>(
            tx,
            {caller.account, "RecordNoShow", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::RecordNoShowResponse> {
              absl::StatusOr<BookingRow> row =
                  BookingForChange(tx, caller, r.booking(), true);
              if (!row.ok()) return row.status();
              if (row->status != "confirmed" && row->status != "completed") {
                return Error(StatusCode::kFailedPrecondition, "NOT_ACTIVE",
                             "no-shows are recorded for confirmed sessions "
                             "only, never for a cancelled one");
              }
              if (Now() < row->start) {
                return Error(StatusCode::kFailedPrecondition, "TOO_EARLY",
                             "the session has not started");
              }
              bool citizen = r.party() == v1::NO_SHOW_PARTY_CITIZEN;
              BookingRow done = BookingRowOf(
                  tx.exec_params(std::string(kNoShow) + kBookingColumns,
                                 row->id, citizen, !citizen)[0]);
              ev::NoShowRecorded event;
              *event.mutable_booking() = FactsOf(done);
              event.set_party(citizen ? ev::NO_SHOW_PARTY_CITIZEN
                                      : ev::NO_SHOW_PARTY_CONSULTANT);
              event.set_recorded_by(caller.account);
              Announce(tx, done.id, event);
              return With<v1::RecordNoShowResponse>(done);
            });
      });
}

absl::StatusOr<v1::CompleteBookingResponse> ConsultingService::CompleteBooking(
    const common::Caller& caller, const v1::CompleteBookingRequest& r) {
  FieldViolations v = Validate(r.request_id(), r.booking(), "", false);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::CompleteBookingResponse> {
        return common::Idempotent<v1::CompleteBookingResponse>(
            tx,
            {caller.account, "CompleteBooking", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::CompleteBookingResponse> {
              absl::StatusOr<BookingRow> row =
                  BookingForChange(tx, caller, r.booking(), true);
              if (!row.ok()) return row.status();
              if (row->status != "confirmed") {
                return Error(StatusCode::kFailedPrecondition, "NOT_ACTIVE",
                             "only a confirmed session can be completed");
              }
              if (Now() < row->start) {
                return Error(StatusCode::kFailedPrecondition, "TOO_EARLY",
                             "the session has not started");
              }
              BookingRow done = BookingRowOf(
                  tx.exec_params(std::string(kSetStatus) + kBookingColumns,
                                 row->id, "completed")[0]);
              ev::BookingCompleted event;
              *event.mutable_booking() = FactsOf(done);
              Announce(tx, done.id, event);
              return With<v1::CompleteBookingResponse>(done);
            });
      });
}

}  // namespace lifelong::consulting
