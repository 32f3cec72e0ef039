// CreateEvent, GetEvent, PublishEvent, PostponeEvent, CancelEvent.
#include "common/errors.h"
#include "common/hex_digest.h"
#include "common/pg/transaction.h"
#include "services/community/community_events.h"
#include "services/community/community_service.h"
#include "services/community/event_access.h"
#include "services/community/event_tree.h"
#include "services/community/event_validation.h"
#include "services/community/group_rows.h"
#include "services/community/mutation.h"
#include "services/community/recurrence.h"

namespace lifelong::community {
namespace {

using absl::StatusCode;
using common::Error;

constexpr char kInsertEvent[] = R"sql(
  INSERT INTO events (id, group_id, village_id, parent_id, kind, type, status,
                      title_ko, title_en, description_ko, description_en,
                      place, district, online_url, audience_note,
                      accessibility_note, start_time, end_time, rrule,
                      recurrence, created_by, created_at)
  VALUES (gen_random_uuid(), NULLIF($1, ''), NULLIF($2, ''),
          NULLIF($3, '')::uuid, $4, $5, 'draft', $6, $7, $8, $9, $10, $11,
          $12, $13, $14, to_timestamp(NULLIF($15::bigint, 0)),
          to_timestamp(NULLIF($16::bigint, 0)), $17,
          decode(NULLIF($18, ''), 'hex'), $19, to_timestamp($20::bigint))
  RETURNING id::text)sql";

constexpr char kInsertRegistration[] = R"sql(
  INSERT INTO registrations (event_id, open_time, close_time, capacity,
                             waitlist_capacity, max_group_size, min_age,
                             max_age, members_only, min_attendance)
  VALUES ($1, to_timestamp($2::bigint), to_timestamp($3::bigint), $4, $5, $6,
          $7, $8, $9, $10))sql";

constexpr char kInsertPlaces[] = R"sql(
  INSERT INTO places (event_id, capacity, waitlist_capacity)
  VALUES ($1, $2, $3))sql";

constexpr char kPublishTree[] = R"sql(
  WITH RECURSIVE tree AS (
    SELECT id FROM events WHERE id = $1
    UNION ALL SELECT e.id FROM events e JOIN tree t ON e.parent_id = t.id)
  UPDATE events SET status = 'scheduled', version = version + 1
  WHERE id IN (SELECT id FROM tree) AND status = 'draft'
  RETURNING id::text)sql";

// The event and its descendants that have not started and are not
// cancelled, in start order.
constexpr char kLiveTree[] = R"sql(
  WITH RECURSIVE tree AS (
    SELECT id FROM events WHERE id = $1
    UNION ALL SELECT e.id FROM events e JOIN tree t ON e.parent_id = t.id)
  SELECT e.id::text FROM events e
  WHERE e.id IN (SELECT id FROM tree) AND e.status <> 'cancelled'
    AND (e.start_time IS NULL OR e.start_time > to_timestamp($2::bigint)
         OR e.kind IN ('series', 'umbrella'))
  ORDER BY e.start_time NULLS FIRST, e.id)sql";

constexpr char kSetStatus[] = R"sql(
  UPDATE events SET status = $2, version = version + 1 WHERE id = $1)sql";

constexpr char kLiveRsvps[] = R"sql(
  SELECT count(*) FROM rsvps
  WHERE event_id = $1 AND status IN ('confirmed', 'waitlisted'))sql";

constexpr char kOccurrenceCount[] =
    "SELECT count(*) FROM events WHERE parent_id = $1 AND kind = 'occurrence'";

// Inserts one events row; returns its id.
std::string InsertEvent(pqxx::work& tx, const v1::Event& e,
                        const std::string& group_id,
                        const std::string& village_id,
                        const std::string& parent_id, const std::string& kind,
                        int64_t start, int64_t end,
                        const std::string& recurrence_hex,
                        const std::string& created_by, int64_t now) {
  return tx
      .exec_params(kInsertEvent, group_id, village_id, parent_id, kind,
                   TypeName(e.type()), e.title().ko(), e.title().en(),
                   e.description().ko(), e.description().en(), e.place(),
                   e.district(), e.online_url(), e.audience_note(),
                   e.accessibility_note(), start, end, e.recurrence().rrule(),
                   recurrence_hex, created_by, now)[0][0]
      .as<std::string>();
}

}  // namespace

