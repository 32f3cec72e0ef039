#include "services/identity/identity_service.h"

#include <set>

#include "common/errors.h"
#include "common/outbox/outbox.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "common/trace_context.h"
#include "lifelong/identity/events/v1/identity_events.pb.h"
#include "services/identity/access_log_repository.h"
#include "services/identity/account_names.h"
#include "services/identity/account_repository.h"
#include "services/identity/citizen_access.h"
#include "services/identity/codes.h"
#include "services/identity/desk_codes.h"
#include "services/identity/registration_options.h"
#include "services/identity/session_times.h"
#include "services/identity/validation.h"

namespace lifelong::identity {
namespace {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;

constexpr char kAnonymous[] = "anonymous";

std::string NameFor(const std::string& kind, const std::string& id) {
  return (kind == "citizen" ? "citizens/" : "staff/") + id;
}

absl::Status NotFound(const std::string& reason, const std::string& what) {
  return Error(StatusCode::kNotFound, reason, what + " not found");
}

// Secrets are cleared before a request is hashed for idempotency.
template <typename Request>
std::string FingerprintWithout(Request request, void (Request::*clear)()) {
  (request.*clear)();
  return common::Fingerprint(request);
}

}  // namespace

IdentityService::IdentityService(common::PgPool& pool,
                                 common::RedisClient& redis,
                                 common::SessionStore& sessions,
                                 LoginLimiter& limiter,
                                 const PasswordHasher& hasher,
                                 IdentityOptions options)
    : pool_(pool),
      redis_(redis),
      sessions_(sessions),
      limiter_(limiter),
      hasher_(hasher),
      options_(std::move(options)) {}

void IdentityService::CheckCitizenFields(
    const v1::RegisterCitizenRequest& request, bool contact_required,
    NewAccount& account, std::set<int>& claimed,
    FieldViolations& violations) const {
  CheckDisplayName(request.display_name(), "display_name", violations);
  account.kind = "citizen";
  account.display_name = request.display_name();
  if (contact_required && request.email().empty() && request.phone().empty()) {
    violations.Add("email", "REQUIRED",
                   "an email or a phone number is required");
  }
  if (!request.email().empty()) {
    account.email = NormalizeEmail(request.email(), "email", violations);
  }
  if (!request.phone().empty()) {
    account.phone = NormalizePhone(request.phone(), "phone", violations);
  }
  CheckBirthYear(request.birth_year(), options_.current_year(), "birth_year",
                 violations);
  // People who live elsewhere and work in the city give only their
  // workplace's district.
  bool works_here = !request.workplace_district().empty();
  CheckDistrict(request.district(), options_.districts, !works_here, "district",
                violations);
  CheckDistrict(request.workplace_district(), options_.districts, false,
                "workplace_district", violations);
  if (request.language() != v1::LANGUAGE_KO &&
      request.language() != v1::LANGUAGE_EN) {
    violations.Add("language",
                   request.language() == 0 ? "REQUIRED" : "UNKNOWN_VALUE",
                   "LANGUAGE_KO or LANGUAGE_EN");
  }
  for (int i = 0; i < request.priority_claims_size(); ++i) {
    int group = request.priority_claims(i);
    std::string field = "priority_claims[" + std::to_string(i) + "]";
    if (group == 0 || !v1::PriorityGroup_IsValid(group)) {
      violations.Add(field, "UNKNOWN_VALUE", "not a priority group");
    } else if (!claimed.insert(group).second) {
      violations.Add(field, "DUPLICATE", "claimed twice");
    }
  }
}

absl::StatusOr<v1::Citizen> IdentityService::CreateCitizen(
    pqxx::work& tx, NewAccount& account,
    const v1::RegisterCitizenRequest& request, const std::set<int>& claimed) {
  std::optional<std::string> id;
  // A desk registration's login number may collide: draw again.
  for (int attempt = 0; attempt < 5 && !id; ++attempt) {
    id = InsertAccount(tx, account);
    if (id) break;
    std::string reason = TakenReason(tx, account);
    if (reason != "LOGIN_NUMBER_TAKEN" || !account.login_number) {
      return Error(StatusCode::kAlreadyExists, reason,
                   reason == "EMAIL_TAKEN"
                       ? "an account with this email exists"
                       : "an account with this phone number exists");
    }
    account.login_number = NewEightDigits();
  }
  if (!id) {
    return Error(StatusCode::kAborted, "LOGIN_NUMBER_TAKEN",
                 "no free login number was found; retry");
  }
  InsertCitizenProfile(tx, *id, request);
  for (int group : claimed) {
    InsertClaim(tx, *id, static_cast<v1::PriorityGroup>(group));
  }
  v1::Citizen citizen = *LoadCitizen(tx, *id, options_.current_year());

  events::v1::CitizenRegistered event;
  event.set_citizen(citizen.name());
  event.set_birth_year(request.birth_year());
  event.set_district(request.district());
  event.set_workplace_district(request.workplace_district());
  event.set_language(request.language());
  // Claimed priority groups are sensitive and unverified: they stay here
  // (verifiers read them through GetCitizen); decisions go on the restricted
  // topic.
  *event.mutable_register_time() = citizen.create_time();
  common::AddToOutbox(tx, common::OutboxEvent::Of(kAccountTopic, *id, event));
  return citizen;
}

absl::StatusOr<v1::GetRegistrationOptionsResponse>
IdentityService::GetRegistrationOptions(
    const common::Caller&, const v1::GetRegistrationOptionsRequest&) {
  return RegistrationOptions(options_.districts, options_.district_names_ko,
                             options_.current_year());
}

absl::StatusOr<v1::RegisterCitizenResponse> IdentityService::RegisterCitizen(
    const common::Caller& caller, const v1::RegisterCitizenRequest& request) {
  FieldViolations violations;
  common::ValidateRequestId(request.request_id(), violations);
  NewAccount account;
  std::set<int> claimed;
  CheckCitizenFields(request, /*contact_required=*/true, account, claimed,
                     violations);
  CheckPassword(request.password(), account.email.value_or(""), "password",
                violations);
  if (!violations.empty()) return violations.ToStatus();

  // Hashing is slow and must not run again when the transaction is retried.
  absl::StatusOr<std::string> hash = hasher_.Hash(request.password());
  if (!hash.ok()) return hash.status();
  account.password_hash = *hash;
  common::IdempotencyKey key{
      kAnonymous, "RegisterCitizen", request.request_id(),
      FingerprintWithout(request, &v1::RegisterCitizenRequest::clear_password)};
  (void)caller;  // registration is open to anyone
  return common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::RegisterCitizenResponse>(
        tx, key, [&]() -> absl::StatusOr<v1::RegisterCitizenResponse> {
          absl::StatusOr<v1::Citizen> citizen =
              CreateCitizen(tx, account, request, claimed);
          if (!citizen.ok()) return citizen.status();
          v1::RegisterCitizenResponse response;
          *response.mutable_citizen() = std::move(*citizen);
          return response;
        });
  });
}

