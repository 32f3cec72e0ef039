// Rsvp (single event, occurrence, or a whole series), CancelRsvp (a single
// RSVP, one declined occurrence, or a series), HoldSeats. Each RSVP to a
// single event or occurrence locks the event's `places` row, loads the
// facts, asks rsvp_decision.h, and writes; a freed place is settled
// (places.h) in the same transaction.
#include "common/errors.h"
#include "common/resource_name.h"
#include "services/community/community_events.h"
#include "services/community/community_service.h"
#include "services/community/event_access.h"
#include "services/community/mutation.h"
#include "services/community/places.h"
#include "services/community/recurrence.h"
#include "services/community/rsvp_decision.h"
#include "services/community/rsvp_rows.h"

namespace lifelong::community {
namespace {

using absl::StatusCode;
using common::Error;

constexpr char kIsActiveMember[] = R"sql(
  SELECT 1 FROM memberships
  WHERE group_id = $1 AND person = $2 AND state = 'active')sql";

constexpr char kStatusNow[] = "SELECT status FROM events WHERE id = $1";

constexpr char kBirthYear[] = "SELECT birth_year FROM citizens WHERE id = $1";

constexpr char kHasLiveRsvp[] = R"sql(
  SELECT 1 FROM rsvps
  WHERE event_id = $1 AND person = $2 AND status <> 'cancelled')sql";

constexpr char kTakeHold[] = R"sql(
  DELETE FROM seat_holds
  WHERE code = $1::uuid AND event_id = $2 AND holder = $3
    AND expires_at > to_timestamp($4::bigint)
  RETURNING seats)sql";

constexpr char kInsertRsvp[] = R"sql(
  INSERT INTO rsvps (id, event_id, series_rsvp_id, person, group_size,
                     attendee_birth_years, status, check_in_code, created_at)
  VALUES (gen_random_uuid(), $1, NULLIF($2, '')::uuid, $3, $4,
          string_to_array($5, ',')::integer[], $6, NULLIF($7, ''),
          to_timestamp($8::bigint))
  RETURNING id::text)sql";

constexpr char kUpcomingOccurrences[] = R"sql(
  SELECT id::text FROM events
  WHERE parent_id = $1 AND kind = 'occurrence' AND status <> 'cancelled'
    AND start_time > to_timestamp($2::bigint)
  ORDER BY start_time, id)sql";

constexpr char kSetRsvpStatus[] = "UPDATE rsvps SET status = $2 WHERE id = $1";

constexpr char kLiveChildren[] = R"sql(
  SELECT r.id::text FROM rsvps r JOIN events e ON e.id = r.event_id
  WHERE r.series_rsvp_id = $1 AND r.status IN ('confirmed', 'waitlisted')
    AND e.start_time > to_timestamp($2::bigint)
  ORDER BY e.start_time, e.id)sql";

constexpr char kInsertHold[] = R"sql(
  INSERT INTO seat_holds (code, event_id, seats, holder, expires_at)
  VALUES (gen_random_uuid(), $1, $2, $3, to_timestamp($4::bigint))
  RETURNING code::text)sql";

std::string Years(const google::protobuf::RepeatedField<int32_t>& years) {
  std::string out;
  for (int i = 0; i < years.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(years[i]);
  }
  return out;
}

// The facts of one RSVP to a bookable event whose places are locked.
RsvpFacts LoadFacts(pqxx::work& tx, const EventRow& e, const PlacesRow& p,
                    const std::string& person, const v1::RsvpRequest& r,
                    int group_size, int64_t now) {
  RsvpFacts f;
  f.now = now;
  if (e.registration) {
    f.has_registration = true;
    f.open_time = e.registration->open_time;
    f.close_time = e.registration->close_time;
    f.max_group_size = e.registration->max_group_size;
    f.min_age = e.registration->min_age;
    f.max_age = e.registration->max_age;
    f.members_only = e.registration->members_only;
  }
  f.cancelled = e.cancelled();
  f.start_time = e.start_time;
  f.event_year = SeoulDateOf(e.start_time).year;
  f.capacity = p.capacity;
  f.waitlist_capacity = p.waitlist_capacity;
  f.confirmed = p.confirmed;
  f.waitlisted = p.waitlisted;
  f.held = p.held;
  if (f.members_only && !e.group_id.empty()) {
    f.is_member = !tx.exec_params(kIsActiveMember, e.group_id, person).empty();
  }
  if (f.min_age != 0 || f.max_age != 0) {
    pqxx::result year = tx.exec_params(kBirthYear, person);
    if (!year.empty()) f.contact_birth_year = year[0][0].as<int>();
  }
  f.already_rsvped = !tx.exec_params(kHasLiveRsvp, e.id, person).empty();
  f.group_size = group_size;
  f.attendee_birth_years.assign(r.attendee_birth_years().begin(),
                                r.attendee_birth_years().end());
  return f;
}

