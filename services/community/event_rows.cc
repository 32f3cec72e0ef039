#include "services/community/event_rows.h"

#include "common/resource_name.h"

namespace lifelong::community {
namespace {

const char* const kKinds[] = {"", "single", "umbrella", "series", "occurrence"};
const char* const kTypes[] = {"",         "meeting",      "course",
                              "festival", "volunteering", "exhibition"};
const char* const kStatuses[] = {"",          "draft",       "scheduled",
                                 "postponed", "rescheduled", "cancelled"};

template <size_t N>
int IndexOf(const char* const (&names)[N], const std::string& name) {
  for (size_t i = 1; i < N; ++i) {
    if (name == names[i]) return static_cast<int>(i);
  }
  return 0;
}

constexpr char kLockPlaces[] = R"sql(
  SELECT capacity, waitlist_capacity, confirmed, waitlisted, held, walk_ins,
         checked_in
  FROM places WHERE event_id = $1 FOR UPDATE)sql";

constexpr char kWritePlaces[] = R"sql(
  UPDATE places SET capacity = $2, waitlist_capacity = $3, confirmed = $4,
                    waitlisted = $5, held = $6, walk_ins = $7, checked_in = $8
  WHERE event_id = $1)sql";

}  // namespace

const char kEventColumns[] = R"sql(
  e.id, COALESCE(e.group_id, ''), COALESCE(e.village_id, ''),
  COALESCE(e.parent_id::text, ''), e.kind, e.type, e.status, e.title_ko,
  e.title_en, e.description_ko, e.description_en, e.place, e.district,
  e.online_url, e.audience_note, e.accessibility_note,
  COALESCE(extract(epoch FROM e.start_time)::bigint, 0),
  COALESCE(extract(epoch FROM e.end_time)::bigint, 0),
  COALESCE(encode(e.recurrence, 'hex'), ''), e.version,
  r.event_id IS NOT NULL, COALESCE(extract(epoch FROM r.open_time)::bigint, 0),
  COALESCE(extract(epoch FROM r.close_time)::bigint, 0),
  COALESCE(r.capacity, 0), COALESCE(r.waitlist_capacity, 0),
  COALESCE(r.max_group_size, 1), COALESCE(r.min_age, 0),
  COALESCE(r.max_age, 0), COALESCE(r.members_only, false),
  COALESCE(r.min_attendance, 0),
  p.event_id IS NOT NULL, COALESCE(p.capacity, 0),
  COALESCE(p.waitlist_capacity, 0), COALESCE(p.confirmed, 0),
  COALESCE(p.waitlisted, 0), COALESCE(p.held, 0), COALESCE(p.walk_ins, 0),
  COALESCE(p.checked_in, 0))sql";

const char kEventJoins[] = R"sql(
  FROM events e
  LEFT JOIN registrations r
    ON r.event_id = CASE WHEN e.kind = 'occurrence' THEN e.parent_id ELSE e.id END
  LEFT JOIN places p ON p.event_id = e.id)sql";

