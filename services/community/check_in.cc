// CheckIn: a manager of the event's group marks a person present at a
// single event or occurrence, by citizen or by the RSVP's short code, or
// counts walk-ins. Idempotent by nature: a second scan of the same person
// answers already_checked_in = true and changes nothing.
#include "common/errors.h"
#include "common/resource_name.h"
#include "services/community/community_events.h"
#include "services/community/community_service.h"
#include "services/community/event_access.h"
#include "services/community/mutation.h"
#include "services/community/rsvp_rows.h"

namespace lifelong::community {
namespace {

using absl::StatusCode;
using common::Error;

constexpr char kByPerson[] = R"sql(
  SELECT id::text FROM rsvps
  WHERE event_id = $1 AND person = $2 AND status <> 'cancelled' FOR UPDATE)sql";

constexpr char kByCode[] = R"sql(
  SELECT id::text FROM rsvps
  WHERE event_id = $1 AND check_in_code = $2 FOR UPDATE)sql";

constexpr char kMarkPresent[] = R"sql(
  UPDATE rsvps SET checked_in_at = to_timestamp($2::bigint), checked_in_by = $3
  WHERE id = $1 AND checked_in_at IS NULL)sql";

}  // namespace

absl::StatusOr<v1::CheckInResponse> CommunityService::CheckIn(
    const common::Caller& caller, const v1::CheckInRequest& r) {
  common::FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = EventIdOf(r.event(), "event", v);
  std::string person;
  switch (r.who_case()) {
    case v1::CheckInRequest::kPerson:
      person =
          "citizens/" + common::UuidOf(r.person(), "citizens", "person", v);
      break;
    case v1::CheckInRequest::kCheckInCode:
      if (r.check_in_code().size() != 6) {
        v.Add("check_in_code", "INVALID_FORMAT", "six characters");
      }
      break;
    case v1::CheckInRequest::kWalkIns:
      if (r.walk_ins() < 1 || r.walk_ins() > 500) {
        v.Add("walk_ins", "OUT_OF_RANGE", "1 to 500 people");
      }
      break;
    default:
      v.Add("who", "REQUIRED", "person, check_in_code or walk_ins");
  }
  if (!v.empty()) return v.ToStatus();
  const int64_t now = options_.now();
  return Mutate<v1::CheckInResponse>(
      pool_, caller, "CheckIn", r, r.request_id(),
      [&](pqxx::work& tx) -> absl::StatusOr<v1::CheckInResponse> {
        absl::StatusOr<EventRow> e =
            EventFor(tx, caller, id, r.event(), Need::kManage);
        if (!e.ok()) return e.status();
        std::optional<PlacesRow> places = LockPlaces(tx, e->id);
        if (!places) {
          return Error(StatusCode::kFailedPrecondition, "NOT_BOOKABLE",
                       "check in at a single event or an occurrence");
        }
        if (e->cancelled()) {
          return Error(StatusCode::kFailedPrecondition, "EVENT_CANCELLED",
                       "the event is cancelled");
        }
        v1::CheckInResponse response;
        ev::AttendanceCheckedIn checked;
        if (r.who_case() == v1::CheckInRequest::kWalkIns) {
          places->walk_ins += r.walk_ins();
          places->checked_in += r.walk_ins();
          checked.set_people(r.walk_ins());
          checked.set_walk_in(true);
        } else {
          pqxx::result found =
              r.who_case() == v1::CheckInRequest::kPerson
                  ? tx.exec_params(kByPerson, e->id, person)
                  : tx.exec_params(kByCode, e->id, r.check_in_code());
          if (found.empty()) {
            return Error(StatusCode::kNotFound, "RSVP_NOT_FOUND",
                         "no RSVP to this event for that person or code");
          }
          RsvpRow rsvp = *LoadRsvp(tx, found[0][0].as<std::string>());
          response.set_rsvp(rsvp.proto.name());
          if (rsvp.checked_in) {
            response.set_already_checked_in(true);
            response.set_checked_in(places->checked_in);
            return response;
          }
          if (rsvp.status != "confirmed") {
            return Error(StatusCode::kFailedPrecondition, "NOT_CONFIRMED",
                         "the RSVP holds no place");
          }
          tx.exec_params(kMarkPresent, rsvp.id, now, caller.account);
          places->checked_in += rsvp.group_size;
          checked.set_rsvp(rsvp.proto.name());
          checked.set_person(rsvp.person);
          checked.set_people(rsvp.group_size);
        }
        WritePlaces(tx, e->id, *places);
        *checked.mutable_activity() = ActivityOf(*e);
        *checked.mutable_counts() = CountsOf(*places);
        AddEventToOutbox(tx, *e, checked);
        response.set_checked_in(places->checked_in);
        return response;
      });
}

}  // namespace lifelong::community