absl::StatusOr<bool> IdentityService::UseDeskCodeToLogIn(
    const std::string& account_id, const std::string& code) {
  absl::StatusOr<std::optional<std::string>> code_hash =
      common::InTransaction(pool_, [&](pqxx::work& tx) {
        return absl::StatusOr<std::optional<std::string>>(
            LoadDeskCode(tx, account_id));
      });
  if (!code_hash.ok()) return code_hash.status();
  if (!code_hash->has_value()) return false;
  absl::StatusOr<bool> matches = hasher_.Verify(**code_hash, code);
  if (!matches.ok() || !*matches) return matches;
  // One use: of two logins racing with the same code, one wins.
  return common::InTransaction(pool_, [&](pqxx::work& tx) {
    return absl::StatusOr<bool>(UseDeskCode(tx, account_id, **code_hash));
  });
}

absl::StatusOr<v1::LoginResponse> IdentityService::Login(
    const common::Caller& caller, const v1::LoginRequest& request) {
  const std::string& peer = caller.peer;
  FieldViolations violations;
  if (request.login().empty())
    violations.Add("login", "REQUIRED", "email or phone");
  if (request.password().empty())
    violations.Add("password", "REQUIRED", "password");
  if (request.login().size() > 254 || request.password().size() > 512) {
    violations.Add("login", "TOO_LONG", "at most 254 characters");
  }
  if (!violations.empty()) return violations.ToStatus();

  // The same account whatever way its email or phone is written.
  FieldViolations ignored;
  std::optional<std::string> login_number = LoginNumberOf(request.login());
  std::string login = login_number ? *login_number
                      : request.login().find('@') != std::string::npos
                          ? NormalizeEmail(request.login(), "login", ignored)
                                .value_or(request.login())
                          : NormalizePhone(request.login(), "login", ignored)
                                .value_or(request.login());
  absl::StatusOr<LoginLimiter::Standing> standing = limiter_.Check(login, peer);
  if (!standing.ok()) return standing.status();

  absl::StatusOr<std::optional<Credentials>> found =
      common::InTransaction(pool_, [&](pqxx::work& tx) {
        return absl::StatusOr<std::optional<Credentials>>(
            FindCredentials(tx, login));
      });
  if (!found.ok()) return found.status();
  absl::StatusOr<bool> ok = false;
  if (found->has_value() && !(*found)->password_hash.empty()) {
    ok = hasher_.Verify((*found)->password_hash, request.password());
  } else if (absl::Status s = hasher_.VerifyNothing(request.password());
             !s.ok()) {
    ok = s;  // no account, or one without a password: the same time spent
  }
  if (!ok.ok()) return ok.status();  // HASHING_BUSY: nothing was checked
  if (!*ok && found->has_value() && LooksLikeDeskCode(request.password())) {
    ok = UseDeskCodeToLogIn((*found)->id, *LoginNumberOf(request.password()));
    if (!ok.ok()) return ok.status();
  }
  if (!*ok) {
    if (absl::Status s = limiter_.RecordFailure(login, peer, *standing);
        !s.ok()) {
      return s;
    }
    return Error(StatusCode::kUnauthenticated, "INVALID_CREDENTIALS",
                 "wrong login or password");
  }
  const Credentials& credentials = **found;
  limiter_.Reset(login).IgnoreError();
  absl::StatusOr<std::vector<common::RoleGrant>> roles =
      common::InTransaction(pool_, [&](pqxx::work& tx) {
        return absl::StatusOr<std::vector<common::RoleGrant>>(
            LoadRoles(tx, credentials.id));
      });
  if (!roles.ok()) return roles.status();
  if (credentials.kind == "citizen")
    roles->push_back({common::kRoleCitizen, ""});
  std::string account = NameFor(credentials.kind, credentials.id);
  absl::StatusOr<common::NewSession> session =
      sessions_.Create(account, *roles);
  if (!session.ok()) return session.status();
  v1::LoginResponse response;
  response.set_session_token(session->token);
  response.set_account(account);
  response.mutable_absolute_expire_time()->set_seconds(
      std::chrono::duration_cast<std::chrono::seconds>(
          session->absolute_expiry.time_since_epoch())
          .count());
  return response;
}

