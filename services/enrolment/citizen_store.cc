#include "services/enrolment/citizen_store.h"

#include "services/enrolment/application_store.h"

namespace lifelong::enrolment {
namespace {

constexpr char kLockCitizen[] = R"sql(
  SELECT birth_year, district, workplace_district,
         array_to_string(priority_groups, ','),
         COALESCE(EXTRACT(EPOCH FROM blocked_until)::bigint, 0)
  FROM citizens WHERE id = $1 FOR UPDATE)sql";
constexpr char kLockStrikes[] =
    "SELECT no_show_strikes FROM citizens WHERE id = $1 FOR UPDATE";
constexpr char kSetStrikes[] = R"sql(
  UPDATE citizens SET no_show_strikes = $2,
    blocked_until = COALESCE(to_timestamp(NULLIF($3::bigint, 0)), blocked_until)
  WHERE id = $1)sql";

}  // namespace

std::optional<StoredCitizen> LockCitizen(pqxx::work& tx,
                                         const std::string& citizen_id) {
  pqxx::result row = tx.exec_params(kLockCitizen, citizen_id);
  if (row.empty()) return std::nullopt;
  StoredCitizen c;
  c.facts.birth_year = row[0][0].as<int>();
  c.facts.district = row[0][1].as<std::string>();
  c.facts.workplace_district = row[0][2].as<std::string>();
  c.facts.priority_groups = GroupsFromText(row[0][3].as<std::string>());
  c.blocked_until = row[0][4].as<int64_t>();
  return c;
}

std::optional<int> LockStrikes(pqxx::work& tx, const std::string& citizen_id) {
  pqxx::result row = tx.exec_params(kLockStrikes, citizen_id);
  if (row.empty()) return std::nullopt;
  return row[0][0].as<int>();
}

void SetStrikes(pqxx::work& tx, const std::string& citizen_id, int strikes,
                int64_t blocked_until) {
  tx.exec_params(kSetStrikes, citizen_id, strikes, blocked_until);
}

}  // namespace lifelong::enrolment
