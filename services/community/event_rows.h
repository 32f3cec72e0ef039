// Events as stored and as the API shows them: the row type with its
// registration and places, named SQL to load it, and the string ↔ enum
// mappings. A single event or an occurrence has a `places` row; an
// occurrence takes its series' registration.
//
//   std::optional<EventRow> e = LoadEvent(tx, id);
//   std::optional<PlacesRow> p = LockPlaces(tx, e->id);  // then decide
//   WritePlaces(tx, e->id, *p);
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/errors.h"
#include "lifelong/community/v1/community_service.pb.h"
#include "services/community/event_tree.h"

namespace lifelong::community {

namespace v1 = lifelong::community::v1;

struct RegistrationRow {
  int64_t open_time = 0;
  int64_t close_time = 0;
  int capacity = 0;
  int waitlist_capacity = 0;
  int max_group_size = 1;
  int min_age = 0;
  int max_age = 0;
  bool members_only = false;
  int min_attendance = 0;
};

struct PlacesRow {
  int capacity = 0;
  int waitlist_capacity = 0;
  int confirmed = 0;
  int waitlisted = 0;
  int held = 0;
  int walk_ins = 0;
  int checked_in = 0;
};

struct EventRow {
  std::string id;          // uuid
  std::string group_id;    // "" for a city event
  std::string village_id;  // ""
  std::string parent_id;   // ""
  std::string kind;        // "single", "umbrella", "series", "occurrence"
  std::string type;        // "meeting", ...
  std::string status;      // "draft", "scheduled", ...
  int64_t start_time = 0;  // 0: none
  int64_t end_time = 0;
  int version = 1;
  std::optional<RegistrationRow> registration;
  std::optional<PlacesRow> places;
  v1::Event proto;  // everything above, as the API shows it

  EventKind Kind() const;
  bool published() const { return status != "draft"; }
  bool cancelled() const { return status == "cancelled"; }
};

// The id of "events/{uuid}", or "" with a violation on `field`.
std::string EventIdOf(const std::string& name, const std::string& field,
                      common::FieldViolations& violations);

// nullopt when there is no such event. `lock` locks the event's row (not
// its places).
std::optional<EventRow> LoadEvent(pqxx::work& tx, const std::string& id,
                                  bool lock = false);
// The columns LoadEvent reads (FROM events e with registrations r and
// places p joined), and a row of them as an EventRow.
extern const char kEventColumns[];
extern const char kEventJoins[];
EventRow EventOf(const pqxx::row& row);

// Locks and reads a bookable event's places; nullopt when it has none.
std::optional<PlacesRow> LockPlaces(pqxx::work& tx, const std::string& id);
// Writes the counts back (the CHECKs hold the invariant).
void WritePlaces(pqxx::work& tx, const std::string& id, const PlacesRow& p);

std::string KindName(v1::EventKind kind);
std::string TypeName(v1::EventType type);
std::string StatusName(v1::EventStatus status);
v1::EventStatus StatusOf(const std::string& name);

// The NOT_FOUND every unknown or unreadable event answers.
absl::Status EventNotFound(const std::string& name);

}  // namespace lifelong::community