// One RSVP to a single event or occurrence.
absl::StatusOr<v1::Rsvp> TakeOne(pqxx::work& tx, const EventRow& e,
                                 const std::string& person,
                                 const v1::RsvpRequest& r, int group_size,
                                 const std::string& series_rsvp_id,
                                 int64_t now) {
  std::optional<PlacesRow> places = LockPlaces(tx, e.id);
  if (!places || !e.registration) {
    return Error(StatusCode::kFailedPrecondition, "NO_REGISTRATION",
                 "this event takes no RSVPs");
  }
  RsvpFacts facts = LoadFacts(tx, e, *places, person, r, group_size, now);
  // The status as of the lock: a cancellation takes the same lock.
  facts.cancelled =
      tx.exec_params(kStatusNow, e.id)[0][0].as<std::string>() == "cancelled";
  if (!r.hold_code().empty()) {
    pqxx::result hold =
        tx.exec_params(kTakeHold, r.hold_code(), e.id, person, now);
    if (hold.empty()) {
      return Error(StatusCode::kFailedPrecondition, "HOLD_EXPIRED",
                   "the hold has expired or is not the caller's");
    }
    facts.own_hold = hold[0][0].as<int>();
  }
  RsvpDecision d = DecideRsvp(facts);
  if (d.outcome == RsvpOutcome::kRefused) return d.ToStatus();
  places->held -= facts.own_hold;
  const bool confirmed = d.outcome == RsvpOutcome::kConfirmed;
  (confirmed ? places->confirmed : places->waitlisted) += group_size;
  std::string code = NewCheckInCode(tx, e.id);
  std::string id =
      tx.exec_params(kInsertRsvp, e.id, series_rsvp_id, person, group_size,
                     Years(r.attendee_birth_years()),
                     confirmed ? "confirmed" : "waitlisted", code, now)[0][0]
          .as<std::string>();
  // A hold larger than the group frees the rest.
  SettlePlaces(tx, e, *places);
  RsvpRow row = *LoadRsvp(tx, id);
  if (confirmed) {
    ev::RsvpConfirmed c;
    *c.mutable_activity() = ActivityOf(e);
    c.set_rsvp(row.proto.name());
    c.set_person(person);
    c.set_group_size(group_size);
    *c.mutable_counts() = CountsOf(*places);
    AddEventToOutbox(tx, e, c);
  } else {
    ev::RsvpWaitlisted w;
    *w.mutable_activity() = ActivityOf(e);
    w.set_rsvp(row.proto.name());
    w.set_person(person);
    w.set_group_size(group_size);
    w.set_waitlist_position(row.proto.waitlist_position());
    *w.mutable_counts() = CountsOf(*places);
    AddEventToOutbox(tx, e, w);
  }
  return row.proto;
}

// Refusals that leave one occurrence out of a series RSVP rather than
// refuse the whole of it.
bool SkipsOccurrence(const absl::Status& s) {
  std::string reason = common::ReasonOf(s);
  return reason == "EVENT_FULL_WAITLIST_FULL" || reason == "ALREADY_RSVPED";
}

// Cancels one single or occurrence RSVP: locks its event's places first
// (the order every transaction takes: places, then RSVP rows), then reads
// the RSVP's current status under its row lock (a concurrent promotion may
// have changed it). Returns the RSVPs promoted into the freed places.
std::vector<std::string> CancelOne(pqxx::work& tx, const std::string& rsvp_id,
                                   const EventRow& e) {
  std::optional<PlacesRow> places = LockPlaces(tx, e.id);
  RsvpRow rsvp = *LoadRsvp(tx, rsvp_id, /*lock=*/true);
  if (rsvp.status != "confirmed" && rsvp.status != "waitlisted") return {};
  const bool was_confirmed = rsvp.status == "confirmed";
  if (places) {
    (was_confirmed ? places->confirmed : places->waitlisted) -= rsvp.group_size;
  }
  tx.exec_params(kSetRsvpStatus, rsvp.id, "cancelled");
  ev::RsvpCancelled c;
  *c.mutable_activity() = ActivityOf(e);
  c.set_rsvp(rsvp.proto.name());
  c.set_person(rsvp.person);
  c.set_group_size(rsvp.group_size);
  c.set_was_confirmed(was_confirmed);
  if (places) *c.mutable_counts() = CountsOf(*places);
  AddEventToOutbox(tx, e, c);
  if (!places) return {};
  return SettlePlaces(tx, e, *places);
}

}  // namespace

