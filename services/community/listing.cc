// ListEvents: upcoming published events across every village, for anyone
// (no sign-in), by start time, with remaining places and waitlist length:
// single events, occurrences and festivals of public groups and of the city.
#include "common/errors.h"
#include "common/page_token.h"
#include "common/pg/transaction.h"
#include "services/community/community_service.h"
#include "services/community/event_rows.h"
#include "services/community/group_rows.h"

namespace lifelong::community {
namespace {

constexpr int64_t kDefaultDays = 31;
constexpr int64_t kMaxDays = 92;

constexpr char kUpcoming[] = R"sql(
  LEFT JOIN groups g ON g.id = e.group_id
  WHERE e.status <> 'draft' AND e.kind IN ('single', 'occurrence', 'umbrella')
    AND e.start_time >= to_timestamp($1::bigint)
    AND e.start_time < to_timestamp($2::bigint)
    AND (g.id IS NULL OR g.visibility = 'public')
    AND ($3 = '' OR e.village_id = $3) AND ($4 = '' OR e.type = $4)
    AND (e.start_time, e.id) > (to_timestamp($5::bigint), $6::uuid)
  ORDER BY e.start_time, e.id LIMIT $7)sql";

}  // namespace

absl::StatusOr<v1::ListEventsResponse> CommunityService::ListEvents(
    const common::Caller&, const v1::ListEventsRequest& r) {
  common::FieldViolations v;
  int size = common::PageSize(r.page_size(), v);
  const int64_t from =
      r.has_start_time() ? r.start_time().seconds() : options_.now();
  const int64_t to =
      r.has_end_time() ? r.end_time().seconds() : from + kDefaultDays * 86400;
  if (to <= from || to - from > kMaxDays * 86400) {
    v.Add("end_time", "INVALID_RANGE", "after start_time, within 92 days");
  }
  std::string village_id;
  if (!r.village().empty()) village_id = GroupIdOf(r.village(), "village", v);
  if (!v1::EventView_IsValid(r.view())) {
    v.Add("view", "INVALID_VALUE", "BASIC or FULL");
  }
  if (!v1::EventType_IsValid(r.type())) {
    v.Add("type", "INVALID_VALUE", "unknown type");
  }
  if (!v.empty()) return v.ToStatus();
  const std::string type = TypeName(r.type());
  const std::string query_key = std::to_string(from) + "|" +
                                std::to_string(to) + "|" + village_id + "|" +
                                type;
  absl::StatusOr<std::optional<common::PageCursor>> after =
      common::DecodePageToken(r.page_token(), query_key);
  if (!after.ok()) return after.status();
  const int64_t after_time = *after ? std::stoll((*after)->sort_key) : from - 1;
  const std::string after_id =
      *after ? (*after)->id : "00000000-0000-0000-0000-000000000000";
  // Answers from memory within the cache's TTL (listing_cache.h).
  const bool full = r.view() == v1::EVENT_VIEW_FULL;
  const std::string cache_key =
      query_key + "|" + std::to_string(size) + "|" + r.page_token();
  if (auto hit = listing_cache_->Get(cache_key)) return *hit;
  absl::StatusOr<v1::ListEventsResponse> read = common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListEventsResponse> {
        pqxx::result rows = tx.exec_params(
            std::string("SELECT ") + kEventColumns + kEventJoins + kUpcoming,
            from, to, village_id, type, after_time, after_id, size + 1);
        v1::ListEventsResponse response;
        for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
          EventRow e = EventOf(rows[i]);
          v1::Event* out = response.add_events();
          *out = std::move(e.proto);
          if (!full) {
            out->clear_description();
            out->clear_audience_note();
            out->clear_accessibility_note();
            out->clear_registration();
            out->clear_etag();
          }
        }
        if (static_cast<int>(rows.size()) > size) {
          EventRow last = EventOf(rows[size - 1]);
          response.set_next_page_token(common::EncodePageToken(
              {std::to_string(last.start_time), last.id}, query_key));
        }
        return response;
      });
  if (read.ok()) listing_cache_->Put(cache_key, *read);
  return read;
}

}  // namespace lifelong::community