absl::StatusOr<v1::LogoutResponse> IdentityService::Logout(
    const common::Caller& caller, const v1::LogoutRequest&) {
  if (absl::Status s = sessions_.Revoke(caller.session_id, caller.account);
      !s.ok()) {
    return s;
  }
  return v1::LogoutResponse();
}

absl::StatusOr<v1::LogoutEverywhereResponse> IdentityService::LogoutEverywhere(
    const common::Caller& caller, const v1::LogoutEverywhereRequest&) {
  absl::StatusOr<int> ended = sessions_.RevokeAll(caller.account);
  if (!ended.ok()) return ended.status();
  v1::LogoutEverywhereResponse response;
  response.set_sessions_ended(*ended);
  return response;
}

absl::StatusOr<v1::WhoAmIResponse> IdentityService::WhoAmI(
    const common::Caller& caller, const v1::WhoAmIRequest&) {
  std::string id = AccountId(caller);
  absl::StatusOr<std::optional<std::string>> name =
      common::InTransaction(pool_, [&](pqxx::work& tx) {
        return absl::StatusOr<std::optional<std::string>>(
            LoadDisplayName(tx, id));
      });
  if (!name.ok()) return name.status();
  if (!name->has_value()) return NotFound("ACCOUNT_NOT_FOUND", "account");
  v1::WhoAmIResponse response;
  response.set_account(caller.account);
  response.set_kind(caller.account.rfind("citizens/", 0) == 0
                        ? v1::ACCOUNT_KIND_CITIZEN
                        : v1::ACCOUNT_KIND_STAFF);
  response.set_display_name(**name);
  absl::StatusOr<SessionTimes> times =
      ReadSessionTimes(redis_, caller.session_id);
  if (!times.ok()) return times.status();
  response.mutable_idle_expire_time()->set_seconds(times->idle_expiry);
  response.mutable_absolute_expire_time()->set_seconds(times->absolute_expiry);
  for (const common::RoleGrant& g : caller.roles) {
    v1::RoleGrant* out = response.add_roles();
    out->set_role(RoleFromCode(g.role));
    out->set_scope(g.scope);
  }
  return response;
}

