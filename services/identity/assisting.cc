// StartAssisting, FindCitizens and ListMyDataAccess: staff find a citizen
// and take their case for a while, and citizens see every read of their data
// (citizen_access.h has the rules).
#include "common/errors.h"
#include "common/page_token.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "services/identity/access_log_repository.h"
#include "services/identity/account_names.h"
#include "services/identity/account_repository.h"
#include "services/identity/citizen_access.h"
#include "services/identity/identity_service.h"
#include "services/identity/validation.h"

namespace lifelong::identity {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;

namespace {

constexpr int kMaxMatches = 10;

// The centre the caller works at and why they are looking.
void CheckDeskContext(const std::string& centre, v1::AccessReason reason,
                      FieldViolations& violations) {
  CheckCentreName(centre, "centre", violations);
  switch (reason) {
    case v1::ACCESS_REASON_DESK_VISIT:
    case v1::ACCESS_REASON_CONSULTING_SESSION:
    case v1::ACCESS_REASON_PHONE_REQUEST:
      break;
    default:
      violations.Add("reason", reason == 0 ? "REQUIRED" : "UNKNOWN_VALUE",
                     "DESK_VISIT, CONSULTING_SESSION or PHONE_REQUEST");
  }
}

absl::Status NotCentreStaff(const std::string& centre) {
  return Error(StatusCode::kPermissionDenied, "NOT_CENTRE_STAFF",
               "you hold no staff or consultant role at " + centre);
}

}  // namespace

absl::StatusOr<v1::StartAssistingResponse> IdentityService::StartAssisting(
    const common::Caller& caller, const v1::StartAssistingRequest& request) {
  FieldViolations violations;
  common::ValidateRequestId(request.request_id(), violations);
  std::string citizen_id =
      common::UuidOf(request.citizen(), "citizens", "citizen", violations);
  CheckDeskContext(request.centre(), request.reason(), violations);
  if (!violations.empty()) return violations.ToStatus();
  common::RoleGrant as = AssistingRole(caller, request.centre());
  if (as.role.empty()) return NotCentreStaff(request.centre());
  std::string staff_id = AccountId(caller);
  common::IdempotencyKey key{caller.account, "StartAssisting",
                             request.request_id(),
                             common::Fingerprint(request)};
  return common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::StartAssistingResponse>(
        tx, key, [&]() -> absl::StatusOr<v1::StartAssistingResponse> {
          if (!LoadCitizen(tx, citizen_id, options_.current_year())) {
            return Error(StatusCode::kNotFound, "CITIZEN_NOT_FOUND",
                         request.citizen() + " not found");
          }
          v1::StartAssistingResponse response;
          *response.mutable_grant() =
              InsertAssistingGrant(tx, citizen_id, staff_id, as,
                                   request.reason(), options_.assisting_time);
          InsertAccessRecord(tx, {citizen_id,
                                  staff_id,
                                  as,
                                  "StartAssisting",
                                  request.reason(),
                                  {}});
          return response;
        });
  });
}

absl::StatusOr<v1::FindCitizensResponse> IdentityService::FindCitizens(
    const common::Caller& caller, const v1::FindCitizensRequest& request) {
  FieldViolations violations;
  CheckDeskContext(request.centre(), request.reason(), violations);
  std::optional<std::string> phone;
  bool by_name = !request.display_name().empty() || request.birth_year() != 0;
  if (!request.phone().empty()) {
    phone = NormalizePhone(request.phone(), "phone", violations);
    if (by_name) {
      violations.Add("phone", "ONE_OF",
                     "a phone, or a name and birth year, not both");
    }
  } else if (!by_name) {
    violations.Add("phone", "REQUIRED", "a phone, or a name and birth year");
  } else {
    CheckDisplayName(request.display_name(), "display_name", violations);
    CheckBirthYear(request.birth_year(), options_.current_year(), "birth_year",
                   violations);
  }
  if (!violations.empty()) return violations.ToStatus();
  common::RoleGrant as = AssistingRole(caller, request.centre());
  if (as.role.empty()) return NotCentreStaff(request.centre());
  std::string staff_id = AccountId(caller);
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::FindCitizensResponse> {
        std::vector<v1::CitizenMatch> matches =
            phone ? FindCitizensByPhone(tx, *phone, kMaxMatches + 1)
                  : FindCitizensByName(tx, request.display_name(),
                                       request.birth_year(), kMaxMatches + 1);
        v1::FindCitizensResponse response;
        response.set_truncated(matches.size() > kMaxMatches);
        for (size_t i = 0; i < matches.size() && i < kMaxMatches; ++i) {
          // Each citizen shown is told so.
          InsertAccessRecord(tx,
                             {matches[i].name().substr(sizeof("citizens/") - 1),
                              staff_id,
                              as,
                              "FindCitizens",
                              request.reason(),
                              {}});
          *response.add_matches() = std::move(matches[i]);
        }
        return response;
      });
}

absl::StatusOr<v1::ListMyDataAccessResponse> IdentityService::ListMyDataAccess(
    const common::Caller& caller, const v1::ListMyDataAccessRequest& request) {
  FieldViolations violations;
  int page_size = common::PageSize(request.page_size(), violations);
  if (!violations.empty()) return violations.ToStatus();
  const std::string query = "ListMyDataAccess:" + caller.account;
  absl::StatusOr<std::optional<common::PageCursor>> after =
      common::DecodePageToken(request.page_token(), query);
  if (!after.ok()) return after.status();
  long long before_id = 0;
  if (after->has_value()) {
    try {
      before_id = std::stoll((*after)->id);
    } catch (const std::exception&) {
      violations.Add("page_token", "INVALID_PAGE_TOKEN", "not from this list");
      return violations.ToStatus();
    }
  }
  std::string citizen_id = AccountId(caller);
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::ListMyDataAccessResponse> {
        auto rows = ListAccessRecords(tx, citizen_id, before_id, page_size + 1);
        v1::ListMyDataAccessResponse response;
        for (int i = 0; i < static_cast<int>(rows.size()) && i < page_size;
             ++i) {
          *response.add_records() = std::move(rows[i].second);
        }
        if (static_cast<int>(rows.size()) > page_size) {
          response.set_next_page_token(common::EncodePageToken(
              {"", std::to_string(rows[page_size - 1].first)}, query));
        }
        return response;
      });
}

}  // namespace lifelong::identity
