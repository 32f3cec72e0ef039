#include "services/identity/account_repository.h"

#include "services/identity/citizen_access.h"
#include "services/identity/codes.h"

namespace lifelong::identity {
namespace {

constexpr char kInsertAccount[] = R"sql(
  INSERT INTO accounts
    (kind, display_name, email, phone, password_hash, login_number)
  VALUES ($1, $2, $3, $4, NULLIF($5, ''), $6)
  ON CONFLICT DO NOTHING
  RETURNING id::text)sql";

constexpr char kEmailTaken[] = "SELECT 1 FROM accounts WHERE email = $1";
constexpr char kPhoneTaken[] = "SELECT 1 FROM accounts WHERE phone = $1";

constexpr char kPutDeskCode[] = R"sql(
  INSERT INTO desk_codes (account_id, code_hash, issued_by, expires_at)
  VALUES ($1, $2, $3, now() + make_interval(secs => $4))
  ON CONFLICT (account_id) DO UPDATE
    SET code_hash = EXCLUDED.code_hash, issued_by = EXCLUDED.issued_by,
        issued_at = now(), expires_at = EXCLUDED.expires_at
  RETURNING EXTRACT(EPOCH FROM expires_at)::bigint)sql";

constexpr char kLoadDeskCode[] = R"sql(
  SELECT code_hash FROM desk_codes
  WHERE account_id = $1 AND expires_at > now())sql";

constexpr char kUseDeskCode[] = R"sql(
  DELETE FROM desk_codes WHERE account_id = $1 AND code_hash = $2
  RETURNING 1)sql";

constexpr char kSelectLoginNumber[] =
    "SELECT COALESCE(login_number, '') FROM accounts WHERE id = $1";

constexpr char kInsertProfile[] = R"sql(
  INSERT INTO citizen_profiles
    (account_id, birth_year, district, workplace_district, language)
  VALUES ($1, $2, $3, $4, $5))sql";

constexpr char kInsertClaim[] =
    "INSERT INTO priority_claims (account_id, grp) VALUES ($1, $2)";

constexpr char kSelectCitizen[] = R"sql(
  SELECT a.display_name, COALESCE(a.email, ''), COALESCE(a.phone, ''),
         p.birth_year, p.district, p.workplace_district, p.language,
         EXTRACT(EPOCH FROM a.created_at)::bigint
  FROM accounts a JOIN citizen_profiles p ON p.account_id = a.id
  WHERE a.id = $1 AND a.kind = 'citizen')sql";

constexpr char kSelectClaims[] = R"sql(
  SELECT grp, status, COALESCE(decided_by::text, ''),
         COALESCE(EXTRACT(EPOCH FROM decided_at)::bigint, 0)
  FROM priority_claims WHERE account_id = $1 ORDER BY grp)sql";

constexpr char kSelectStaff[] = R"sql(
  SELECT display_name, COALESCE(email, ''), EXTRACT(EPOCH FROM created_at)::bigint
  FROM accounts WHERE id = $1 AND kind = 'staff')sql";

constexpr char kSelectRoles[] =
    "SELECT role, scope FROM role_grants WHERE account_id = $1 ORDER BY role, "
    "scope";

constexpr char kSelectDisplayName[] =
    "SELECT display_name FROM accounts WHERE id = $1";

// $1: "{uuid,uuid,...}".
constexpr char kSelectContacts[] = R"sql(
  SELECT id::text, display_name, COALESCE(phone, ''), COALESCE(email, '')
  FROM accounts WHERE kind = 'citizen' AND id = ANY($1::uuid[]))sql";

constexpr char kSelectStaffNames[] = R"sql(
  SELECT id::text, display_name
  FROM accounts WHERE kind = 'staff' AND id = ANY($1::uuid[]))sql";

std::string ArrayOf(const std::vector<std::string>& ids) {
  std::string out = "{";
  for (const std::string& id : ids) {
    if (out.size() > 1) out += ',';
    out += id;
  }
  return out + "}";
}

constexpr char kSelectCredentials[] = R"sql(
  SELECT id::text, kind, COALESCE(password_hash, '') FROM accounts
  WHERE email = $1 OR phone = $1 OR login_number = $1)sql";

constexpr char kSelectPasswordHash[] =
    "SELECT COALESCE(password_hash, '') FROM accounts WHERE id = $1";

constexpr char kUpdatePassword[] =
    "UPDATE accounts SET password_hash = $2 WHERE id = $1";

constexpr char kLockClaim[] =
    "SELECT status FROM priority_claims WHERE account_id = $1 AND grp = $2 FOR "
    "UPDATE";

constexpr char kDecideClaim[] = R"sql(
  UPDATE priority_claims SET status = $3, decided_by = $4, decided_at = now()
  WHERE account_id = $1 AND grp = $2 AND status = 'claimed')sql";

constexpr char kInsertRole[] = R"sql(
  INSERT INTO role_grants (account_id, role, scope, granted_by)
  VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1)sql";

