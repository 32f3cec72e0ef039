// The identity service's SQL, each statement named beside the code that runs
// it. Every function works inside the caller's transaction.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/auth/caller.h"
#include "lifelong/identity/v1/identity_service.pb.h"

namespace lifelong::identity {

struct NewAccount {
  std::string kind;  // "citizen" or "staff"
  std::string display_name;
  std::optional<std::string> email;         // normalised
  std::optional<std::string> phone;         // normalised
  std::string password_hash;                // empty: none yet (desk codes only)
  std::optional<std::string> login_number;  // 8 digits, desk registrations
};

struct Credentials {
  std::string id;
  std::string kind;
  std::string password_hash;  // empty: no password yet
};

// The new account's id, or nullopt when its email or phone is taken.
std::optional<std::string> InsertAccount(pqxx::work& tx, const NewAccount& a);
// "EMAIL_TAKEN", "PHONE_TAKEN" or "LOGIN_NUMBER_TAKEN" for an account that
// InsertAccount refused.
std::string TakenReason(pqxx::work& tx, const NewAccount& a);

void InsertCitizenProfile(pqxx::work& tx, const std::string& id,
                          const v1::RegisterCitizenRequest& request);
void InsertClaim(pqxx::work& tx, const std::string& id,
                 v1::PriorityGroup group);

// By id; `current_year` derives over_65.
std::optional<v1::Citizen> LoadCitizen(pqxx::work& tx, const std::string& id,
                                       int current_year);
std::optional<v1::StaffAccount> LoadStaff(pqxx::work& tx,
                                          const std::string& id);
std::vector<common::RoleGrant> LoadRoles(pqxx::work& tx, const std::string& id);
std::optional<std::string> LoadDisplayName(pqxx::work& tx,
                                           const std::string& id);
// Citizens' names and contact data by id, keyed by id; unknown ids and staff
// accounts are left out.
std::map<std::string, v1::CitizenContact> LoadContacts(
    pqxx::work& tx, const std::vector<std::string>& ids);
// Staff display names by id, keyed by id; citizens are left out.
std::map<std::string, std::string> LoadStaffNames(
    pqxx::work& tx, const std::vector<std::string>& ids);

// Citizens by normalised phone, or by name (trimmed, any case) and birth
// year; at most `limit`, oldest first.
std::vector<v1::CitizenMatch> FindCitizensByPhone(pqxx::work& tx,
                                                  const std::string& phone,
                                                  int limit);
std::vector<v1::CitizenMatch> FindCitizensByName(pqxx::work& tx,
                                                 const std::string& name,
                                                 int birth_year, int limit);

// Desk codes (desk_codes.h): one live code per account, hashed.
// Replaces any earlier code; returns its expiry (Unix seconds).
long long PutDeskCode(pqxx::work& tx, const std::string& id,
                      const std::string& code_hash,
                      const std::string& issued_by, std::chrono::seconds ttl);
// The live code's hash, if any.
std::optional<std::string> LoadDeskCode(pqxx::work& tx, const std::string& id);
// Uses the code up; false when another login used it first.
bool UseDeskCode(pqxx::work& tx, const std::string& id,
                 const std::string& code_hash);
std::string LoadLoginNumber(pqxx::work& tx, const std::string& id);

// By normalised email, phone or login number.
std::optional<Credentials> FindCredentials(pqxx::work& tx,
                                           const std::string& login);
std::optional<std::string> LoadPasswordHash(pqxx::work& tx,
                                            const std::string& id);
void UpdatePasswordHash(pqxx::work& tx, const std::string& id,
                        const std::string& hash);

// The claim's status, or nullopt when the citizen never claimed it. Locks
// the row.
std::optional<std::string> LockClaim(pqxx::work& tx, const std::string& id,
                                     v1::PriorityGroup group);
void DecideClaim(pqxx::work& tx, const std::string& id, v1::PriorityGroup group,
                 v1::ClaimStatus decision, const std::string& staff_id);

// False when the grant was already there / was not there.
bool InsertRole(pqxx::work& tx, const std::string& id,
                const common::RoleGrant& grant, const std::string& granted_by);
bool DeleteRole(pqxx::work& tx, const std::string& id,
                const common::RoleGrant& grant);
bool AnyAdmin(pqxx::work& tx);

}  // namespace lifelong::identity
