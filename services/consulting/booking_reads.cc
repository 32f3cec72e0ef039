// GetBooking, ListMyBookings, ListCentreBookings. A booking another caller
// may not see answers NOT_FOUND (booking_rows.h MaySee).
#include "common/errors.h"
#include "common/page_token.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "services/consulting/consulting_service.h"
#include "services/consulting/schedule_validation.h"

namespace lifelong::consulting {
namespace {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;

// Newest start first, keyset on (start, id).
constexpr char kMyBookings[] = R"sql(
  FROM bookings
  WHERE citizen_id = $1
    AND ($2 = '' OR (EXTRACT(EPOCH FROM start_at)::bigint, id::text)
                    < ($3::bigint, $2))
  ORDER BY start_at DESC, id::text DESC LIMIT $4)sql";
constexpr char kCentreBookings[] = R"sql(
  FROM bookings
  WHERE centre = $1 AND status <> 'expired'
    AND start_at >= to_timestamp($2) AND start_at < to_timestamp($3)
    AND ($4 = '' OR (EXTRACT(EPOCH FROM start_at)::bigint, id::text)
                    > ($5::bigint, $4))
  ORDER BY start_at, id::text LIMIT $6)sql";

}  // namespace

absl::StatusOr<v1::GetBookingResponse> ConsultingService::GetBooking(
    const common::Caller& caller, const v1::GetBookingRequest& r) {
  FieldViolations v;
  std::string id = common::UuidOf(r.name(), "bookings", "name", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::GetBookingResponse> {
        std::optional<BookingRow> row = LoadBooking(tx, id, false);
        if (!row || !MaySee(caller, *row)) {
          return Error(StatusCode::kNotFound, "BOOKING_NOT_FOUND",
                       "no such booking");
        }
        v1::GetBookingResponse response;
        *response.mutable_booking() = BookingOf(*row);
        return response;
      });
}

absl::StatusOr<v1::ListMyBookingsResponse> ConsultingService::ListMyBookings(
    const common::Caller& caller, const v1::ListMyBookingsRequest& r) {
  FieldViolations v;
  int size = common::PageSize(r.page_size(), v);
  std::string citizen_id =
      common::UuidOf(caller.account, "citizens", "caller", v);
  if (!v.empty()) return v.ToStatus();
  std::string query = "my:" + citizen_id;
  absl::StatusOr<std::optional<common::PageCursor>> after =
      common::DecodePageToken(r.page_token(), query);
  if (!after.ok()) return after.status();
  std::string after_id = *after ? (*after)->id : "";
  std::string after_key = *after ? (*after)->sort_key : "0";
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListMyBookingsResponse> {
        pqxx::result rows = tx.exec_params(
            std::string("SELECT ") + kBookingColumns + kMyBookings, citizen_id,
            after_id, after_key, size + 1);
        v1::ListMyBookingsResponse response;
        for (int i = 0; i < std::min<int>(size, rows.size()); ++i) {
          *response.add_bookings() = BookingOf(BookingRowOf(rows[i]));
        }
        if (static_cast<int>(rows.size()) > size) {
          BookingRow last = BookingRowOf(rows[size - 1]);
          response.set_next_page_token(common::EncodePageToken(
              {std::to_string(last.start), last.id}, query));
        }
        return response;
      });
}

absl::StatusOr<v1::ListCentreBookingsResponse>
ConsultingService::ListCentreBookings(const common::Caller& caller,
                                      const v1::ListCentreBookingsRequest& r) {
  FieldViolations v;
  int size = common::PageSize(r.page_size(), v);
  std::string centre = CentreIdOf(r.centre());
  if (centre.empty()) v.Add("centre", "INVALID_NAME", "centres/{id}");
  if (!ValidDate(r.first_day())) v.Add("first_day", "INVALID_DATE", "a date");
  if (!ValidDate(r.last_day())) v.Add("last_day", "INVALID_DATE", "a date");
  if (v.empty()) {
    int span = DayOf(r.last_day()) - DayOf(r.first_day());
    if (span < 0) {
      v.Add("last_day", "BEFORE_FIRST_DAY", "last_day is before first_day");
    } else if (span > 91) {
      v.Add("last_day", "RANGE_TOO_LONG", "at most 92 days");
    }
  }
  if (!v.empty()) return v.ToStatus();
  if (!WorksAt(caller, centre)) {
    return Error(StatusCode::kPermissionDenied, "NOT_CENTRE_STAFF",
                 "only the centre's staff and consultants list its bookings");
  }
  std::string query = "centre:" + centre + ":" +
                      std::to_string(DayOf(r.first_day())) + ":" +
                      std::to_string(DayOf(r.last_day()));
  absl::StatusOr<std::optional<common::PageCursor>> after =
      common::DecodePageToken(r.page_token(), query);
  if (!after.ok()) return after.status();
  std::string after_id = *after ? (*after)->id : "";
  std::string after_key = *after ? (*after)->sort_key : "0";
  int64_t from = InstantOf(DayOf(r.first_day()), 0);
  int64_t to = InstantOf(DayOf(r.last_day()) + 1, 0);
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::ListCentreBookingsResponse> {
        pqxx::result rows = tx.exec_params(
            std::string("SELECT ") + kBookingColumns + kCentreBookings, centre,
            from, to, after_id, after_key, size + 1);
        v1::ListCentreBookingsResponse response;
        for (int i = 0; i < std::min<int>(size, rows.size()); ++i) {
          *response.add_bookings() = BookingOf(BookingRowOf(rows[i]));
        }
        if (static_cast<int>(rows.size()) > size) {
          BookingRow last = BookingRowOf(rows[size - 1]);
          response.set_next_page_token(common::EncodePageToken(
              {std::to_string(last.start), last.id}, query));
        }
        return response;
      });
}

}  // namespace lifelong::consulting
