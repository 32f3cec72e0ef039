// HoldSlot, BookSlot, RescheduleBooking: reserving a slot.
#include <set>

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

constexpr char kConsultantActive[] = R"sql(
  SELECT centre FROM consultants WHERE id = $1 AND active)sql";
constexpr char kAwayOn[] = R"sql(
  SELECT COALESCE(colleague_id::text, '') FROM out_of_office
  WHERE consultant_id = $1
    AND DATE '1970-01-01' + $2::int BETWEEN first_day AND last_day
  LIMIT 1)sql";
constexpr char kCentreConsultants[] = R"sql(
  SELECT id::text FROM consultants WHERE active AND centre = $1 ORDER BY id)sql";
// Locks the candidates in id order: reservations never deadlock on them.
constexpr char kLockConsultants[] = R"sql(
  SELECT id::text, COALESCE(EXTRACT(EPOCH FROM last_assigned_at)::bigint, 0)
  FROM consultants WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE)sql";
// One citizen's reservations run one at a time (the open-bookings limit).
constexpr char kLockCitizen[] = R"sql(
  SELECT pg_advisory_xact_lock(hashtextextended('consulting-citizen:' || $1, 0)))sql";
// Lapsed holds of these consultants or this citizen stop blocking time now,
// not only when the periodic task comes by.
constexpr char kExpireLapsedHoldsOf[] = R"sql(
  WITH expired AS (
    UPDATE bookings SET status = 'expired', version = version + 1
    WHERE id IN (SELECT id FROM bookings
                 WHERE status = 'held' AND hold_expires_at <= to_timestamp($1)
                   AND (consultant_id = ANY($2::uuid[]) OR citizen_id = $3::uuid)
                 FOR UPDATE SKIP LOCKED)
    RETURNING occupancy),
  freed AS (
    UPDATE group_occurrences g SET taken = g.taken - f.n
    FROM (SELECT occupancy, count(*)::int AS n FROM expired GROUP BY occupancy) f
    WHERE g.occupancy = f.occupancy RETURNING 1)
  SELECT count(*) FROM expired)sql";
constexpr char kOpenBookings[] = R"sql(
  SELECT
    (SELECT count(*) FROM bookings
     WHERE citizen_id = $1 AND start_at > to_timestamp($2)
       AND (status IN ('pending', 'confirmed')
            OR (status = 'held' AND hold_expires_at > to_timestamp($2)))),
    (SELECT count(*) FROM bookings
     WHERE citizen_id = $1 AND citizen_no_show
       AND start_at > to_timestamp($2) - make_interval(days => $3)))sql";
constexpr char kAddGroupOccurrence[] = R"sql(
  INSERT INTO group_occurrences (occupancy, seats) VALUES ($1, $2)
  ON CONFLICT (occupancy) DO NOTHING)sql";
constexpr char kTakeSeat[] = R"sql(
  UPDATE group_occurrences SET taken = taken + 1
  WHERE occupancy = $1 AND taken < seats RETURNING taken)sql";
constexpr char kReleaseSeat[] = R"sql(
  UPDATE group_occurrences SET taken = taken - 1
  WHERE occupancy = $1 AND taken > 0)sql";
constexpr char kInsertBooking[] = R"sql(
  WITH new AS (SELECT gen_random_uuid() AS id)
  INSERT INTO bookings (
    id, consultant_id, centre, session_type_id, citizen_id, status, start_at,
    end_at, buffer_before_minutes, buffer_after_minutes, occupied, occupancy,
    hold_expires_at, channel, booked_by, assignment_reason, assignment_detail,
    rescheduled_from, intake_topics, intake_goals, intake_barriers,
    intake_language, consent_to_keep, consent_to_share, created_at, series_id)
  SELECT new.id, $1, $2, $3, $4, $5, to_timestamp($6::bigint),
    to_timestamp($7::bigint), $8::int, $9::int,
    tstzrange(to_timestamp($6::bigint) - make_interval(mins => $8::int),
              to_timestamp($7::bigint) + make_interval(mins => $9::int), '[)'),
    CASE WHEN $10 = '' THEN new.id::text ELSE $10 END,
    CASE WHEN $11::bigint = 0 THEN NULL ELSE to_timestamp($11::bigint) END,
    $12, $13, $14, $15, NULLIF($16, '')::uuid, $17, $18, $19, $20, $21, $22,
    to_timestamp($23::bigint), NULLIF($24, '')::uuid
  FROM new
  RETURNING )sql";