namespace {

std::string Unhex(const std::string& hex) {
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

}  // namespace

EventKind EventRow::Kind() const {
  if (kind == "umbrella") return EventKind::kUmbrella;
  if (kind == "series") return EventKind::kSeries;
  if (kind == "occurrence") return EventKind::kOccurrence;
  return EventKind::kSingle;
}

EventRow EventOf(const pqxx::row& r) {
  EventRow e;
  e.id = r[0].as<std::string>();
  e.group_id = r[1].as<std::string>();
  e.village_id = r[2].as<std::string>();
  e.parent_id = r[3].as<std::string>();
  e.kind = r[4].as<std::string>();
  e.type = r[5].as<std::string>();
  e.status = r[6].as<std::string>();
  e.start_time = r[16].as<int64_t>();
  e.end_time = r[17].as<int64_t>();
  e.version = r[19].as<int>();
  if (r[20].as<bool>()) {
    RegistrationRow g;
    g.open_time = r[21].as<int64_t>();
    g.close_time = r[22].as<int64_t>();
    g.capacity = r[23].as<int>();
    g.waitlist_capacity = r[24].as<int>();
    g.max_group_size = r[25].as<int>();
    g.min_age = r[26].as<int>();
    g.max_age = r[27].as<int>();
    g.members_only = r[28].as<bool>();
    g.min_attendance = r[29].as<int>();
    e.registration = g;
  }
  if (r[30].as<bool>()) {
    PlacesRow p;
    p.capacity = r[31].as<int>();
    p.waitlist_capacity = r[32].as<int>();
    p.confirmed = r[33].as<int>();
    p.waitlisted = r[34].as<int>();
    p.held = r[35].as<int>();
    p.walk_ins = r[36].as<int>();
    p.checked_in = r[37].as<int>();
    e.places = p;
  }
  v1::Event& p = e.proto;
  p.set_name("events/" + e.id);
  if (!e.group_id.empty()) p.set_group("groups/" + e.group_id);
  if (!e.village_id.empty()) p.set_village("groups/" + e.village_id);
  if (!e.parent_id.empty()) p.set_parent("events/" + e.parent_id);
  p.set_kind(static_cast<v1::EventKind>(IndexOf(kKinds, e.kind)));
  p.set_type(static_cast<v1::EventType>(IndexOf(kTypes, e.type)));
  p.set_status(StatusOf(e.status));
  p.mutable_title()->set_ko(r[7].as<std::string>());
  p.mutable_title()->set_en(r[8].as<std::string>());
  p.mutable_description()->set_ko(r[9].as<std::string>());
  p.mutable_description()->set_en(r[10].as<std::string>());
  p.set_place(r[11].as<std::string>());
  p.set_district(r[12].as<std::string>());
  p.set_online_url(r[13].as<std::string>());
  p.set_audience_note(r[14].as<std::string>());
  p.set_accessibility_note(r[15].as<std::string>());
  if (e.start_time != 0) p.mutable_start_time()->set_seconds(e.start_time);
  if (e.end_time != 0) p.mutable_end_time()->set_seconds(e.end_time);
  std::string recurrence = r[18].as<std::string>();
  if (!recurrence.empty()) {
    p.mutable_recurrence()->ParseFromString(Unhex(recurrence));
  }
  if (e.registration) {
    v1::Registration* g = p.mutable_registration();
    g->mutable_open_time()->set_seconds(e.registration->open_time);
    g->mutable_close_time()->set_seconds(e.registration->close_time);
    g->set_capacity(e.registration->capacity);
    g->set_waitlist_capacity(e.registration->waitlist_capacity);
    g->set_max_group_size(e.registration->max_group_size);
    g->set_min_age(e.registration->min_age);
    g->set_max_age(e.registration->max_age);
    g->set_members_only(e.registration->members_only);
    g->set_min_attendance(e.registration->min_attendance);
  }
  if (e.places) {
    p.set_confirmed(e.places->confirmed);
    p.set_remaining_places(
        std::max(0, e.places->capacity - e.places->confirmed - e.places->held));
    p.set_waitlisted(e.places->waitlisted);
    p.set_checked_in(e.places->checked_in);
    if (e.registration) {
      // An occurrence's own places may differ from its series'.
      p.mutable_registration()->set_capacity(e.places->capacity);
      p.mutable_registration()->set_waitlist_capacity(
          e.places->waitlist_capacity);
    }
  }
  p.set_etag("v" + std::to_string(e.version));
  return e;
}

std::string EventIdOf(const std::string& name, const std::string& field,
                      common::FieldViolations& violations) {
  return common::UuidOf(name, "events", field, violations);
}

std::optional<EventRow> LoadEvent(pqxx::work& tx, const std::string& id,
                                  bool lock) {
  pqxx::result rows =
      tx.exec_params(std::string("SELECT ") + kEventColumns + kEventJoins +
                         " WHERE e.id = $1" + (lock ? " FOR UPDATE OF e" : ""),
                     id);
  if (rows.empty()) return std::nullopt;
  return EventOf(rows[0]);
}

std::optional<PlacesRow> LockPlaces(pqxx::work& tx, const std::string& id) {
  pqxx::result rows = tx.exec_params(kLockPlaces, id);
  if (rows.empty()) return std::nullopt;
  const pqxx::row& r = rows[0];
  return PlacesRow{r[0].as<int>(), r[1].as<int>(), r[2].as<int>(),
                   r[3].as<int>(), r[4].as<int>(), r[5].as<int>(),
                   r[6].as<int>()};
}

void WritePlaces(pqxx::work& tx, const std::string& id, const PlacesRow& p) {
  tx.exec_params(kWritePlaces, id, p.capacity, p.waitlist_capacity, p.confirmed,
                 p.waitlisted, p.held, p.walk_ins, p.checked_in);
}

std::string KindName(v1::EventKind kind) {
  int i = static_cast<int>(kind);
  return i >= 1 && i <= 4 ? kKinds[i] : "";
}
std::string TypeName(v1::EventType type) {
  int i = static_cast<int>(type);
  return i >= 1 && i <= 5 ? kTypes[i] : "";
}
std::string StatusName(v1::EventStatus status) {
  int i = static_cast<int>(status);
  return i >= 1 && i <= 5 ? kStatuses[i] : "";
}
v1::EventStatus StatusOf(const std::string& name) {
  return static_cast<v1::EventStatus>(IndexOf(kStatuses, name));
}

absl::Status EventNotFound(const std::string& name) {
  return common::Error(absl::StatusCode::kNotFound, "EVENT_NOT_FOUND",
                       "no event " + name);
}

}  // namespace lifelong::community
