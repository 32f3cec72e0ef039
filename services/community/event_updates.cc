// UpdateEvent: texts, times (one occurrence, or this and every later one of
// its series: recurrence.h MoveOccurrences), registration settings, and
// places. A capacity raise promotes from the waitlist in the same
// transaction (places.h); a capacity below the people confirmed and held is
// refused (promotion.h CheckPlacesChange) and nothing changes.
#include <set>

#include "common/errors.h"
#include "services/community/community_events.h"
#include "services/community/community_service.h"
#include "services/community/event_access.h"
#include "services/community/event_validation.h"
#include "services/community/mutation.h"
#include "services/community/places.h"
#include "services/community/promotion.h"
#include "services/community/recurrence.h"

namespace lifelong::community {
namespace {

using absl::StatusCode;
using common::Error;

const std::set<std::string>& TextPaths() {
  static const std::set<std::string> paths = {
      "title",         "description",       "place", "district", "online_url",
      "audience_note", "accessibility_note"};
  return paths;
}
const std::set<std::string>& RegistrationPaths() {
  static const std::set<std::string> paths = {
      "registration.capacity",       "registration.waitlist_capacity",
      "registration.max_group_size", "registration.open_time",
      "registration.close_time",     "registration.members_only"};
  return paths;
}

constexpr char kWriteTexts[] = R"sql(
  UPDATE events SET title_ko = $2, title_en = $3, description_ko = $4,
    description_en = $5, place = $6, district = $7, online_url = $8,
    audience_note = $9, accessibility_note = $10, version = version + 1
  WHERE id = $1)sql";

constexpr char kSiblings[] = R"sql(
  SELECT id::text, extract(epoch FROM start_time)::bigint,
         extract(epoch FROM end_time)::bigint
  FROM events WHERE parent_id = $1 AND kind = 'occurrence'
    AND status <> 'cancelled' ORDER BY start_time FOR UPDATE)sql";

constexpr char kMove[] = R"sql(
  UPDATE events SET start_time = to_timestamp($2::bigint),
    end_time = to_timestamp($3::bigint), version = version + 1,
    status = CASE WHEN status = 'postponed' THEN 'rescheduled' ELSE status END
  WHERE id = $1)sql";

constexpr char kWriteRegistration[] = R"sql(
  UPDATE registrations SET open_time = to_timestamp($2::bigint),
    close_time = to_timestamp($3::bigint), capacity = $4,
    waitlist_capacity = $5, max_group_size = $6, members_only = $7
  WHERE event_id = $1)sql";

constexpr char kUpcomingOccurrences[] = R"sql(
  SELECT id::text FROM events
  WHERE parent_id = $1 AND kind = 'occurrence'
    AND start_time > to_timestamp($2::bigint)
  ORDER BY start_time, id)sql";

constexpr char kFollowing[] = R"sql(
  SELECT id::text FROM events
  WHERE parent_id = $1 AND kind = 'occurrence'
    AND start_time >= to_timestamp($2::bigint)
  ORDER BY start_time, id)sql";

// New places of one bookable event; returns how many were promoted.
absl::StatusOr<int> ChangePlaces(pqxx::work& tx, const EventRow& e,
                                 int capacity, int waitlist_capacity) {
  std::optional<PlacesRow> p = LockPlaces(tx, e.id);
  if (!p) return 0;
  // Capacity first (the waiting list is judged after promotion).
  if (absl::Status s = CheckPlacesChange(capacity, p->waitlisted, p->confirmed,
                                         p->held, p->waitlisted);
      !s.ok()) {
    return s;
  }
  p->capacity = capacity;
  p->waitlist_capacity = std::max(waitlist_capacity, p->waitlisted);
  int promoted = static_cast<int>(SettlePlaces(tx, e, *p).size());
  if (absl::Status s = CheckPlacesChange(capacity, waitlist_capacity,
                                         p->confirmed, p->held, p->waitlisted);
      !s.ok()) {
    return s;
  }
  if (p->waitlist_capacity != waitlist_capacity) {
    p->waitlist_capacity = waitlist_capacity;
    WritePlaces(tx, e.id, *p);
  }
  return promoted;
}

