// RegisterAssistedCitizen and IssueDeskCode: centre staff register people
// who may have neither phone nor email, and give them one-time desk codes to
// log in with (desk_codes.h).
#include "common/errors.h"
#include "common/outbox/outbox.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "services/identity/access_log_repository.h"
#include "services/identity/account_names.h"
#include "services/identity/account_repository.h"
#include "services/identity/citizen_access.h"
#include "services/identity/desk_codes.h"
#include "services/identity/identity_service.h"
#include "services/identity/validation.h"

namespace lifelong::identity {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;

absl::StatusOr<v1::DeskCode> IdentityService::PutNewDeskCode(
    const std::string& citizen_id, const std::string& staff_id) {
  std::string code = NewEightDigits();
  // Hashed like a password, outside the transaction (slow).
  absl::StatusOr<std::string> hash = hasher_.Hash(code);
  if (!hash.ok()) return hash.status();
  absl::StatusOr<long long> expiry =
      common::InTransaction(pool_, [&](pqxx::work& tx) {
        return absl::StatusOr<long long>(
            PutDeskCode(tx, citizen_id, *hash, staff_id,
                        std::chrono::duration_cast<std::chrono::seconds>(
                            kDeskCodeLifetime)));
      });
  if (!expiry.ok()) return expiry.status();
  v1::DeskCode desk_code;
  desk_code.set_code(code);
  desk_code.mutable_expire_time()->set_seconds(*expiry);
  return desk_code;
}

absl::StatusOr<v1::RegisterAssistedCitizenResponse>
IdentityService::RegisterAssistedCitizen(
    const common::Caller& caller,
    const v1::RegisterAssistedCitizenRequest& request) {
  FieldViolations violations;
  common::ValidateRequestId(request.request_id(), violations);
  v1::RegisterCitizenRequest profile;
  profile.set_display_name(request.display_name());
  profile.set_email(request.email());
  profile.set_phone(request.phone());
  profile.set_birth_year(request.birth_year());
  profile.set_district(request.district());
  profile.set_workplace_district(request.workplace_district());
  profile.set_language(request.language());
  *profile.mutable_priority_claims() = request.priority_claims();
  NewAccount account;
  std::set<int> claimed;
  CheckCitizenFields(profile, /*contact_required=*/false, account, claimed,
                     violations);
  CheckCentreName(request.centre(), "centre", violations);
  if (!violations.empty()) return violations.ToStatus();
  common::RoleGrant as{common::kRoleCentreStaff, request.centre()};
  if (AssistingRole(caller, request.centre()).role != as.role) {
    return Error(StatusCode::kPermissionDenied, "NOT_CENTRE_STAFF",
                 "you are not staff of " + request.centre());
  }
  account.login_number = NewEightDigits();
  std::string staff_id = AccountId(caller);
  common::IdempotencyKey key{caller.account, "RegisterAssistedCitizen",
                             request.request_id(),
                             common::Fingerprint(request)};
  // The account, profile, grant and log record once; a retry gets them back.
  absl::StatusOr<v1::RegisterAssistedCitizenResponse> registered =
      common::InTransaction(pool_, [&](pqxx::work& tx) {
        return common::Idempotent<v1::RegisterAssistedCitizenResponse>(
            tx, key,
            [&]() -> absl::StatusOr<v1::RegisterAssistedCitizenResponse> {
              absl::StatusOr<v1::Citizen> citizen =
                  CreateCitizen(tx, account, profile, claimed);
              if (!citizen.ok()) return citizen.status();
              std::string id = citizen->name().substr(sizeof("citizens/") - 1);
              v1::RegisterAssistedCitizenResponse response;
              response.set_login_number(*account.login_number);
              *response.mutable_grant() = InsertAssistingGrant(
                  tx, id, staff_id, as, v1::ACCESS_REASON_DESK_VISIT,
                  options_.assisting_time);
              InsertAccessRecord(tx, {id,
                                      staff_id,
                                      as,
                                      "RegisterAssistedCitizen",
                                      v1::ACCESS_REASON_DESK_VISIT,
                                      {}});
              *response.mutable_citizen() = std::move(*citizen);
              return response;
            });
      });
  if (!registered.ok()) return registered;
  // Never stored readable, so issued anew on every answer, a retry's too:
  // only the newest code works.
  std::string id = registered->citizen().name().substr(sizeof("citizens/") - 1);
  absl::StatusOr<v1::DeskCode> code = PutNewDeskCode(id, staff_id);
  if (!code.ok()) return code.status();
  *registered->mutable_desk_code() = std::move(*code);
  return registered;
}

absl::StatusOr<v1::IssueDeskCodeResponse> IdentityService::IssueDeskCode(
    const common::Caller& caller, const v1::IssueDeskCodeRequest& request) {
  FieldViolations violations;
  std::string id =
      common::UuidOf(request.citizen(), "citizens", "citizen", violations);
  if (!violations.empty()) return violations.ToStatus();
  std::string staff_id = AccountId(caller);
  absl::StatusOr<std::string> login_number = common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<std::string> {
        CitizenRead read = DecideCitizenRead(caller, "citizens/" + id,
                                             LoadLiveGrants(tx, staff_id, id));
        // Only staff assisting the citizen (a grant, not admin's reach).
        if (read.view != CitizenView::kWhole ||
            (read.as.role != common::kRoleCentreStaff &&
             read.as.role != common::kRoleConsultant) ||
            !LoadCitizen(tx, id, options_.current_year())) {
          return Error(StatusCode::kNotFound, "CITIZEN_NOT_FOUND",
                       request.citizen() + " not found");
        }
        InsertAccessRecord(
            tx, {id, staff_id, read.as, "IssueDeskCode", read.reason, {}});
        return LoadLoginNumber(tx, id);
      });
  if (!login_number.ok()) return login_number.status();
  absl::StatusOr<v1::DeskCode> code = PutNewDeskCode(id, staff_id);
  if (!code.ok()) return code.status();
  v1::IssueDeskCodeResponse response;
  response.set_login_number(*login_number);
  *response.mutable_desk_code() = std::move(*code);
  return response;
}

}  // namespace lifelong::identity