absl::StatusOr<v1::RsvpResponse> CommunityService::Rsvp(
    const common::Caller& caller, const v1::RsvpRequest& r) {
  common::FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = EventIdOf(r.event(), "event", v);
  const int group_size = r.group_size() == 0 ? 1 : r.group_size();
  if (group_size < 1 || group_size > 20) {
    v.Add("group_size", "OUT_OF_RANGE", "1 to 20 people");
  }
  if (r.attendee_birth_years_size() > 19) {
    v.Add("attendee_birth_years", "TOO_MANY", "one per other attendee");
  }
  for (int year : r.attendee_birth_years()) {
    if (year < 1900 || year > 2100) {
      v.Add("attendee_birth_years", "OUT_OF_RANGE", "a year 1900 to 2100");
      break;
    }
  }
  if (!r.hold_code().empty() && !common::IsUuid(r.hold_code())) {
    v.Add("hold_code", "INVALID_FORMAT", "a code from HoldSeats");
  }
  if (!v.empty()) return v.ToStatus();
  const int64_t now = options_.now();
  const std::string person = caller.account;
  return Mutate<v1::RsvpResponse>(
      pool_, caller, "Rsvp", r, r.request_id(),
      [&](pqxx::work& tx) -> absl::StatusOr<v1::RsvpResponse> {
        absl::StatusOr<EventRow> e =
            EventFor(tx, caller, id, r.event(), Need::kRead);
        if (!e.ok()) return e.status();
        if (!e->published()) {
          return Error(StatusCode::kFailedPrecondition, "NOT_PUBLISHED",
                       "the event is a draft");
        }
        v1::RsvpResponse response;
        if (e->kind == "umbrella") {
          return Error(StatusCode::kFailedPrecondition, "NO_REGISTRATION",
                       "RSVP to the festival's sub-events");
        }
        if (e->kind != "series") {
          absl::StatusOr<v1::Rsvp> one =
              TakeOne(tx, *e, person, r, group_size, "", now);
          if (!one.ok()) return one.status();
          *response.mutable_rsvp() = *std::move(one);
          return response;
        }
        // A series: one RSVP for the series, one per upcoming occurrence.
        if (!r.hold_code().empty()) {
          common::FieldViolations hold;
          hold.Add("hold_code", "NOT_ALLOWED", "holds are per occurrence");
          return hold.ToStatus();
        }
        if (!e->registration) {
          return Error(StatusCode::kFailedPrecondition, "NO_REGISTRATION",
                       "this series takes no RSVPs");
        }
        if (e->cancelled()) {
          return Error(StatusCode::kFailedPrecondition, "EVENT_CANCELLED",
                       "the series is cancelled");
        }
        if (!tx.exec_params(kHasLiveRsvp, e->id, person).empty()) {
          return Error(StatusCode::kAlreadyExists, "ALREADY_RSVPED",
                       "the caller already has an RSVP to this series");
        }
        std::string series_rsvp =
            tx.exec_params(kInsertRsvp, e->id, "", person, group_size,
                           Years(r.attendee_birth_years()), "series", "",
                           now)[0][0]
                .as<std::string>();
        absl::Status first_skip =
            Error(StatusCode::kFailedPrecondition, "REGISTRATION_CLOSED",
                  "no occurrence of the series is ahead");
        bool skipped = false;
        for (const pqxx::row& row :
             tx.exec_params(kUpcomingOccurrences, e->id, now)) {
          EventRow occurrence = *LoadEvent(tx, row[0].as<std::string>());
          absl::StatusOr<v1::Rsvp> one =
              TakeOne(tx, occurrence, person, r, group_size, series_rsvp, now);
          if (one.ok()) {
            *response.add_occurrence_rsvps() = *std::move(one);
          } else if (SkipsOccurrence(one.status())) {
            if (!skipped) first_skip = one.status();
            skipped = true;
          } else {
            return one.status();
          }
        }
        if (response.occurrence_rsvps_size() == 0) return first_skip;
        *response.mutable_rsvp() = LoadRsvp(tx, series_rsvp)->proto;
        return response;
      });
}