absl::StatusOr<v1::ChangePasswordResponse> IdentityService::ChangePassword(
    const common::Caller& caller, const v1::ChangePasswordRequest& request) {
  FieldViolations violations;
  common::ValidateRequestId(request.request_id(), violations);
  CheckPassword(request.new_password(), "", "new_password", violations);
  if (!violations.empty()) return violations.ToStatus();

  std::string id = AccountId(caller);
  absl::StatusOr<std::string> new_hash = hasher_.Hash(request.new_password());
  if (!new_hash.ok()) return new_hash.status();
  common::IdempotencyKey key{caller.account, "ChangePassword",
                             request.request_id(), ""};
  {
    v1::ChangePasswordRequest without_secrets = request;
    without_secrets.clear_current_password();
    without_secrets.clear_new_password();
    key.fingerprint = common::Fingerprint(without_secrets);
  }
  absl::StatusOr<v1::ChangePasswordResponse> changed =
      common::InTransaction(pool_, [&](pqxx::work& tx) {
        return common::Idempotent<v1::ChangePasswordResponse>(
            tx, key, [&]() -> absl::StatusOr<v1::ChangePasswordResponse> {
              std::optional<std::string> hash = LoadPasswordHash(tx, id);
              if (!hash) return NotFound("ACCOUNT_NOT_FOUND", "account");
              // An account registered at a desk may have no password yet:
              // its first one needs no current password.
              bool first = hash->empty() && request.current_password().empty();
              if (!first && request.current_password().empty()) {
                FieldViolations missing;
                missing.Add("current_password", "REQUIRED",
                            "the current password");
                return missing.ToStatus();
              }
              absl::StatusOr<bool> current =
                  first || hash->empty()
                      ? absl::StatusOr<bool>(first)
                      : hasher_.Verify(*hash, request.current_password());
              if (!current.ok()) return current.status();
              if (!*current) {
                // The same answer as Login's for a wrong password.
                return Error(StatusCode::kUnauthenticated,
                             "INVALID_CREDENTIALS",
                             "the current password is wrong");
              }
              UpdatePasswordHash(tx, id, *new_hash);
              return v1::ChangePasswordResponse();
            });
      });
  if (!changed.ok()) return changed;
  // After the commit, and again on a retry: every session ends.
  absl::StatusOr<int> ended = sessions_.RevokeAll(caller.account);
  if (!ended.ok()) return ended.status();
  changed->set_sessions_ended(*ended);
  return changed;
}

absl::StatusOr<v1::GetCitizenResponse> IdentityService::GetCitizen(
    const common::Caller& caller, const v1::GetCitizenRequest& request) {
  FieldViolations violations;
  std::string id =
      common::UuidOf(request.name(), "citizens", "name", violations);
  if (!violations.empty()) return violations.ToStatus();
  std::string name = "citizens/" + id;
  // Read, decide and log in one transaction: a read that cannot be logged
  // does not happen.
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::GetCitizenResponse> {
        std::vector<LiveGrant> grants;
        if (caller.account.rfind("staff/", 0) == 0) {
          grants = LoadLiveGrants(tx, AccountId(caller), id);
        }
        CitizenRead read = DecideCitizenRead(caller, name, grants);
        std::optional<v1::Citizen> citizen;
        if (read.view != CitizenView::kNone) {
          citizen = LoadCitizen(tx, id, options_.current_year());
        }
        // Unknown and not readable answer alike.
        if (!citizen) return NotFound("CITIZEN_NOT_FOUND", name);
        if (read.view == CitizenView::kWithoutClaims) {
          citizen->clear_priority_claims();
        }
        if (read.logged) {
          InsertAccessRecord(tx, {id, AccountId(caller), read.as, "GetCitizen",
                                  read.reason, DisclosedClaims(*citizen)});
        }
        v1::GetCitizenResponse response;
        *response.mutable_citizen() = std::move(*citizen);
        return response;
      });
}

