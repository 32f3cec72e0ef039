#include "services/enrolment/application_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"

namespace lifelong::enrolment {

const char kApplicationColumns[] = R"sql(
  a.id::text, a.offering_id::text, a.citizen_id::text, a.status,
  CASE WHEN a.status = 'waitlisted' THEN
    (SELECT count(*) FROM applications w WHERE w.offering_id = a.offering_id
       AND w.waitlist_position <= a.waitlist_position)
  ELSE 0 END,
  a.applied_by, EXTRACT(EPOCH FROM a.created_at)::bigint,
  to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  COALESCE(EXTRACT(EPOCH FROM a.offer_expires_at)::bigint, 0),
  COALESCE(a.quota_group, 0), COALESCE(a.cancelled_by, ''),
  COALESCE(a.cancel_reason, ''),
  COALESCE((SELECT c.id::text FROM certificates c WHERE c.application_id = a.id), ''))sql";

namespace {

constexpr char kLockApplication[] =
    "SELECT 1 FROM applications WHERE id = $1 FOR UPDATE";
constexpr char kInsertApplication[] = R"sql(
  INSERT INTO applications (offering_id, citizen_id, status, waitlist_position,
                            applied_by, priority_groups, fee_krw,
                            fee_list_price_krw, fee_basis, fee_discount_percent)
  VALUES ($1, $2, $3, NULLIF($4, 0), $5, ('{' || $6 || '}')::integer[], $7, $8,
          $9, $10)
  ON CONFLICT (offering_id, citizen_id) DO NOTHING
  RETURNING id::text, EXTRACT(EPOCH FROM created_at)::bigint)sql";
constexpr char kExistingApplication[] =
    "SELECT id::text FROM applications WHERE offering_id = $1 AND citizen_id "
    "= $2";
constexpr char kLiveInGroup[] = R"sql(
  SELECT count(*) FROM applications a JOIN offerings o ON o.id = a.offering_id
  WHERE a.citizen_id = $1 AND a.status NOT IN ('cancelled', 'expired')
    AND o.limit_group = $2)sql";
constexpr char kCancel[] = R"sql(
  UPDATE applications SET status = 'cancelled', waitlist_position = NULL,
    offer_expires_at = NULL, cancelled_by = $2, cancel_reason = $3
  WHERE id = $1)sql";
constexpr char kOffer[] = R"sql(
  UPDATE applications SET status = 'offered', waitlist_position = NULL,
    offer_expires_at = to_timestamp($2), quota_group = NULLIF($3, 0)
  WHERE id = $1)sql";
constexpr char kConfirm[] =
    "UPDATE applications SET status = 'confirmed', offer_expires_at = NULL "
    "WHERE id = $1";
constexpr char kExpire[] =
    "UPDATE applications SET status = 'expired', offer_expires_at = NULL "
    "WHERE id = $1";
constexpr char kComplete[] =
    "UPDATE applications SET status = 'completed' WHERE id = $1";

}  // namespace

v1::ApplicationStatus StatusOf(const std::string& s) {
  if (s == "confirmed") return v1::APPLICATION_STATUS_CONFIRMED;
  if (s == "waitlisted") return v1::APPLICATION_STATUS_WAITLISTED;
  if (s == "applied") return v1::APPLICATION_STATUS_APPLIED;
  if (s == "offered") return v1::APPLICATION_STATUS_OFFERED;
  if (s == "expired") return v1::APPLICATION_STATUS_OFFER_EXPIRED;
  if (s == "completed") return v1::APPLICATION_STATUS_COMPLETED;
  return v1::APPLICATION_STATUS_CANCELLED;
}

v1::Application ApplicationOf(const pqxx::row& row) {
  v1::Application a;
  a.set_name("applications/" + row[0].as<std::string>());
  a.set_offering("offerings/" + row[1].as<std::string>());
  a.set_citizen("citizens/" + row[2].as<std::string>());
  a.set_status(StatusOf(row[3].as<std::string>()));
  a.set_waitlist_position(row[4].as<int>());
  a.set_applied_by(row[5].as<std::string>());
  a.mutable_create_time()->set_seconds(row[6].as<int64_t>());
  if (int64_t expires = row[8].as<int64_t>(); expires > 0)
    a.mutable_offer_expire_time()->set_seconds(expires);
  a.set_quota_group(
      static_cast<catalogue::v1::PriorityGroup>(row[9].as<int>()));
  a.set_cancelled_by(row[10].as<std::string>());
  a.set_cancel_reason(row[11].as<std::string>());
  if (std::string cert = row[12].as<std::string>(); !cert.empty())
    a.set_certificate("certificates/" + cert);
  return a;
}

std::optional<v1::Application> LoadApplication(pqxx::work& tx,
                                               const std::string& id) {
  pqxx::result row =
      tx.exec_params(std::string("SELECT ") + kApplicationColumns +
                         " FROM applications a WHERE a.id = $1",
                     id);
  if (row.empty()) return std::nullopt;
  return ApplicationOf(row[0]);
}

std::optional<v1::Application> LockApplication(pqxx::work& tx,
                                               const std::string& id) {
  tx.exec_params(kLockApplication, id);
  return LoadApplication(tx, id);
}

std::optional<InsertedApplication> InsertApplication(pqxx::work& tx,
                                                     const NewApplication& a) {
  pqxx::result inserted = tx.exec_params(
      kInsertApplication, a.offering_id, a.citizen_id, a.status,
      a.waitlist_position, a.applied_by, absl::StrJoin(a.priority_groups, ","),
      a.fee.amount_krw(), a.fee.list_price_krw(),
      static_cast<int>(a.fee.basis()), a.fee.discount_percent());
  if (inserted.empty()) return std::nullopt;
  return InsertedApplication{inserted[0][0].as<std::string>(),
                             inserted[0][1].as<int64_t>()};
}

std::string ExistingApplicationId(pqxx::work& tx,
                                  const std::string& offering_id,
                                  const std::string& citizen_id) {
  return tx.exec_params(kExistingApplication, offering_id, citizen_id)[0][0]
      .as<std::string>();
}

int LiveInLimitGroup(pqxx::work& tx, const std::string& citizen_id,
                     const std::string& limit_group) {
  return tx.exec_params(kLiveInGroup, citizen_id, limit_group)[0][0].as<int>();
}

void MarkCancelled(pqxx::work& tx, const std::string& id,
                   const std::string& cancelled_by, const std::string& reason) {
  tx.exec_params(kCancel, id, cancelled_by, reason);
}

void MarkOffered(pqxx::work& tx, const std::string& id, int64_t expires_at,
                 int quota_group) {
  tx.exec_params(kOffer, id, expires_at, quota_group);
}

void MarkConfirmed(pqxx::work& tx, const std::string& id) {
  tx.exec_params(kConfirm, id);
}

void MarkExpired(pqxx::work& tx, const std::string& id) {
  tx.exec_params(kExpire, id);
}

void MarkCompleted(pqxx::work& tx, const std::string& id) {
  tx.exec_params(kComplete, id);
}

std::string IdOf(const std::string& name) {
  return name.substr(name.find('/') + 1);
}

std::set<int> GroupsFromText(const std::string& text) {
  std::set<int> groups;
  for (absl::string_view g : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    int group = 0;
    if (absl::SimpleAtoi(g, &group)) groups.insert(group);
  }
  return groups;
}

}  // namespace lifelong::enrolment