absl::StatusOr<v1::CreateEventResponse> CommunityService::CreateEvent(
    const common::Caller& caller, const v1::CreateEventRequest& r) {
  common::FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  const v1::Event& e = r.event();
  if (e.kind() == v1::EVENT_KIND_OCCURRENCE) {
    return CheckNesting(EventKind::kOccurrence, std::nullopt);
  }
  ValidateEventFields(e, v);
  std::string group_id, parent_id;
  if (!e.group().empty()) group_id = GroupIdOf(e.group(), "event.group", v);
  if (!e.parent().empty()) parent_id = EventIdOf(e.parent(), "event.parent", v);
  int64_t start = e.start_time().seconds(), end = e.end_time().seconds();
  std::vector<Occurrence> occurrences;
  if (e.kind() == v1::EVENT_KIND_SERIES) {
    if (!e.has_recurrence()) {
      v.Add("event.recurrence", "REQUIRED", "a series needs its recurrence");
    } else {
      if (!v.empty()) return v.ToStatus();
      const v1::Recurrence& rec = e.recurrence();
      RecurrenceSpec spec;
      spec.rrule = rec.rrule();
      spec.first_date = {rec.first_date().year(), rec.first_date().month(),
                         rec.first_date().day()};
      spec.start_minute =
          rec.start_time().hours() * 60 + rec.start_time().minutes();
      if (rec.start_time().hours() < 0 || rec.start_time().hours() > 23 ||
          rec.start_time().minutes() < 0 || rec.start_time().minutes() > 59) {
        spec.start_minute = -1;
      }
      spec.duration_minutes = rec.duration_minutes();
      for (const auto& d : rec.exception_dates()) {
        spec.exceptions.push_back({d.year(), d.month(), d.day()});
      }
      spec.max_occurrences = options_.max_occurrences;
      absl::StatusOr<std::vector<Occurrence>> expanded = ExpandRecurrence(spec);
      if (!expanded.ok()) return expanded.status();
      occurrences = *std::move(expanded);
      start = occurrences.front().start;
      end = occurrences.back().end;
    }
  }
  if (!v.empty()) return v.ToStatus();
  const std::string kind = KindName(e.kind());
  const std::string recurrence_hex =
      e.kind() == v1::EVENT_KIND_SERIES
          ? common::HexOf(e.recurrence().SerializeAsString())
          : "";
  const int64_t now = options_.now();
  return Mutate<v1::CreateEventResponse>(
      pool_, caller, "CreateEvent", r, r.request_id(),
      [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateEventResponse> {
        GroupAccess access;
        access.city = true;
        std::string village_id, district = e.district();
        if (!group_id.empty()) {
          std::optional<GroupRow> g = LoadGroup(tx, group_id);
          if (!g) {
            return Error(StatusCode::kNotFound, "GROUP_NOT_FOUND",
                         "no group " + e.group());
          }
          access = LoadAccess(tx, caller, *g);
          if (!MayRead(caller, access)) {
            return Error(StatusCode::kNotFound, "GROUP_NOT_FOUND",
                         "no group " + e.group());
          }
          village_id = VillageOf(*g);
          if (district.empty() && g->proto.districts_size() > 0) {
            district = g->proto.districts(0);
          }
        }
        if (!Manages(caller, access)) return NotYourGroup();
        if (!parent_id.empty()) {
          absl::StatusOr<EventRow> parent =
              EventFor(tx, caller, parent_id, e.parent(), Need::kManage);
          if (!parent.ok()) return parent.status();
          if (absl::Status s = CheckNesting(
                  e.kind() == v1::EVENT_KIND_UMBRELLA ? EventKind::kUmbrella
                  : e.kind() == v1::EVENT_KIND_SERIES ? EventKind::kSeries
                                                      : EventKind::kSingle,
                  parent->Kind());
              !s.ok()) {
            return s;
          }
        }
        v1::Event stored = e;
        stored.set_district(district);
        std::string id =
            InsertEvent(tx, stored, group_id, village_id, parent_id, kind,
                        start, end, recurrence_hex, caller.account, now);
        const bool registers = e.has_registration();
        if (registers) {
          const v1::Registration& g = e.registration();
          tx.exec_params(
              kInsertRegistration, id, g.open_time().seconds(),
              g.close_time().seconds(), g.capacity(), g.waitlist_capacity(),
              g.max_group_size() == 0 ? 1 : g.max_group_size(), g.min_age(),
              g.max_age(), g.members_only(), g.min_attendance());
        }
        const int capacity = registers ? e.registration().capacity() : 0;
        const int waitlist =
            registers ? e.registration().waitlist_capacity() : 0;
        if (e.kind() == v1::EVENT_KIND_SINGLE) {
          tx.exec_params(kInsertPlaces, id, capacity, waitlist);
        }
        v1::CreateEventResponse response;
        for (const Occurrence& o : occurrences) {
          std::string occurrence_id =
              InsertEvent(tx, stored, group_id, village_id, id, "occurrence",
                          o.start, o.end, "", caller.account, now);
          tx.exec_params(kInsertPlaces, occurrence_id, capacity, waitlist);
          *response.add_occurrences() = LoadEvent(tx, occurrence_id)->proto;
        }
        *response.mutable_event() = LoadEvent(tx, id)->proto;
        return response;
      });
}

absl::StatusOr<v1::GetEventResponse> CommunityService::GetEvent(
    const common::Caller& caller, const v1::GetEventRequest& r) {
  common::FieldViolations v;
  std::string id = EventIdOf(r.name(), "name", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::GetEventResponse> {
        absl::StatusOr<EventRow> e =
            EventFor(tx, caller, id, r.name(), Need::kRead);
        if (!e.ok()) return e.status();
        v1::GetEventResponse response;
        *response.mutable_event() = e->proto;
        return response;
      });
}

absl::StatusOr<v1::PublishEventResponse> CommunityService::PublishEvent(
    const common::Caller& caller, const v1::PublishEventRequest& r) {
  common::FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = EventIdOf(r.name(), "name", v);
  if (!v.empty()) return v.ToStatus();
  return Mutate<v1::PublishEventResponse>(
      pool_, caller, "PublishEvent", r, r.request_id(),
      [&](pqxx::work& tx) -> absl::StatusOr<v1::PublishEventResponse> {
        absl::StatusOr<EventRow> e =
            EventFor(tx, caller, id, r.name(), Need::kManage, true);
        if (!e.ok()) return e.status();
        if (e->published()) {
          return Error(StatusCode::kFailedPrecondition, "ALREADY_PUBLISHED",
                       "the event is published");
        }
        for (const pqxx::row& row : tx.exec_params(kPublishTree, id)) {
          EventRow published = *LoadEvent(tx, row[0].as<std::string>());
          ev::EventPublished p;
          *p.mutable_activity() = ActivityOf(published);
          if (published.end_time != 0) {
            p.mutable_end_time()->set_seconds(published.end_time);
          }
          if (published.places) p.set_capacity(published.places->capacity);
          if (published.kind == "series") {
            p.set_occurrences(
                tx.exec_params(kOccurrenceCount, published.id)[0][0].as<int>());
            if (published.registration) {
              p.set_capacity(published.registration->capacity);
            }
          }
          AddEventToOutbox(tx, published, p);
        }
        v1::PublishEventResponse response;
        *response.mutable_event() = LoadEvent(tx, id)->proto;
        return response;
      });
}

absl::StatusOr<v1::Event> CommunityService::SetStatus(
    const common::Caller& caller, const std::string& request_id,
    const std::string& method, const google::protobuf::Message& request,
    const std::string& name, const std::string& status) {
  common::FieldViolations v;
  common::ValidateRequestId(request_id, v);
  std::string id = EventIdOf(name, "name", v);
  if (!v.empty()) return v.ToStatus();
  const int64_t now = options_.now();
  return Mutate<v1::Event>(
      pool_, caller, method.c_str(), request, request_id,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::Event> {
        absl::StatusOr<EventRow> e =
            EventFor(tx, caller, id, name, Need::kManage, true);
        if (!e.ok()) return e.status();
        if (e->cancelled()) {
          if (status == "cancelled") return e->proto;
          return Error(StatusCode::kFailedPrecondition, "EVENT_CANCELLED",
                       "the event is cancelled");
        }
        if (!e->published() && status == "postponed") {
          return Error(StatusCode::kFailedPrecondition, "NOT_PUBLISHED",
                       "a draft has no date to postpone");
        }
        for (const pqxx::row& row : tx.exec_params(kLiveTree, id, now)) {
          const std::string changed_id = row[0].as<std::string>();
          // RSVPs hold this lock and read the status under it.
          LockPlaces(tx, changed_id);
          tx.exec_params(kSetStatus, changed_id, status);
          EventRow changed = *LoadEvent(tx, changed_id);
          if (status == "cancelled") {
            ev::EventCancelled c;
            *c.mutable_activity() = ActivityOf(changed);
            c.set_rsvps_affected(
                tx.exec_params(kLiveRsvps, changed_id)[0][0].as<int>());
            AddEventToOutbox(tx, changed, c);
          } else {
            ev::EventChanged c;
            *c.mutable_activity() = ActivityOf(changed);
            if (changed.end_time != 0) {
              c.mutable_end_time()->set_seconds(changed.end_time);
            }
            c.set_status("POSTPONED");
            if (changed.places) *c.mutable_counts() = CountsOf(*changed.places);
            AddEventToOutbox(tx, changed, c);
          }
        }
        return LoadEvent(tx, id)->proto;
      });
}

absl::StatusOr<v1::PostponeEventResponse> CommunityService::PostponeEvent(
    const common::Caller& caller, const v1::PostponeEventRequest& r) {
  absl::StatusOr<v1::Event> e = SetStatus(
      caller, r.request_id(), "PostponeEvent", r, r.name(), "postponed");
  if (!e.ok()) return e.status();
  v1::PostponeEventResponse response;
  *response.mutable_event() = *std::move(e);
  return response;
}

absl::StatusOr<v1::CancelEventResponse> CommunityService::CancelEvent(
    const common::Caller& caller, const v1::CancelEventRequest& r) {
  absl::StatusOr<v1::Event> e = SetStatus(caller, r.request_id(), "CancelEvent",
                                          r, r.name(), "cancelled");
  if (!e.ok()) return e.status();
  v1::CancelEventResponse response;
  *response.mutable_event() = *std::move(e);
  return response;
}

}  // namespace lifelong::community