absl::StatusOr<v1::CancelRsvpResponse> CommunityService::CancelRsvp(
    const common::Caller& caller, const v1::CancelRsvpRequest& r) {
  common::FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = common::UuidOf(r.name(), "rsvps", "name", v);
  if (!v.empty()) return v.ToStatus();
  const int64_t now = options_.now();
  return Mutate<v1::CancelRsvpResponse>(
      pool_, caller, "CancelRsvp", r, r.request_id(),
      [&](pqxx::work& tx) -> absl::StatusOr<v1::CancelRsvpResponse> {
        absl::Status not_found = Error(StatusCode::kNotFound, "RSVP_NOT_FOUND",
                                       "no RSVP " + r.name());
        std::optional<RsvpRow> rsvp = LoadRsvp(tx, id);
        if (!rsvp) return not_found;
        std::optional<EventRow> e = LoadEvent(tx, rsvp->event_id);
        if (rsvp->person != caller.account &&
            !Manages(caller, EventAccess(tx, caller, *e))) {
          return not_found;
        }
        v1::CancelRsvpResponse response;
        if (rsvp->status == "cancelled") {
          *response.mutable_rsvp() = rsvp->proto;
          return response;
        }
        std::vector<std::string> promoted;
        if (rsvp->status == "series") {
          tx.exec_params(kSetRsvpStatus, rsvp->id, "cancelled");
          for (const pqxx::row& row :
               tx.exec_params(kLiveChildren, rsvp->id, now)) {
            const std::string child = row[0].as<std::string>();
            std::optional<EventRow> occurrence =
                LoadEvent(tx, LoadRsvp(tx, child)->event_id);
            for (std::string& p : CancelOne(tx, child, *occurrence)) {
              promoted.push_back(std::move(p));
            }
          }
        } else {
          if (e->start_time != 0 && now >= e->start_time) {
            return Error(StatusCode::kFailedPrecondition, "EVENT_STARTED",
                         "the event has started");
          }
          promoted = CancelOne(tx, id, *e);
        }
        for (const std::string& p : promoted) {
          response.add_promoted("rsvps/" + p);
        }
        *response.mutable_rsvp() = LoadRsvp(tx, id)->proto;
        return response;
      });
}

absl::StatusOr<v1::HoldSeatsResponse> CommunityService::HoldSeats(
    const common::Caller& caller, const v1::HoldSeatsRequest& r) {
  common::FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = EventIdOf(r.event(), "event", v);
  if (r.seats() < 1 || r.seats() > 20) {
    v.Add("seats", "OUT_OF_RANGE", "1 to 20 places");
  }
  if (!v.empty()) return v.ToStatus();
  const int64_t now = options_.now();
  const int64_t expires = now + int64_t{options_.hold_minutes} * 60;
  return Mutate<v1::HoldSeatsResponse>(
      pool_, caller, "HoldSeats", r, r.request_id(),
      [&](pqxx::work& tx) -> absl::StatusOr<v1::HoldSeatsResponse> {
        absl::StatusOr<EventRow> e =
            EventFor(tx, caller, id, r.event(), Need::kRead);
        if (!e.ok()) return e.status();
        std::optional<PlacesRow> places = LockPlaces(tx, e->id);
        if (!places || !e->published()) {
          return Error(StatusCode::kFailedPrecondition, "NO_REGISTRATION",
                       "hold places of a published single event or occurrence");
        }
        v1::RsvpRequest as_rsvp;
        RsvpFacts facts =
            LoadFacts(tx, *e, *places, caller.account, as_rsvp, r.seats(), now);
        facts.cancelled =
            tx.exec_params(kStatusNow, e->id)[0][0].as<std::string>() ==
            "cancelled";
        facts.min_age = facts.max_age = 0;  // checked when the RSVP comes
        facts.already_rsvped = false;
        RsvpDecision d = DecideRsvp(facts);
        if (d.outcome == RsvpOutcome::kRefused) return d.ToStatus();
        if (d.outcome == RsvpOutcome::kWaitlisted) {
          return Error(StatusCode::kFailedPrecondition, "NO_PLACES_TO_HOLD",
                       "no free places to hold");
        }
        places->held += r.seats();
        WritePlaces(tx, e->id, *places);
        v1::HoldSeatsResponse response;
        response.set_hold_code(tx.exec_params(kInsertHold, e->id, r.seats(),
                                              caller.account, expires)[0][0]
                                   .as<std::string>());
        response.mutable_expire_time()->set_seconds(expires);
        return response;
      });
}

}  // namespace lifelong::community
