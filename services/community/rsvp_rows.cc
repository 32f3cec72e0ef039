#include "services/community/rsvp_rows.h"

#include <random>

#include "services/community/places.h"

namespace lifelong::community {
namespace {

constexpr char kCodeTaken[] =
    "SELECT 1 FROM rsvps WHERE event_id = $1 AND check_in_code = $2";

}  // namespace

const char kRsvpColumns[] = R"sql(
  r.id::text, r.event_id::text, COALESCE(r.series_rsvp_id::text, ''),
  COALESCE(r.person, ''), r.group_size, r.status,
  COALESCE(r.check_in_code, ''),
  COALESCE(extract(epoch FROM r.checked_in_at)::bigint, 0),
  extract(epoch FROM r.created_at)::bigint)sql";

RsvpRow RsvpOf(const pqxx::row& r) {
  RsvpRow row;
  row.id = r[0].as<std::string>();
  row.event_id = r[1].as<std::string>();
  row.series_rsvp_id = r[2].as<std::string>();
  row.person = r[3].as<std::string>();
  row.group_size = r[4].as<int>();
  row.status = r[5].as<std::string>();
  int64_t checked_in = r[7].as<int64_t>();
  row.checked_in = checked_in != 0;
  v1::Rsvp& p = row.proto;
  p.set_name("rsvps/" + row.id);
  p.set_event("events/" + row.event_id);
  if (!row.series_rsvp_id.empty()) {
    p.set_series_rsvp("rsvps/" + row.series_rsvp_id);
  }
  p.set_person(row.person);
  p.set_group_size(row.group_size);
  p.set_status(row.status == "confirmed"    ? v1::RSVP_STATUS_CONFIRMED
               : row.status == "waitlisted" ? v1::RSVP_STATUS_WAITLISTED
               : row.status == "series"     ? v1::RSVP_STATUS_SERIES
                                            : v1::RSVP_STATUS_CANCELLED);
  p.set_check_in_code(r[6].as<std::string>());
  if (checked_in != 0) p.mutable_check_in_time()->set_seconds(checked_in);
  p.mutable_create_time()->set_seconds(r[8].as<int64_t>());
  return row;
}

std::optional<RsvpRow> LoadRsvp(pqxx::work& tx, const std::string& id,
                                bool lock) {
  pqxx::result rows = tx.exec_params(std::string("SELECT ") + kRsvpColumns +
                                         " FROM rsvps r WHERE r.id = $1" +
                                         (lock ? " FOR UPDATE" : ""),
                                     id);
  if (rows.empty()) return std::nullopt;
  RsvpRow row = RsvpOf(rows[0]);
  if (row.status == "waitlisted") {
    row.proto.set_waitlist_position(WaitlistPosition(tx, row.event_id, row.id));
  }
  return row;
}

std::string NewCheckInCode(pqxx::work& tx, const std::string& event_id) {
  static constexpr char kAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_int_distribution<int> pick(0, sizeof(kAlphabet) - 2);
  for (;;) {
    std::string code;
    for (int i = 0; i < 6; ++i) code.push_back(kAlphabet[pick(random)]);
    if (tx.exec_params(kCodeTaken, event_id, code).empty()) return code;
  }
}

}  // namespace lifelong::community
