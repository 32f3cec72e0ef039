// The SQL of need-to-know reads: assisting grants and the citizens' access
// log (migrations/0002_need_to_know.sql). Every function works inside the
// caller's transaction, so a read and its log record commit together.
//
//   std::vector<LiveGrant> grants = LoadLiveGrants(tx, staff_id, citizen_id);
//   InsertAccessRecord(tx, {citizen_id, staff_id, as, "GetCitizen", reason,
//                           DisclosedClaims(citizen)});
#pragma once

#include <chrono>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/auth/caller.h"
#include "lifelong/identity/v1/identity_service.pb.h"
#include "services/identity/citizen_access.h"

namespace lifelong::identity {

struct AccessRecord {
  std::string citizen_id;   // uuid
  std::string accessor_id;  // uuid of the staff account
  common::RoleGrant as;
  std::string method;  // "GetCitizen", ...
  v1::AccessReason reason = v1::ACCESS_REASON_UNSPECIFIED;
  std::vector<v1::PriorityGroup> disclosed_claims;
};

// `about` names what the read served when it served one thing
// ("offerings/{uuid}" for a roster).
void InsertAccessRecord(pqxx::work& tx, const AccessRecord& record,
                        const std::string& about = "");

// The citizen's records newest first, after the record with id `before_id`
// (0: from the newest); at most `limit`. Each comes with its id, for the
// page token.
std::vector<std::pair<long long, v1::DataAccessRecord>> ListAccessRecords(
    pqxx::work& tx, const std::string& citizen_id, long long before_id,
    int limit);

// Grants of `staff_id` on `citizen_id` that have not expired.
std::vector<LiveGrant> LoadLiveGrants(pqxx::work& tx,
                                      const std::string& staff_id,
                                      const std::string& citizen_id);

// A new grant lasting `duration` from now.
v1::AssistingGrant InsertAssistingGrant(pqxx::work& tx,
                                        const std::string& citizen_id,
                                        const std::string& staff_id,
                                        const common::RoleGrant& as,
                                        v1::AccessReason reason,
                                        std::chrono::seconds duration);

}  // namespace lifelong::identity
