// Work that falls due with time, run by PeriodicTasks on every replica:
//   ExpireHolds         holds past their expiry free their places, which go
//                       to the waitlist (places.h) in the same transaction;
//   AnonymisePastRsvps  RSVPs to events that ended more than
//                       anonymise_after_days ago lose their person, attendee
//                       birth years, check-in code and who checked them in;
//                       the rows (status, group size, check-in time) and the
//                       places counts stay, so the statistics do.
// Replicas do not collide: a hold is freed by the one transaction whose
// DELETE returns it (under the places lock); anonymisation claims rows with
// FOR UPDATE SKIP LOCKED.
#include "common/pg/transaction.h"
#include "services/community/community_service.h"
#include "services/community/event_rows.h"
#include "services/community/places.h"

namespace lifelong::community {
namespace {

constexpr int kBatch = 500;

constexpr char kExpiredHolds[] = R"sql(
  SELECT code::text, event_id::text FROM seat_holds
  WHERE expires_at <= to_timestamp($1::bigint) ORDER BY expires_at LIMIT $2)sql";

constexpr char kDropHold[] = R"sql(
  DELETE FROM seat_holds WHERE code = $1::uuid
    AND expires_at <= to_timestamp($2::bigint)
  RETURNING seats)sql";

constexpr char kAnonymise[] = R"sql(
  WITH due AS (
    SELECT r.id FROM rsvps r JOIN events e ON e.id = r.event_id
    WHERE r.anonymised_at IS NULL
      AND COALESCE(e.end_time, e.start_time) < to_timestamp($1::bigint)
    LIMIT $2 FOR UPDATE OF r SKIP LOCKED)
  UPDATE rsvps SET person = NULL, attendee_birth_years = '{}',
    check_in_code = NULL, checked_in_by = NULL,
    anonymised_at = to_timestamp($3::bigint)
  WHERE id IN (SELECT id FROM due))sql";

}  // namespace

absl::Status CommunityService::ExpireHolds() {
  const int64_t now = options_.now();
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> due =
      common::InTransaction(
          pool_,
          [&](pqxx::work& tx)
              -> absl::StatusOr<
                  std::vector<std::pair<std::string, std::string>>> {
            std::vector<std::pair<std::string, std::string>> holds;
            for (const pqxx::row& r :
                 tx.exec_params(kExpiredHolds, now, kBatch)) {
              holds.emplace_back(r[0].as<std::string>(),
                                 r[1].as<std::string>());
            }
            return holds;
          });
  if (!due.ok()) return due.status();
  for (const auto& [code, event_id] : *due) {
    absl::Status s =
        common::InTransaction(pool_, [&](pqxx::work& tx) -> absl::Status {
          std::optional<PlacesRow> places = LockPlaces(tx, event_id);
          pqxx::result dropped = tx.exec_params(kDropHold, code, now);
          if (dropped.empty() || !places) return absl::OkStatus();
          places->held -= dropped[0][0].as<int>();
          SettlePlaces(tx, *LoadEvent(tx, event_id), *places);
          return absl::OkStatus();
        });
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CommunityService::AnonymisePastRsvps() {
  const int64_t now = options_.now();
  const int64_t cutoff = now - int64_t{options_.anonymise_after_days} * 86400;
  for (;;) {
    absl::StatusOr<int> done = common::InTransaction(
        pool_, [&](pqxx::work& tx) -> absl::StatusOr<int> {
          return static_cast<int>(
              tx.exec_params(kAnonymise, cutoff, kBatch, now).affected_rows());
        });
    if (!done.ok()) return done.status();
    if (*done < kBatch) return absl::OkStatus();
  }
}

}  // namespace lifelong::community
