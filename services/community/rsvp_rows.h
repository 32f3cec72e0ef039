// RSVPs as stored and as the API shows them, and the short check-in code.
//
//   std::optional<RsvpRow> r = LoadRsvp(tx, id);   // waitlist_position set
//   std::string code = NewCheckInCode(tx, event_id);
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "lifelong/community/v1/community_service.pb.h"

namespace lifelong::community {

namespace v1 = lifelong::community::v1;

struct RsvpRow {
  std::string id;
  std::string event_id;
  std::string series_rsvp_id;  // ""
  std::string person;          // "" once anonymised
  int group_size = 1;
  std::string status;  // "confirmed", "waitlisted", "cancelled", "series"
  bool checked_in = false;
  v1::Rsvp proto;  // waitlist_position included
};

// The columns RsvpOf reads, FROM rsvps r.
extern const char kRsvpColumns[];
RsvpRow RsvpOf(const pqxx::row& row);

// nullopt when there is no such RSVP; `lock` locks its row.
std::optional<RsvpRow> LoadRsvp(pqxx::work& tx, const std::string& id,
                                bool lock = false);

// Six characters from an alphabet without look-alikes (no 0/O, 1/I/L),
// unused at `event_id` so far (the caller holds the event's places lock).
std::string NewCheckInCode(pqxx::work& tx, const std::string& event_id);

}  // namespace lifelong::community
