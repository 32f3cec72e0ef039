// ListParticipants and ExportParticipants (CSV): an event's RSVPs for the
// managers of its group only; another group's manager gets
// PERMISSION_DENIED NOT_YOUR_GROUP, and a caller who may not read the event
// NOT_FOUND.
#include "absl/time/time.h"
#include "common/errors.h"
#include "common/page_token.h"
#include "common/pg/transaction.h"
#include "services/community/community_service.h"
#include "services/community/event_access.h"
#include "services/community/places.h"
#include "services/community/rsvp_rows.h"

namespace lifelong::community {
namespace {

// Live RSVPs first (in RSVP order), then cancelled ones.
constexpr char kPage[] = R"sql(
  FROM rsvps r
  WHERE r.event_id = $1
    AND ((r.status = 'cancelled')::int, r.seq) > ($2::int, $3::bigint)
  ORDER BY (r.status = 'cancelled')::int, r.seq LIMIT $4)sql";

constexpr int kExportLimit = 20000;

std::string Csv(const std::string& field) {
  if (field.find_first_of(",\"\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

const char* StatusWord(v1::RsvpStatus s) {
  switch (s) {
    case v1::RSVP_STATUS_CONFIRMED:
      return "CONFIRMED";
    case v1::RSVP_STATUS_WAITLISTED:
      return "WAITLISTED";
    case v1::RSVP_STATUS_SERIES:
      return "SERIES";
    default:
      return "CANCELLED";
  }
}

// Reads one page of RSVPs after (cancelled, seq).
pqxx::result Page(pqxx::work& tx, const std::string& event_id, int cancelled,
                  int64_t seq, int limit) {
  return tx.exec_params(std::string("SELECT ") + kRsvpColumns +
                            ", (r.status = 'cancelled')::int, r.seq " + kPage,
                        event_id, cancelled, seq, limit);
}

}  // namespace

absl::StatusOr<v1::ListParticipantsResponse> CommunityService::ListParticipants(
    const common::Caller& caller, const v1::ListParticipantsRequest& r) {
  common::FieldViolations v;
  std::string id = EventIdOf(r.event(), "event", v);
  int size = common::PageSize(r.page_size(), v);
  if (!v.empty()) return v.ToStatus();
  absl::StatusOr<std::optional<common::PageCursor>> after =
      common::DecodePageToken(r.page_token(), id);
  if (!after.ok()) return after.status();
  int cancelled = -1;
  int64_t seq = 0;
  if (*after) {
    cancelled = std::stoi((*after)->sort_key);
    seq = std::stoll((*after)->id);
  }
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::ListParticipantsResponse> {
        absl::StatusOr<EventRow> e =
            EventFor(tx, caller, id, r.event(), Need::kManage);
        if (!e.ok()) return e.status();
        pqxx::result rows = Page(tx, id, cancelled, seq, size + 1);
        v1::ListParticipantsResponse response;
        for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
          RsvpRow row = RsvpOf(rows[i]);
          if (row.status == "waitlisted") {
            row.proto.set_waitlist_position(WaitlistPosition(tx, id, row.id));
          }
          *response.add_rsvps() = row.proto;
        }
        if (static_cast<int>(rows.size()) > size) {
          const pqxx::row& last = rows[size - 1];
          response.set_next_page_token(common::EncodePageToken(
              {last[9].as<std::string>(), last[10].as<std::string>()}, id));
        }
        return response;
      });
}

absl::StatusOr<v1::ExportParticipantsResponse>
CommunityService::ExportParticipants(const common::Caller& caller,
                                     const v1::ExportParticipantsRequest& r) {
  common::FieldViolations v;
  std::string id = EventIdOf(r.event(), "event", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::ExportParticipantsResponse> {
        absl::StatusOr<EventRow> e =
            EventFor(tx, caller, id, r.event(), Need::kManage);
        if (!e.ok()) return e.status();
        std::string csv =
            "rsvp,person,group_size,status,waitlist_position,check_in_code,"
            "check_in_time\n";
        int position = 0;
        for (const pqxx::row& row : Page(tx, id, -1, 0, kExportLimit)) {
          RsvpRow rsvp = RsvpOf(row);
          const bool waiting = rsvp.status == "waitlisted";
          if (waiting) ++position;
          csv +=
              Csv(rsvp.proto.name()) + "," + Csv(rsvp.person) + "," +
              std::to_string(rsvp.group_size) + "," +
              StatusWord(rsvp.proto.status()) + "," +
              (waiting ? std::to_string(position) : "") + "," +
              Csv(rsvp.proto.check_in_code()) + "," +
              (rsvp.checked_in
                   ? absl::FormatTime(absl::RFC3339_sec,
                                      absl::FromUnixSeconds(
                                          rsvp.proto.check_in_time().seconds()),
                                      absl::UTCTimeZone())
                   : "") +
              "\n";
        }
        v1::ExportParticipantsResponse response;
        response.set_csv(csv);
        return response;
      });
}

}  // namespace lifelong::community