constexpr char kMarkAssigned[] = R"sql(
  UPDATE consultants SET last_assigned_at = to_timestamp($2) WHERE id = $1)sql";
constexpr char kBookHold[] = R"sql(
  UPDATE bookings SET status = $2, hold_expires_at = NULL, intake_topics = $3,
    intake_goals = $4, intake_barriers = $5, intake_language = $6,
    consent_to_keep = $7, consent_to_share = $8, version = version + 1
  WHERE id = $1
  RETURNING )sql";
constexpr char kCancelForReschedule[] = R"sql(
  UPDATE bookings SET status = 'cancelled', cancelled_by = $2,
    cancel_reason = 'rescheduled', version = version + 1
  WHERE id = $1)sql";
constexpr char kLinkReschedule[] = R"sql(
  UPDATE bookings SET rescheduled_to = $2 WHERE id = $1)sql";

absl::Status Refusal(SlotVerdict verdict) {
  StatusCode code = verdict == SlotVerdict::kUnknownConsultant ||
                            verdict == SlotVerdict::kUnknownSessionType
                        ? StatusCode::kNotFound
                        : StatusCode::kFailedPrecondition;
  return Error(code, ReasonOf(verdict),
               std::string("the slot cannot be booked: ") + ReasonOf(verdict));
}

// Bookings (occurrences) of the consultant in the ISO week starting `week`.
int LoadOf(const Facts& facts, const std::string& consultant, int week) {
  std::set<std::string> occurrences;
  for (const Booked& b : facts.booked) {
    if (b.consultant == consultant && WeekStart(LocalDayOf(b.start)) == week) {
      occurrences.insert(b.occupancy);
    }
  }
  return static_cast<int>(occurrences.size());
}

void ValidateIntake(const v1::Intake& intake, FieldViolations& v) {
  for (int t : intake.topics()) {
    if (t <= 0 || !v1::Topic_IsValid(t)) {
      v.Add("intake.topics", "UNKNOWN_TOPIC", "not a known topic");
    }
  }
  for (int b : intake.barriers()) {
    if (b <= 0 || !v1::Barrier_IsValid(b)) {
      v.Add("intake.barriers", "UNKNOWN_BARRIER", "not a known barrier");
    }
  }
  if (common::CodePoints(intake.goals()) > 2000) {
    v.Add("intake.goals", "TOO_LONG", "at most 2000 characters");
  }
  if (!lifelong::types::v1::Language_IsValid(intake.preferred_language())) {
    v.Add("intake.preferred_language", "UNKNOWN_LANGUAGE",
          "not a known language");
  }
}

std::vector<int> TopicsOf(const v1::Intake& intake) {
  return {intake.topics().begin(), intake.topics().end()};
}
std::vector<int> BarriersOf(const v1::Intake& intake) {
  return {intake.barriers().begin(), intake.barriers().end()};
}

bool IsStaffCaller(const common::Caller& caller) {
  return caller.Has(common::kRoleAdmin) ||
         caller.Has(common::kRoleCentreStaff) ||
         caller.Has(common::kRoleConsultant);
}

}  // namespace

ConsultingService::ConsultingService(common::PgPool& pool,
                                     ConsultingOptions options)
    : pool_(pool),
      options_(std::move(options)),
      snapshot_(
          [this] {
            common::PgPool::Lease conn = pool_.Acquire();
            pqxx::work tx(*conn);
            auto snapshot = std::make_shared<Snapshot>(LoadSnapshot(tx, Now()));
            tx.commit();
            return std::shared_ptr<const Snapshot>(std::move(snapshot));
          },
          options_.snapshot_max_age) {}

absl::StatusOr<std::string> ConsultingService::CitizenFor(
    const common::Caller& caller, const std::string& named,
    FieldViolations& v) const {
  std::string citizen = named.empty() ? caller.account : named;
  std::string id = common::UuidOf(citizen, "citizens", "citizen", v);
  if (!v.empty()) return v.ToStatus();
  if (citizen != caller.account && !IsStaffCaller(caller)) {
    return Error(StatusCode::kPermissionDenied, "NOT_OWN_BOOKING",
                 "citizens book for themselves only");
  }
  return id;
}

