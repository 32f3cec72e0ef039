// ListMyRsvps: the caller's own RSVPs, newest first.
#include <limits>

#include "common/errors.h"
#include "common/page_token.h"
#include "common/pg/transaction.h"
#include "services/community/community_service.h"
#include "services/community/places.h"
#include "services/community/rsvp_rows.h"

namespace lifelong::community {
namespace {

constexpr char kMine[] = R"sql(
  FROM rsvps r
  WHERE r.person = $1 AND ($2 OR r.status <> 'cancelled') AND r.seq < $3
  ORDER BY r.seq DESC LIMIT $4)sql";

}  // namespace

absl::StatusOr<v1::ListMyRsvpsResponse> CommunityService::ListMyRsvps(
    const common::Caller& caller, const v1::ListMyRsvpsRequest& r) {
  common::FieldViolations v;
  int size = common::PageSize(r.page_size(), v);
  if (!v.empty()) return v.ToStatus();
  const std::string query_key =
      caller.account + (r.include_cancelled() ? "|all" : "|live");
  absl::StatusOr<std::optional<common::PageCursor>> after =
      common::DecodePageToken(r.page_token(), query_key);
  if (!after.ok()) return after.status();
  const int64_t before =
      *after ? std::stoll((*after)->id) : std::numeric_limits<int64_t>::max();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListMyRsvpsResponse> {
        pqxx::result rows = tx.exec_params(
            std::string("SELECT ") + kRsvpColumns + ", r.seq " + kMine,
            caller.account, r.include_cancelled(), before, size + 1);
        v1::ListMyRsvpsResponse response;
        for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
          RsvpRow row = RsvpOf(rows[i]);
          if (row.status == "waitlisted") {
            row.proto.set_waitlist_position(
                WaitlistPosition(tx, row.event_id, row.id));
          }
          *response.add_rsvps() = row.proto;
        }
        if (static_cast<int>(rows.size()) > size) {
          response.set_next_page_token(common::EncodePageToken(
              {"", rows[size - 1][9].as<std::string>()}, query_key));
        }
        return response;
      });
}

}  // namespace lifelong::community