constexpr char kDeleteRole[] = R"sql(
  DELETE FROM role_grants WHERE account_id = $1 AND role = $2 AND scope = $3
  RETURNING 1)sql";

constexpr char kAnyAdmin[] =
    "SELECT 1 FROM role_grants WHERE role = 'admin' LIMIT 1";

constexpr char kFindByPhone[] = R"sql(
  SELECT a.id::text, a.display_name, p.birth_year, COALESCE(a.phone, '')
  FROM accounts a JOIN citizen_profiles p ON p.account_id = a.id
  WHERE a.kind = 'citizen' AND a.phone = $1
  ORDER BY a.created_at LIMIT $2)sql";

constexpr char kFindByName[] = R"sql(
  SELECT a.id::text, a.display_name, p.birth_year, COALESCE(a.phone, '')
  FROM accounts a JOIN citizen_profiles p ON p.account_id = a.id
  WHERE a.kind = 'citizen' AND lower(btrim(a.display_name)) = lower(btrim($1))
    AND p.birth_year = $2
  ORDER BY a.created_at LIMIT $3)sql";

std::vector<v1::CitizenMatch> MatchesOf(const pqxx::result& rows) {
  std::vector<v1::CitizenMatch> out;
  for (const pqxx::row& row : rows) {
    v1::CitizenMatch m;
    m.set_name("citizens/" + row[0].as<std::string>());
    m.set_display_name(row[1].as<std::string>());
    m.set_birth_year(row[2].as<int>());
    m.set_masked_phone(MaskPhone(row[3].as<std::string>()));
    out.push_back(std::move(m));
  }
  return out;
}

void SetTime(google::protobuf::Timestamp* t, long long epoch_seconds) {
  t->set_seconds(epoch_seconds);
}

}  // namespace