absl::Status ConsultingService::CheckOpenBookings(
    pqxx::work& tx, const std::string& citizen_id) {
  pqxx::row r = tx.exec_params1(kOpenBookings, citizen_id, Now(),
                                options_.no_show_window_days);
  int open = r[0].as<int>();
  int no_shows = r[1].as<int>();
  int limit = no_shows >= options_.no_show_threshold
                  ? options_.open_bookings_after_no_shows
                  : options_.max_open_bookings;
  if (open >= limit) {
    return Error(
        StatusCode::kFailedPrecondition, "OPEN_BOOKINGS_LIMIT",
        "the citizen holds " + std::to_string(open) +
            " open bookings, the most allowed" +
            (no_shows >= options_.no_show_threshold ? " after repeated no-shows"
                                                    : ""));
  }
  return absl::OkStatus();
}

absl::StatusOr<BookingRow> ConsultingService::Reserve(pqxx::work& tx,
                                                      const Reservation& what) {
  std::optional<v1::SessionType> type =
      LoadSessionType(tx, what.session_type_id);
  if (!type) {
    return Error(StatusCode::kNotFound, "UNKNOWN_SESSION_TYPE",
                 "no such session type");
  }
  SessionTypeRules rules = RulesOf(*type);
  bool for_self = what.caller->account == "citizens/" + what.citizen_id;
  if (!for_self && !WorksAt(*what.caller, rules.centre)) {
    return Error(StatusCode::kPermissionDenied, "NOT_CENTRE_STAFF",
                 "only the centre's staff book for a citizen");
  }
  int64_t now = Now();
  int day = LocalDayOf(what.start);
  std::vector<std::string> candidates;
  v1::AssignmentReason reason = v1::ASSIGNMENT_REASON_ROUND_ROBIN;
  std::string detail;
  if (!what.consultant_id.empty()) {
    if (tx.exec_params(kConsultantActive, what.consultant_id).empty()) {
      return Error(StatusCode::kNotFound, "UNKNOWN_CONSULTANT",
                   "no such consultant");
    }
    pqxx::result away = tx.exec_params(kAwayOn, what.consultant_id, day);
    if (!away.empty() && !away[0][0].as<std::string>().empty()) {
      candidates = {away[0][0].as<std::string>()};
      reason = v1::ASSIGNMENT_REASON_OUT_OF_OFFICE_REDIRECT;
      detail = "staff/" + what.consultant_id +
               " is out of office; their colleague takes the booking";
    } else {
      candidates = {what.consultant_id};
      reason = for_self ? v1::ASSIGNMENT_REASON_CITIZEN_CHOICE
                        : v1::ASSIGNMENT_REASON_STAFF_ASSIGNED;
    }
  } else {
    for (const pqxx::row& r :
         tx.exec_params(kCentreConsultants, rules.centre)) {
      candidates.push_back(r[0].as<std::string>());
    }
    if (candidates.empty()) {
      return Error(StatusCode::kFailedPrecondition, "NO_CONSULTANT_FREE",
                   "the centre has no consultants");
    }
  }
  tx.exec_params(kLockCitizen, what.citizen_id);
  // A consultant's series is planned with the citizen: the open-bookings
  // limit (held against no-shows) is for what citizens book themselves.
  if (what.series_id.empty()) {
    absl::Status open = CheckOpenBookings(tx, what.citizen_id);
    if (!open.ok()) return open;
  }
  std::map<std::string, int64_t> last_assigned;
  for (const pqxx::row& r :
       tx.exec_params(kLockConsultants, ArrayLiteral(candidates))) {
    last_assigned[r[0].as<std::string>()] = r[1].as<int64_t>();
  }
  tx.exec_params(kExpireLapsedHoldsOf, now, ArrayLiteral(candidates),
                 what.citizen_id);
  FactsScope scope;
  scope.consultants = candidates;
  scope.first_day = day;
  scope.last_day = day;
  scope.now = now;
  scope.session_type = what.session_type_id;
  Loaded loaded = LoadFacts(tx, scope);

  std::vector<PickCandidate> free;
  SlotVerdict first_refusal = SlotVerdict::kFree;
  bool any_taken = false;
  for (const std::string& c : candidates) {
    SlotVerdict verdict =
        CheckSlot(loaded.facts, c, what.session_type_id, what.start);
    if (verdict == SlotVerdict::kFree) {
      free.push_back(
          {c, LoadOf(loaded.facts, c, WeekStart(day)), last_assigned[c]});
      continue;
    }
    if (first_refusal == SlotVerdict::kFree) first_refusal = verdict;
    if (verdict == SlotVerdict::kTaken || verdict == SlotVerdict::kCapReached) {
      any_taken = true;
    }
  }
  if (free.empty()) {
    if (candidates.size() > 1 && any_taken) {
      return Error(StatusCode::kFailedPrecondition, "SLOT_TAKEN",
                   "every consultant of the centre is taken at that time");
    }
    return Refusal(first_refusal);
  }
  size_t chosen = 0;
  if (what.consultant_id.empty()) {
    Pick pick = PickFairly(free);
    chosen = pick.index;
    detail = pick.why;
  }
  const std::string consultant = free[chosen].consultant;

  std::string occupancy;
  if (rules.seats > 1) {
    occupancy = OccupancyOf(rules.id, what.start);
    tx.exec_params(kAddGroupOccurrence, occupancy, rules.seats);
    if (tx.exec_params(kTakeSeat, occupancy).empty()) {
      return Error(StatusCode::kFailedPrecondition, "SESSION_FULL",
                   "every seat of the group session is taken");
    }
  }
  std::string status = what.hold                    ? "held"
                       : type->needs_confirmation() ? "pending"
                                                    : "confirmed";
  int64_t end = what.start + rules.length_minutes * 60LL;
  int64_t hold_expires =
      what.hold ? now + (what.hold_minutes > 0 ? what.hold_minutes
                                               : options_.hold_minutes) *
                            60LL
                : int64_t{0};
  std::string centre;
  for (const Consultant& c : loaded.facts.consultants) {
    if (c.id == consultant) centre = c.centre;
  }
  pqxx::result inserted;
  try {
    inserted = tx.exec_params(
        std::string(kInsertBooking) + kBookingColumns, consultant, centre,
        what.session_type_id, what.citizen_id, status, what.start, end,
        rules.buffer_before_minutes, rules.buffer_after_minutes, occupancy,
        hold_expires, static_cast<int>(type->channel()), what.booked_by,
        static_cast<int>(reason), detail, what.rescheduled_from,
        TextOf(TopicsOf(what.intake)), what.intake.goals(),
        TextOf(BarriersOf(what.intake)),
        static_cast<int>(what.intake.preferred_language()),
        what.intake.consent_to_keep(), what.intake.consent_to_share(), now,
        what.series_id);
  } catch (const pqxx::sql_error& e) {
    if (e.sqlstate() != "23P01") throw;
    // The transaction is aborted; the caller's rollback follows.
    if (std::string(e.what()).find("bookings_citizen_no_overlap") !=
        std::string::npos) {
      return Error(StatusCode::kFailedPrecondition, "CITIZEN_OVERLAP",
                   "the citizen has another booking at that time");
    }
    return Error(StatusCode::kFailedPrecondition, "SLOT_TAKEN",
                 "the consultant's time is taken");
  }
  BookingRow row = BookingRowOf(inserted[0]);
  if (reason == v1::ASSIGNMENT_REASON_ROUND_ROBIN) {
    tx.exec_params(kMarkAssigned, consultant, now);
  }
  if (!what.hold) {
    if (what.rescheduled_from.empty()) {
      ev::BookingRequested requested;
      *requested.mutable_booking() = FactsOf(row);
      requested.set_needs_confirmation(type->needs_confirmation());
      requested.set_booked_by(what.booked_by);
      Announce(tx, row.id, requested);
    } else {
      ev::BookingRescheduled rescheduled;
      *rescheduled.mutable_booking() = FactsOf(row);
      rescheduled.set_rescheduled_from("bookings/" + what.rescheduled_from);
      Announce(tx, row.id, rescheduled);
    }
    if (status == "confirmed") {
      ev::BookingConfirmed confirmed;
      *confirmed.mutable_booking() = FactsOf(row);
      Announce(tx, row.id, confirmed);
    }
  }
  return row;
}