// The text fields named in `paths` from `in` onto `t`.
void OverlayTexts(const v1::Event& in, const std::set<std::string>& paths,
                  v1::Event& t) {
  if (paths.count("title")) *t.mutable_title() = in.title();
  if (paths.count("description")) *t.mutable_description() = in.description();
  if (paths.count("place")) t.set_place(in.place());
  if (paths.count("district")) t.set_district(in.district());
  if (paths.count("online_url")) t.set_online_url(in.online_url());
  if (paths.count("audience_note")) t.set_audience_note(in.audience_note());
  if (paths.count("accessibility_note")) {
    t.set_accessibility_note(in.accessibility_note());
  }
}

void Announce(pqxx::work& tx, const std::string& id) {
  EventRow e = *LoadEvent(tx, id);
  ev::EventChanged c;
  *c.mutable_activity() = ActivityOf(e);
  if (e.end_time != 0) c.mutable_end_time()->set_seconds(e.end_time);
  c.set_status(e.status == "postponed"     ? "POSTPONED"
               : e.status == "rescheduled" ? "RESCHEDULED"
                                           : "SCHEDULED");
  if (e.places) *c.mutable_counts() = CountsOf(*e.places);
  AddEventToOutbox(tx, e, c);
}

}  // namespace

absl::StatusOr<v1::UpdateEventResponse> CommunityService::UpdateEvent(
    const common::Caller& caller, const v1::UpdateEventRequest& r) {
  common::FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = EventIdOf(r.event().name(), "event.name", v);
  std::set<std::string> paths(r.update_mask().paths().begin(),
                              r.update_mask().paths().end());
  if (paths.empty()) v.Add("update_mask", "REQUIRED", "the fields to change");
  bool texts = false, times = false, registration = false;
  for (const std::string& p : paths) {
    if (TextPaths().count(p)) {
      texts = true;
    } else if (p == "start_time" || p == "end_time") {
      times = true;
    } else if (RegistrationPaths().count(p)) {
      registration = true;
    } else {
      v.Add("update_mask", "UNKNOWN_PATH", p + " cannot be changed");
    }
  }
  if (paths.count("title") && r.event().title().ko().empty()) {
    v.Add("event.title.ko", "REQUIRED", "a Korean title");
  }
  ValidateEventTexts(r.event(), v);
  if (!v1::EditScope_IsValid(r.scope())) {
    v.Add("scope", "INVALID_VALUE", "THIS or THIS_AND_FOLLOWING");
  }
  if (!v.empty()) return v.ToStatus();
  const bool following = r.scope() == v1::EDIT_SCOPE_THIS_AND_FOLLOWING;
  const int64_t now = options_.now();
  return Mutate<v1::UpdateEventResponse>(
      pool_, caller, "UpdateEvent", r, r.request_id(),
      [&](pqxx::work& tx) -> absl::StatusOr<v1::UpdateEventResponse> {
        absl::StatusOr<EventRow> e =
            EventFor(tx, caller, id, r.event().name(), Need::kManage, true);
        if (!e.ok()) return e.status();
        if (!r.etag().empty() && r.etag() != e->proto.etag()) {
          return Error(StatusCode::kAborted, "ETAG_MISMATCH",
                       "the event changed since it was read");
        }
        if (e->cancelled()) {
          return Error(StatusCode::kFailedPrecondition, "EVENT_CANCELLED",
                       "the event is cancelled");
        }
        common::FieldViolations bad;
        if (following && e->kind != "occurrence") {
          bad.Add("scope", "NOT_ALLOWED", "only an occurrence has following");
        }
        if (times && e->kind == "series") {
          bad.Add("update_mask", "NOT_ALLOWED",
                  "move a series' occurrences, not the series");
        }
        if (registration && !e->registration) {
          bad.Add("update_mask", "NO_REGISTRATION", "the event takes no RSVPs");
        }
        for (const std::string& p : paths) {
          if (e->kind == "occurrence" && RegistrationPaths().count(p) &&
              p != "registration.capacity" &&
              p != "registration.waitlist_capacity") {
            bad.Add("update_mask", "NOT_ALLOWED",
                    p + " belongs to the series' registration");
          }
        }
        if (!bad.empty()) return bad.ToStatus();
        std::vector<std::string> changed = {e->id};
        v1::UpdateEventResponse response;
        if (texts) {
          // This event, and with THIS_AND_FOLLOWING every later occurrence.
          std::vector<std::string> targets = {e->id};
          if (following) {
            for (const pqxx::row& row :
                 tx.exec_params(kFollowing, e->parent_id, e->start_time)) {
              if (row[0].as<std::string>() != e->id) {
                targets.push_back(row[0].as<std::string>());
                changed.push_back(row[0].as<std::string>());
              }
            }
          }
          for (const std::string& target : targets) {
            v1::Event t = LoadEvent(tx, target)->proto;
            OverlayTexts(r.event(), paths, t);
            tx.exec_params(kWriteTexts, target, t.title().ko(), t.title().en(),
                           t.description().ko(), t.description().en(),
                           t.place(), t.district(), t.online_url(),
                           t.audience_note(), t.accessibility_note());
          }
        }
        if (times) {
          int64_t start = paths.count("start_time")
                              ? r.event().start_time().seconds()
                              : e->start_time;
          int64_t end = paths.count("end_time") ? r.event().end_time().seconds()
                                                : e->end_time;
          if (start <= 0 || end <= start) {
            common::FieldViolations range;
            range.Add("event.end_time", "INVALID_RANGE", "end after start");
            return range.ToStatus();
          }
          if (e->kind == "occurrence") {
            std::vector<OccurrenceTimes> series;
            for (const pqxx::row& row :
                 tx.exec_params(kSiblings, e->parent_id)) {
              series.push_back({row[0].as<std::string>(), row[1].as<int64_t>(),
                                row[2].as<int64_t>()});
            }
            for (const OccurrenceTimes& m :
                 MoveOccurrences(series, e->id, start, end, following)) {
              tx.exec_params(kMove, m.id, m.start, m.end);
              if (m.id != e->id) changed.push_back(m.id);
            }
          } else {
            tx.exec_params(kMove, e->id, start, end);
          }
        }
        if (registration) {
          const v1::Registration& in = r.event().registration();
          RegistrationRow g = *e->registration;
          if (e->places) {  // an occurrence's own places may differ
            g.capacity = e->places->capacity;
            g.waitlist_capacity = e->places->waitlist_capacity;
          }
          if (paths.count("registration.capacity")) g.capacity = in.capacity();
          if (paths.count("registration.waitlist_capacity")) {
            g.waitlist_capacity = in.waitlist_capacity();
          }
          if (paths.count("registration.max_group_size")) {
            g.max_group_size = in.max_group_size();
          }
          if (paths.count("registration.open_time")) {
            g.open_time = in.open_time().seconds();
          }
          if (paths.count("registration.close_time")) {
            g.close_time = in.close_time().seconds();
          }
          if (paths.count("registration.members_only")) {
            g.members_only = in.members_only();
          }
          v1::Registration check;
          check.mutable_open_time()->set_seconds(g.open_time);
          check.mutable_close_time()->set_seconds(g.close_time);
          check.set_capacity(g.capacity);
          check.set_waitlist_capacity(g.waitlist_capacity);
          check.set_max_group_size(g.max_group_size);
          common::FieldViolations range;
          ValidateRegistration(check, "event.registration", range);
          if (!range.empty()) return range.ToStatus();
          if (e->kind != "occurrence") {
            tx.exec_params(kWriteRegistration, e->id, g.open_time, g.close_time,
                           g.capacity, g.waitlist_capacity, g.max_group_size,
                           g.members_only);
          }
          // The bookable events whose places change.
          std::vector<std::string> bookable;
          if (e->kind == "single" || (e->kind == "occurrence" && !following)) {
            bookable.push_back(e->id);
          } else if (e->kind == "series") {
            for (const pqxx::row& row :
                 tx.exec_params(kUpcomingOccurrences, e->id, now)) {
              bookable.push_back(row[0].as<std::string>());
            }
          } else {
            for (const pqxx::row& row :
                 tx.exec_params(kFollowing, e->parent_id, e->start_time)) {
              bookable.push_back(row[0].as<std::string>());
            }
          }
          for (const std::string& b : bookable) {
            EventRow target = *LoadEvent(tx, b);
            absl::StatusOr<int> promoted =
                ChangePlaces(tx, target, g.capacity, g.waitlist_capacity);
            if (!promoted.ok()) return promoted.status();
            response.set_promoted(response.promoted() + *promoted);
            if (b != e->id) changed.push_back(b);
          }
        }
        if (!texts) {
          tx.exec_params(
              "UPDATE events SET version = version + 1 WHERE id = $1", e->id);
        }
        std::set<std::string> announced;
        for (const std::string& c : changed) {
          if (announced.insert(c).second) Announce(tx, c);
        }
        *response.mutable_event() = LoadEvent(tx, id)->proto;
        return response;
      });
}

}  // namespace lifelong::community