std::optional<std::string> InsertAccount(pqxx::work& tx, const NewAccount& a) {
  pqxx::result r =
      tx.exec_params(kInsertAccount, a.kind, a.display_name, a.email, a.phone,
                     a.password_hash, a.login_number);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

std::string TakenReason(pqxx::work& tx, const NewAccount& a) {
  if (a.email && !tx.exec_params(kEmailTaken, *a.email).empty()) {
    return "EMAIL_TAKEN";
  }
  if (a.phone && !tx.exec_params(kPhoneTaken, *a.phone).empty()) {
    return "PHONE_TAKEN";
  }
  return "LOGIN_NUMBER_TAKEN";
}

long long PutDeskCode(pqxx::work& tx, const std::string& id,
                      const std::string& code_hash,
                      const std::string& issued_by, std::chrono::seconds ttl) {
  return tx
      .exec_params1(kPutDeskCode, id, code_hash, issued_by,
                    static_cast<long long>(ttl.count()))[0]
      .as<long long>();
}

std::optional<std::string> LoadDeskCode(pqxx::work& tx, const std::string& id) {
  pqxx::result r = tx.exec_params(kLoadDeskCode, id);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

bool UseDeskCode(pqxx::work& tx, const std::string& id,
                 const std::string& code_hash) {
  return !tx.exec_params(kUseDeskCode, id, code_hash).empty();
}

std::string LoadLoginNumber(pqxx::work& tx, const std::string& id) {
  pqxx::result r = tx.exec_params(kSelectLoginNumber, id);
  return r.empty() ? "" : r[0][0].as<std::string>();
}

void InsertCitizenProfile(pqxx::work& tx, const std::string& id,
                          const v1::RegisterCitizenRequest& request) {
  tx.exec_params(kInsertProfile, id, request.birth_year(), request.district(),
                 request.workplace_district(),
                 LanguageCode(request.language()));
}

void InsertClaim(pqxx::work& tx, const std::string& id,
                 v1::PriorityGroup group) {
  tx.exec_params(kInsertClaim, id, GroupCode(group));
}

std::optional<v1::Citizen> LoadCitizen(pqxx::work& tx, const std::string& id,
                                       int current_year) {
  pqxx::result r = tx.exec_params(kSelectCitizen, id);
  if (r.empty()) return std::nullopt;
  v1::Citizen c;
  c.set_name("citizens/" + id);
  c.set_display_name(r[0][0].as<std::string>());
  c.set_email(r[0][1].as<std::string>());
  c.set_phone(r[0][2].as<std::string>());
  c.set_birth_year(r[0][3].as<int>());
  c.set_district(r[0][4].as<std::string>());
  c.set_workplace_district(r[0][5].as<std::string>());
  c.set_language(LanguageFromCode(r[0][6].as<std::string>()));
  c.set_over_65(current_year - c.birth_year() >= 65);
  SetTime(c.mutable_create_time(), r[0][7].as<long long>());
  for (const pqxx::row& row : tx.exec_params(kSelectClaims, id)) {
    v1::PriorityClaim* claim = c.add_priority_claims();
    claim->set_group(GroupFromCode(row[0].as<std::string>()));
    claim->set_status(ClaimStatusFromCode(row[1].as<std::string>()));
    std::string decided_by = row[2].as<std::string>();
    if (!decided_by.empty()) {
      claim->set_decided_by("staff/" + decided_by);
      SetTime(claim->mutable_decide_time(), row[3].as<long long>());
    }
  }
  return c;
}

std::optional<v1::StaffAccount> LoadStaff(pqxx::work& tx,
                                          const std::string& id) {
  pqxx::result r = tx.exec_params(kSelectStaff, id);
  if (r.empty()) return std::nullopt;
  v1::StaffAccount s;
  s.set_name("staff/" + id);
  s.set_display_name(r[0][0].as<std::string>());
  s.set_email(r[0][1].as<std::string>());
  SetTime(s.mutable_create_time(), r[0][2].as<long long>());
  for (const common::RoleGrant& g : LoadRoles(tx, id)) {
    v1::RoleGrant* out = s.add_roles();
    out->set_role(RoleFromCode(g.role));
    out->set_scope(g.scope);
  }
  return s;
}

std::vector<common::RoleGrant> LoadRoles(pqxx::work& tx,
                                         const std::string& id) {
  std::vector<common::RoleGrant> roles;
  for (const pqxx::row& row : tx.exec_params(kSelectRoles, id)) {
    roles.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
  }
  return roles;
}

std::optional<std::string> LoadDisplayName(pqxx::work& tx,
                                           const std::string& id) {
  pqxx::result r = tx.exec_params(kSelectDisplayName, id);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

std::map<std::string, v1::CitizenContact> LoadContacts(
    pqxx::work& tx, const std::vector<std::string>& ids) {
  std::map<std::string, v1::CitizenContact> out;
  for (const pqxx::row& row : tx.exec_params(kSelectContacts, ArrayOf(ids))) {
    v1::CitizenContact& c = out[row[0].as<std::string>()];
    c.set_citizen("citizens/" + row[0].as<std::string>());
    c.set_display_name(row[1].as<std::string>());
    c.set_phone(row[2].as<std::string>());
    c.set_email(row[3].as<std::string>());
  }
  return out;
}

std::map<std::string, std::string> LoadStaffNames(
    pqxx::work& tx, const std::vector<std::string>& ids) {
  std::map<std::string, std::string> out;
  for (const pqxx::row& row : tx.exec_params(kSelectStaffNames, ArrayOf(ids))) {
    out[row[0].as<std::string>()] = row[1].as<std::string>();
  }
  return out;
}

std::vector<v1::CitizenMatch> FindCitizensByPhone(pqxx::work& tx,
                                                  const std::string& phone,
                                                  int limit) {
  return MatchesOf(tx.exec_params(kFindByPhone, phone, limit));
}

std::vector<v1::CitizenMatch> FindCitizensByName(pqxx::work& tx,
                                                 const std::string& name,
                                                 int birth_year, int limit) {
  return MatchesOf(tx.exec_params(kFindByName, name, birth_year, limit));
}

std::optional<Credentials> FindCredentials(pqxx::work& tx,
                                           const std::string& login) {
  pqxx::result r = tx.exec_params(kSelectCredentials, login);
  if (r.empty()) return std::nullopt;
  return Credentials{r[0][0].as<std::string>(), r[0][1].as<std::string>(),
                     r[0][2].as<std::string>()};
}

std::optional<std::string> LoadPasswordHash(pqxx::work& tx,
                                            const std::string& id) {
  pqxx::result r = tx.exec_params(kSelectPasswordHash, id);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

void UpdatePasswordHash(pqxx::work& tx, const std::string& id,
                        const std::string& hash) {
  tx.exec_params(kUpdatePassword, id, hash);
}

std::optional<std::string> LockClaim(pqxx::work& tx, const std::string& id,
                                     v1::PriorityGroup group) {
  pqxx::result r = tx.exec_params(kLockClaim, id, GroupCode(group));
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

void DecideClaim(pqxx::work& tx, const std::string& id, v1::PriorityGroup group,
                 v1::ClaimStatus decision, const std::string& staff_id) {
  tx.exec_params(kDecideClaim, id, GroupCode(group), ClaimStatusCode(decision),
                 staff_id);
}

bool InsertRole(pqxx::work& tx, const std::string& id,
                const common::RoleGrant& grant, const std::string& granted_by) {
  return !tx.exec_params(kInsertRole, id, grant.role, grant.scope, granted_by)
              .empty();
}

bool DeleteRole(pqxx::work& tx, const std::string& id,
                const common::RoleGrant& grant) {
  return !tx.exec_params(kDeleteRole, id, grant.role, grant.scope).empty();
}

bool AnyAdmin(pqxx::work& tx) { return !tx.exec(kAnyAdmin).empty(); }

}  // namespace lifelong::identity