absl::StatusOr<v1::HoldSlotResponse> ConsultingService::HoldSlot(
    const common::Caller& caller, const v1::HoldSlotRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string type_id =
      common::UuidOf(r.session_type(), "sessionTypes", "session_type", v);
  std::string consultant_id;
  if (!r.consultant().empty()) {
    consultant_id = common::UuidOf(r.consultant(), "staff", "consultant", v);
  }
  if (r.start_time().seconds() <= 0) {
    v.Add("start_time", "REQUIRED", "start_time is required");
  }
  absl::StatusOr<std::string> citizen = CitizenFor(caller, r.citizen(), v);
  if (!citizen.ok()) return citizen.status();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::HoldSlotResponse> {
        return common::Idempotent<v1::HoldSlotResponse>(
            tx,
            {caller.account, "HoldSlot", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::HoldSlotResponse> {
              Reservation what;
              what.citizen_id = *citizen;
              what.session_type_id = type_id;
              what.consultant_id = consultant_id;
              what.start = r.start_time().seconds();
              what.hold = true;
              what.booked_by = caller.account;
              what.caller = &caller;
              absl::StatusOr<BookingRow> row = Reserve(tx, what);
              if (!row.ok()) return row.status();
              v1::HoldSlotResponse response;
              *response.mutable_booking() = BookingOf(*row);
              return response;
            });
      });
}

