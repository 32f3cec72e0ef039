// BatchGetCitizenContacts and BatchGetStaffProfiles: the names a screen
// shows of people. A roster's contacts need a ticket from enrolment
// (common/auth/contact_ticket.h) and are logged for each citizen; staff
// display names are public.
#include <ctime>
#include <set>

#include "common/auth/contact_ticket.h"
#include "common/errors.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "services/identity/access_log_repository.h"
#include "services/identity/account_names.h"
#include "services/identity/account_repository.h"
#include "services/identity/identity_service.h"

namespace lifelong::identity {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;

namespace {

constexpr int kMaxStaffNames = 100;

// The caller still holds the role the ticket was issued under (a revoked
// role ends its tickets at once).
bool StillHolds(const common::Caller& caller, const common::RoleGrant& as) {
  return as.scope.empty() ? caller.Has(as.role)
                          : caller.HasIn(as.role, as.scope);
}

}  // namespace

absl::StatusOr<v1::BatchGetCitizenContactsResponse>
IdentityService::BatchGetCitizenContacts(
    const common::Caller& caller,
    const v1::BatchGetCitizenContactsRequest& request) {
  if (request.ticket().empty()) {
    FieldViolations violations;
    violations.Add("ticket", "REQUIRED",
                   "the contact_ticket of a roster page from enrolment");
    return violations.ToStatus();
  }
  absl::StatusOr<common::ContactTicket> ticket = common::VerifyContactTicket(
      request.ticket(), options_.contact_ticket_key, std::time(nullptr));
  if (!ticket.ok()) return ticket.status();
  if (ticket->staff != caller.account || !StillHolds(caller, ticket->as)) {
    return Error(StatusCode::kPermissionDenied, "INVALID_TICKET",
                 "the ticket was issued to someone else, or for a role the "
                 "caller no longer holds");
  }
  std::vector<std::string> ids;
  for (const std::string& citizen : ticket->citizens) {
    FieldViolations ignored;
    std::string id = common::UuidOf(citizen, "citizens", "ticket", ignored);
    if (!id.empty()) ids.push_back(id);
  }
  std::string staff_id = AccountId(caller);
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx)
          -> absl::StatusOr<v1::BatchGetCitizenContactsResponse> {
        std::map<std::string, v1::CitizenContact> contacts =
            LoadContacts(tx, ids);
        v1::BatchGetCitizenContactsResponse response;
        for (const std::string& id : ids) {
          auto it = contacts.find(id);
          if (it == contacts.end()) continue;
          // Each citizen shown is told so, and for which course.
          InsertAccessRecord(tx,
                             {id,
                              staff_id,
                              ticket->as,
                              "BatchGetCitizenContacts",
                              v1::ACCESS_REASON_ROSTER,
                              {}},
                             ticket->offering);
          *response.add_contacts() = it->second;
        }
        return response;
      });
}

absl::StatusOr<v1::BatchGetStaffProfilesResponse>
IdentityService::BatchGetStaffProfiles(
    const common::Caller&, const v1::BatchGetStaffProfilesRequest& request) {
  FieldViolations violations;
  if (request.names().empty()) {
    violations.Add("names", "REQUIRED", "1 to 100 staff names");
  } else if (request.names_size() > kMaxStaffNames) {
    violations.Add("names", "TOO_MANY", "at most 100 staff names");
  }
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (int i = 0; i < request.names_size() && i < kMaxStaffNames; ++i) {
    std::string field = "names[" + std::to_string(i) + "]";
    std::string id =
        common::UuidOf(request.names(i), "staff", field, violations);
    if (!id.empty() && !seen.insert(id).second) {
      violations.Add(field, "DUPLICATE", "named twice");
    }
    ids.push_back(id);
  }
  if (!violations.empty()) return violations.ToStatus();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::BatchGetStaffProfilesResponse> {
        std::map<std::string, std::string> names = LoadStaffNames(tx, ids);
        v1::BatchGetStaffProfilesResponse response;
        for (int i = 0; i < static_cast<int>(ids.size()); ++i) {
          auto it = names.find(ids[i]);
          if (it == names.end()) {
            return common::WithErrorMetadata(
                Error(StatusCode::kNotFound, "STAFF_NOT_FOUND",
                      request.names(i) + " is not a staff account"),
                "name", request.names(i));
          }
          v1::StaffProfile* profile = response.add_profiles();
          profile->set_name(request.names(i));
          profile->set_display_name(it->second);
        }
        return response;
      });
}

}  // namespace lifelong::identity