absl::StatusOr<v1::VerifyPriorityClaimResponse>
IdentityService::VerifyPriorityClaim(
    const common::Caller& caller,
    const v1::VerifyPriorityClaimRequest& request) {
  FieldViolations violations;
  common::ValidateRequestId(request.request_id(), violations);
  std::string id =
      common::UuidOf(request.citizen(), "citizens", "citizen", violations);
  if (request.group() == 0 || !v1::PriorityGroup_IsValid(request.group())) {
    violations.Add("group", "UNKNOWN_VALUE", "a priority group");
  }
  if (request.decision() != v1::CLAIM_STATUS_VERIFIED &&
      request.decision() != v1::CLAIM_STATUS_REJECTED) {
    violations.Add("decision", "UNKNOWN_VALUE",
                   "CLAIM_STATUS_VERIFIED or CLAIM_STATUS_REJECTED");
  }
  if (!violations.empty()) return violations.ToStatus();

  std::string staff_id = AccountId(caller);
  common::IdempotencyKey key{caller.account, "VerifyPriorityClaim",
                             request.request_id(),
                             common::Fingerprint(request)};
  return common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::VerifyPriorityClaimResponse>(
        tx, key, [&]() -> absl::StatusOr<v1::VerifyPriorityClaimResponse> {
          std::optional<std::string> status =
              LockClaim(tx, id, request.group());
          if (!status) return NotFound("CLAIM_NOT_FOUND", "this claim");
          if (*status != "claimed") {
            return Error(StatusCode::kFailedPrecondition,
                         "CLAIM_ALREADY_DECIDED",
                         "this claim was already " + *status);
          }
          DecideClaim(tx, id, request.group(), request.decision(), staff_id);
          v1::VerifyPriorityClaimResponse response;
          *response.mutable_citizen() =
              *LoadCitizen(tx, id, options_.current_year());
          // The answer shows the verifier the citizen's claims: logged.
          InsertAccessRecord(
              tx, {id, staff_id,
                   caller.Has(kRolePriorityVerifier)
                       ? common::RoleGrant{kRolePriorityVerifier, ""}
                       : common::RoleGrant{common::kRoleAdmin, ""},
                   "VerifyPriorityClaim", v1::ACCESS_REASON_CLAIM_VERIFICATION,
                   DisclosedClaims(response.citizen())});

          events::v1::PriorityClaimVerified event;
          event.set_citizen(request.citizen());
          event.set_group(request.group());
          event.set_status(request.decision());
          event.set_decided_by(caller.account);
          for (const v1::PriorityClaim& c :
               response.citizen().priority_claims()) {
            if (c.group() == request.group()) {
              *event.mutable_decide_time() = c.decide_time();
            }
          }
          common::AddToOutbox(
              tx, common::OutboxEvent::Of(kPriorityTopic, id, event));
          return response;
        });
  });
}

absl::StatusOr<v1::CreateStaffAccountResponse>
IdentityService::CreateStaffAccount(
    const common::Caller& caller,
    const v1::CreateStaffAccountRequest& request) {
  FieldViolations violations;
  common::ValidateRequestId(request.request_id(), violations);
  CheckDisplayName(request.display_name(), "display_name", violations);
  NewAccount account{"staff",
                     request.display_name(),
                     NormalizeEmail(request.email(), "email", violations),
                     std::nullopt,
                     "",
                     std::nullopt};
  CheckPassword(request.password(), account.email.value_or(""), "password",
                violations);
  if (!violations.empty()) return violations.ToStatus();

  absl::StatusOr<std::string> hash = hasher_.Hash(request.password());
  if (!hash.ok()) return hash.status();
  account.password_hash = *hash;
  common::IdempotencyKey key{
      caller.account, "CreateStaffAccount", request.request_id(),
      FingerprintWithout(request,
                         &v1::CreateStaffAccountRequest::clear_password)};
  return common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::CreateStaffAccountResponse>(
        tx, key, [&]() -> absl::StatusOr<v1::CreateStaffAccountResponse> {
          std::optional<std::string> id = InsertAccount(tx, account);
          if (!id) {
            return Error(StatusCode::kAlreadyExists, "EMAIL_TAKEN",
                         "an account with this email exists");
          }
          v1::CreateStaffAccountResponse response;
          *response.mutable_staff() = *LoadStaff(tx, *id);
          return response;
        });
  });
}