absl::StatusOr<v1::BookSlotResponse> ConsultingService::BookSlot(
    const common::Caller& caller, const v1::BookSlotRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  ValidateIntake(r.intake(), v);
  std::string hold_id;
  std::string type_id;
  std::string consultant_id;
  if (!r.hold().empty()) {
    hold_id = common::UuidOf(r.hold(), "bookings", "hold", v);
  } else {
    type_id =
        common::UuidOf(r.session_type(), "sessionTypes", "session_type", v);
    if (!r.consultant().empty()) {
      consultant_id = common::UuidOf(r.consultant(), "staff", "consultant", v);
    }
    if (r.start_time().seconds() <= 0) {
      v.Add("start_time", "REQUIRED", "start_time is required without a hold");
    }
  }
  absl::StatusOr<std::string> citizen = CitizenFor(caller, r.citizen(), v);
  if (!citizen.ok()) return citizen.status();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::BookSlotResponse> {
        return common::Idempotent<v1::BookSlotResponse>(
            tx,
            {caller.account, "BookSlot", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::BookSlotResponse> {
              v1::BookSlotResponse response;
              if (hold_id.empty()) {
                Reservation what;
                what.citizen_id = *citizen;
                what.session_type_id = type_id;
                what.consultant_id = consultant_id;
                what.start = r.start_time().seconds();
                what.booked_by = caller.account;
                what.intake = r.intake();
                what.caller = &caller;
                absl::StatusOr<BookingRow> row = Reserve(tx, what);
                if (!row.ok()) return row.status();
                *response.mutable_booking() = BookingOf(*row);
                return response;
              }
              std::optional<BookingRow> hold = LoadBooking(tx, hold_id, true);
              if (!hold || hold->citizen_id != *citizen ||
                  !MaySee(caller, *hold)) {
                return Error(StatusCode::kNotFound, "HOLD_NOT_FOUND",
                             "no such hold");
              }
              if (hold->status == "expired" ||
                  (hold->status == "held" && hold->hold_expires <= Now())) {
                return Error(StatusCode::kFailedPrecondition, "HOLD_EXPIRED",
                             "the hold has lapsed; hold the slot again");
              }
              if (hold->status != "held") {
                return Error(StatusCode::kFailedPrecondition, "NOT_HELD",
                             "the booking is not a hold");
              }
              std::optional<v1::SessionType> type =
                  LoadSessionType(tx, hold->session_type_id);
              std::string status =
                  type->needs_confirmation() ? "pending" : "confirmed";
              pqxx::result updated = tx.exec_params(
                  std::string(kBookHold) + kBookingColumns, hold->id, status,
                  TextOf(TopicsOf(r.intake())), r.intake().goals(),
                  TextOf(BarriersOf(r.intake())),
                  static_cast<int>(r.intake().preferred_language()),
                  r.intake().consent_to_keep(), r.intake().consent_to_share());
              BookingRow row = BookingRowOf(updated[0]);
              ev::BookingRequested requested;
              *requested.mutable_booking() = FactsOf(row);
              requested.set_needs_confirmation(type->needs_confirmation());
              requested.set_booked_by(caller.account);
              Announce(tx, row.id, requested);
              if (status == "confirmed") {
                ev::BookingConfirmed confirmed;
                *confirmed.mutable_booking() = FactsOf(row);
                Announce(tx, row.id, confirmed);
              }
              *response.mutable_booking() = BookingOf(row);
              return response;
            });
      });
}

