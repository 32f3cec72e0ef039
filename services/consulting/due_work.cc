// Work that falls due with time, run by PeriodicTasks on every replica:
// lapsed holds, and the 24 h / 2 h reminders. Rows are claimed with
// FOR UPDATE SKIP LOCKED, so replicas never do one row twice.
#include "common/pg/transaction.h"
#include "lifelong/consulting/events/v1/consulting_events.pb.h"
#include "services/consulting/consulting_service.h"

namespace lifelong::consulting {
namespace {

namespace ev = lifelong::consulting::events::v1;

constexpr char kExpireHolds[] = R"sql(
  WITH expired AS (
    UPDATE bookings SET status = 'expired', version = version + 1
    WHERE id IN (SELECT id FROM bookings
                 WHERE status = 'held' AND hold_expires_at <= to_timestamp($1)
                 ORDER BY hold_expires_at LIMIT 500
                 FOR UPDATE SKIP LOCKED)
    RETURNING occupancy),
  freed AS (
    UPDATE group_occurrences g SET taken = g.taken - f.n
    FROM (SELECT occupancy, count(*)::int AS n FROM expired GROUP BY occupancy) f
    WHERE g.occupancy = f.occupancy RETURNING 1)
  SELECT count(*) FROM expired)sql";

// Confirmed sessions starting within `hours` that have not had this
// reminder; a session booked inside the 2 h mark gets only that one.
constexpr char kDueReminders[] = R"sql(
  SELECT id::text FROM bookings
  WHERE status = 'confirmed' AND start_at > to_timestamp($1)
    AND start_at <= to_timestamp($1) + make_interval(hours => $2)
    AND NOT (CASE WHEN $2 = 24 THEN reminded_24h ELSE reminded_2h END)
  ORDER BY start_at LIMIT 500
  FOR UPDATE SKIP LOCKED)sql";
constexpr char kMarkReminded[] = R"sql(
  UPDATE bookings SET reminded_24h = true,
    reminded_2h = reminded_2h OR $2 = 2
  WHERE id = $1)sql";

}  // namespace

absl::StatusOr<int> ConsultingService::ExpireHolds() {
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<int> {
        return tx.exec_params1(kExpireHolds, Now())[0].as<int>();
      });
}

absl::StatusOr<int> ConsultingService::SendReminders() {
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<int> {
        int sent = 0;
        // The 2 h reminder first: a session that close gets no 24 h one.
        for (int hours : {2, 24}) {
          for (const pqxx::row& r :
               tx.exec_params(kDueReminders, Now(), hours)) {
            std::string id = r[0].as<std::string>();
            std::optional<BookingRow> row = LoadBooking(tx, id, false);
            tx.exec_params(kMarkReminded, id, hours);
            if (hours == 24 && row->start - Now() <= 2 * 3600) continue;
            ev::BookingReminderDue event;
            *event.mutable_booking() = FactsOf(*row);
            event.set_hours_before(hours);
            Announce(tx, id, event);
            ++sent;
          }
        }
        return sent;
      });
}

}  // namespace lifelong::consulting
