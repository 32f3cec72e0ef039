#include "services/enrolment/application_store.h"

#include "absl/strings/numbers.h"
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