absl::StatusOr<v1::BookSeriesResponse> ConsultingService::BookSeries(
    const common::Caller& caller, const v1::BookSeriesRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  ValidateIntake(r.intake(), v);
  std::string type_id =
      common::UuidOf(r.session_type(), "sessionTypes", "session_type", v);
  std::string consultant_id =
      common::UuidOf(r.consultant(), "staff", "consultant", v);
  std::string citizen_id =
      common::UuidOf(r.citizen(), "citizens", "citizen", v);
  if (r.start_time().seconds() <= 0) {
    v.Add("start_time", "REQUIRED", "start_time is required");
  }
  if (r.interval_weeks() < 1 || r.interval_weeks() > 8) {
    v.Add("interval_weeks", "OUT_OF_RANGE", "1 to 8");
  }
  if (r.count() < 2 || r.count() > 12) {
    v.Add("count", "OUT_OF_RANGE", "2 to 12");
  }
  if (!v.empty()) return v.ToStatus();
  if (!IsStaffCaller(caller)) {
    return Error(StatusCode::kPermissionDenied, "NOT_CENTRE_STAFF",
                 "consultants and centre staff book series");
  }
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::BookSeriesResponse> {
        return common::Idempotent<v1::BookSeriesResponse>(
            tx,
            {caller.account, "BookSeries", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::BookSeriesResponse> {
              std::string series_id =
                  tx.exec1("SELECT gen_random_uuid()::text")[0]
                      .as<std::string>();
              v1::BookSeriesResponse response;
              response.set_series("series/" + series_id);
              for (int i = 0; i < r.count(); ++i) {
                Reservation what;
                what.citizen_id = citizen_id;
                what.session_type_id = type_id;
                what.consultant_id = consultant_id;
                // Seoul has no daylight-saving time: a week is 7 x 24 h.
                what.start = r.start_time().seconds() +
                             int64_t{i} * r.interval_weeks() * 7 * 86400;
                what.booked_by = caller.account;
                what.intake = r.intake();
                what.series_id = series_id;
                what.caller = &caller;
                absl::StatusOr<BookingRow> row = Reserve(tx, what);
                if (!row.ok()) {
                  return Error(row.status().code(),
                               common::ReasonOf(row.status()),
                               "occurrence " + std::to_string(i + 1) +
                                   " of the series: " +
                                   std::string(row.status().message()));
                }
                *response.add_bookings() = BookingOf(*row);
              }
              return response;
            });
      });
}

absl::StatusOr<v1::RescheduleBookingResponse>
ConsultingService::RescheduleBooking(const common::Caller& caller,
                                     const v1::RescheduleBookingRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  common::UuidOf(r.booking(), "bookings", "booking", v);
  std::string consultant_id;
  if (!r.consultant().empty()) {
    consultant_id = common::UuidOf(r.consultant(), "staff", "consultant", v);
  }
  if (r.start_time().seconds() <= 0) {
    v.Add("start_time", "REQUIRED", "start_time is required");
  }
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::RescheduleBookingResponse> {
        return common::Idempotent<v1::RescheduleBookingResponse>(
            tx,
            {caller.account, "RescheduleBooking", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::RescheduleBookingResponse> {
              absl::StatusOr<BookingRow> old =
                  BookingForChange(tx, caller, r.booking(), false);
              if (!old.ok()) return old.status();
              if (old->status != "pending" && old->status != "confirmed") {
                return Error(StatusCode::kFailedPrecondition, "NOT_ACTIVE",
                             "only pending or confirmed bookings move");
              }
              bool staff = MayManage(caller, *old);
              std::optional<v1::SessionType> type =
                  LoadSessionType(tx, old->session_type_id);
              if (!staff &&
                  Now() + type->cancel_notice_minutes() * 60LL > old->start) {
                return Error(StatusCode::kFailedPrecondition,
                             "CANCELLATION_TOO_LATE",
                             "too close to the session to move it; ask the "
                             "centre");
              }
              tx.exec_params(kCancelForReschedule, old->id, caller.account);
              if (old->group()) tx.exec_params(kReleaseSeat, old->occupancy);
              Reservation what;
              what.citizen_id = old->citizen_id;
              what.session_type_id = old->session_type_id;
              what.consultant_id =
                  consultant_id.empty() ? old->consultant_id : consultant_id;
              what.start = r.start_time().seconds();
              what.booked_by = caller.account;
              what.intake = BookingOf(*old).intake();
              what.rescheduled_from = old->id;
              what.caller = &caller;
              absl::StatusOr<BookingRow> row = Reserve(tx, what);
              if (!row.ok()) return row.status();
              tx.exec_params(kLinkReschedule, old->id, row->id);
              old->status = "cancelled";
              ev::BookingCancelled cancelled;
              *cancelled.mutable_booking() = FactsOf(*old);
              cancelled.set_cancelled_by(caller.account);
              cancelled.set_rescheduled(true);
              Announce(tx, old->id, cancelled);
              v1::RescheduleBookingResponse response;
              *response.mutable_booking() = BookingOf(*row);
              return response;
            });
      });
}

}  // namespace lifelong::consulting