template <typename Response, typename Request>
absl::StatusOr<Response> IdentityService::ChangeRole(
    const common::Caller& caller, const Request& request, bool grant) {
  FieldViolations violations;
  common::ValidateRequestId(request.request_id(), violations);
  std::string id =
      common::UuidOf(request.staff(), "staff", "staff", violations);
  CheckRoleGrant(request.grant(), "grant", violations);
  if (!violations.empty()) return violations.ToStatus();

  common::RoleGrant role{RoleCode(request.grant().role()),
                         request.grant().scope()};
  common::IdempotencyKey key{caller.account, grant ? "GrantRole" : "RevokeRole",
                             request.request_id(),
                             common::Fingerprint(request)};
  absl::StatusOr<Response> result =
      common::InTransaction(pool_, [&](pqxx::work& tx) {
        return common::Idempotent<Response>(
            tx, key, [&]() -> absl::StatusOr<Response> {
              if (!LoadStaff(tx, id))
                return NotFound("STAFF_NOT_FOUND", request.staff());
              if (grant) {
                if (!InsertRole(tx, id, role, caller.account)) {
                  return Error(StatusCode::kAlreadyExists,
                               "ROLE_ALREADY_GRANTED",
                               "the staff account already holds this role");
                }
                events::v1::StaffRoleGranted event;
                event.set_staff(request.staff());
                *event.mutable_grant() = request.grant();
                event.set_granted_by(caller.account);
                common::AddToOutbox(
                    tx, common::OutboxEvent::Of(kAccountTopic, id, event));
              } else {
                if (!DeleteRole(tx, id, role)) {
                  return NotFound("ROLE_NOT_GRANTED", "this role grant");
                }
                events::v1::StaffRoleRevoked event;
                event.set_staff(request.staff());
                *event.mutable_grant() = request.grant();
                event.set_revoked_by(caller.account);
                common::AddToOutbox(
                    tx, common::OutboxEvent::Of(kAccountTopic, id, event));
              }
              Response response;
              *response.mutable_staff() = *LoadStaff(tx, id);
              return response;
            });
      });
  if (!result.ok()) return result;
  // Live sessions take the new roles at once (again on a retry, so a Redis
  // hiccup after the commit is repaired by retrying).
  std::vector<common::RoleGrant> roles;
  for (const v1::RoleGrant& g : result->staff().roles()) {
    roles.push_back({RoleCode(g.role()), g.scope()});
  }
  if (absl::Status s = sessions_.UpdateRoles(request.staff(), roles); !s.ok()) {
    return s;
  }
  return result;
}

absl::StatusOr<v1::GrantRoleResponse> IdentityService::GrantRole(
    const common::Caller& caller, const v1::GrantRoleRequest& request) {
  return ChangeRole<v1::GrantRoleResponse>(caller, request, true);
}

absl::StatusOr<v1::RevokeRoleResponse> IdentityService::RevokeRole(
    const common::Caller& caller, const v1::RevokeRoleRequest& request) {
  return ChangeRole<v1::RevokeRoleResponse>(caller, request, false);
}

absl::Status IdentityService::EnsureFirstAdmin(const std::string& email,
                                               const std::string& password) {
  // Not a request: the grant's event gets a trace of its own.
  common::ScopedTraceContext trace(common::NewTraceparent());
  // The settings matter only while no admin exists: a later change of the
  // password policy or of the email must not stop identity from starting.
  absl::StatusOr<bool> exists = common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<bool> { return AnyAdmin(tx); });
  if (!exists.ok()) return exists.status();
  if (*exists) return absl::OkStatus();
  FieldViolations violations;
  NewAccount account{
      "staff",
      "Administrator",
      NormalizeEmail(email, "IDENTITY_BOOTSTRAP_ADMIN_EMAIL", violations),
      std::nullopt,
      "",
      std::nullopt};
  CheckPassword(password, account.email.value_or(""),
                "IDENTITY_BOOTSTRAP_ADMIN_PASSWORD", violations);
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<std::string> hash = hasher_.Hash(password);
  if (!hash.ok()) return hash.status();
  account.password_hash = *hash;
  return common::InTransaction(pool_, [&](pqxx::work& tx) -> absl::Status {
    // Replicas starting together take turns here.
    tx.exec(
        "SELECT "
        "pg_advisory_xact_lock(hashtext('lifelong.identity.first_admin'))");
    if (AnyAdmin(tx)) return absl::OkStatus();
    std::optional<std::string> id = InsertAccount(tx, account);
    if (!id) {
      return Error(StatusCode::kAlreadyExists, "EMAIL_TAKEN",
                   "the first admin's email belongs to another account");
    }
    common::RoleGrant admin{common::kRoleAdmin, ""};
    InsertRole(tx, *id, admin, "system");
    events::v1::StaffRoleGranted event;
    event.set_staff("staff/" + *id);
    event.mutable_grant()->set_role(v1::ROLE_ADMIN);
    event.set_granted_by("system");
    common::AddToOutbox(tx, common::OutboxEvent::Of(kAccountTopic, *id, event));
    return absl::OkStatus();
  });
}

}  // namespace lifelong::identity
