#include "services/identity/access_log_repository.h"

#include "services/identity/codes.h"

namespace lifelong::identity {
namespace {

constexpr char kInsertAccessRecord[] = R"sql(
  INSERT INTO data_access_log
    (citizen_id, accessor_id, role, scope, method, reason, disclosed_claims,
     about)
  VALUES ($1, $2, $3, $4, $5, $6,
          COALESCE(string_to_array(NULLIF($7, ''), ','), '{}'), $8))sql";

constexpr char kListAccessRecords[] = R"sql(
  SELECT l.id, 'staff/' || l.accessor_id::text, a.display_name, l.role,
         l.scope, l.method, l.reason,
         array_to_string(l.disclosed_claims, ','),
         EXTRACT(EPOCH FROM l.accessed_at)::bigint,
         EXTRACT(MICROSECONDS FROM l.accessed_at)::bigint % 1000000,
         l.about
  FROM data_access_log l JOIN accounts a ON a.id = l.accessor_id
  WHERE l.citizen_id = $1 AND ($2::bigint = 0 OR l.id < $2::bigint)
  ORDER BY l.id DESC
  LIMIT $3)sql";

constexpr char kLiveGrants[] = R"sql(
  SELECT role, scope, reason FROM assisting_grants
  WHERE staff_id = $1 AND citizen_id = $2 AND expires_at > now())sql";

constexpr char kInsertGrant[] = R"sql(
  INSERT INTO assisting_grants
    (citizen_id, staff_id, role, scope, reason, expires_at)
  VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
  RETURNING id::text, EXTRACT(EPOCH FROM created_at)::bigint,
            EXTRACT(EPOCH FROM expires_at)::bigint)sql";

std::string Join(const std::vector<v1::PriorityGroup>& groups) {
  std::string out;
  for (v1::PriorityGroup g : groups) {
    if (!out.empty()) out += ',';
    out += GroupCode(g);
  }
  return out;
}

}  // namespace

void InsertAccessRecord(pqxx::work& tx, const AccessRecord& record,
                        const std::string& about) {
  tx.exec_params(kInsertAccessRecord, record.citizen_id, record.accessor_id,
                 record.as.role, record.as.scope, record.method,
                 AccessReasonCode(record.reason), Join(record.disclosed_claims),
                 about);
}

std::vector<std::pair<long long, v1::DataAccessRecord>> ListAccessRecords(
    pqxx::work& tx, const std::string& citizen_id, long long before_id,
    int limit) {
  std::vector<std::pair<long long, v1::DataAccessRecord>> out;
  for (const pqxx::row& row :
       tx.exec_params(kListAccessRecords, citizen_id, before_id, limit)) {
    v1::DataAccessRecord r;
    r.set_accessor(row[1].as<std::string>());
    r.set_accessor_display_name(row[2].as<std::string>());
    r.mutable_accessor_role()->set_role(RoleFromCode(row[3].as<std::string>()));
    r.mutable_accessor_role()->set_scope(row[4].as<std::string>());
    r.set_method(row[5].as<std::string>());
    r.set_reason(AccessReasonFromCode(row[6].as<std::string>()));
    std::string groups = row[7].as<std::string>();
    for (size_t start = 0; start < groups.size();) {
      size_t comma = groups.find(',', start);
      if (comma == std::string::npos) comma = groups.size();
      r.add_disclosed_claims(
          GroupFromCode(groups.substr(start, comma - start)));
      start = comma + 1;
    }
    r.mutable_access_time()->set_seconds(row[8].as<long long>());
    r.mutable_access_time()->set_nanos(
        static_cast<int>(row[9].as<long long>() * 1000));
    r.set_about(row[10].as<std::string>());
    out.emplace_back(row[0].as<long long>(), std::move(r));
  }
  return out;
}

std::vector<LiveGrant> LoadLiveGrants(pqxx::work& tx,
                                      const std::string& staff_id,
                                      const std::string& citizen_id) {
  std::vector<LiveGrant> grants;
  for (const pqxx::row& row :
       tx.exec_params(kLiveGrants, staff_id, citizen_id)) {
    grants.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                      AccessReasonFromCode(row[2].as<std::string>())});
  }
  return grants;
}

v1::AssistingGrant InsertAssistingGrant(pqxx::work& tx,
                                        const std::string& citizen_id,
                                        const std::string& staff_id,
                                        const common::RoleGrant& as,
                                        v1::AccessReason reason,
                                        std::chrono::seconds duration) {
  pqxx::row row = tx.exec_params1(kInsertGrant, citizen_id, staff_id, as.role,
                                  as.scope, AccessReasonCode(reason),
                                  static_cast<long long>(duration.count()));
  v1::AssistingGrant grant;
  grant.set_name("citizens/" + citizen_id + "/assistingGrants/" +
                 row[0].as<std::string>());
  grant.set_staff("staff/" + staff_id);
  grant.mutable_role()->set_role(RoleFromCode(as.role));
  grant.mutable_role()->set_scope(as.scope);
  grant.set_reason(reason);
  grant.mutable_start_time()->set_seconds(row[1].as<long long>());
  grant.mutable_expire_time()->set_seconds(row[2].as<long long>());
  return grant;
}

}  // namespace lifelong::identity
