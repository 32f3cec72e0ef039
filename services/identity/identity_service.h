// The identity service's logic: citizens register and log in, verifiers
// decide priority claims, admins manage staff roles, staff read citizens on a
// need-to-know basis. Plain class, constructed with its dependencies, so
// tests drive it without a server; identity_grpc.h wires it to gRPC through
// the common RpcGuard.
//
// Where each RPC lives:
//   identity_service.cc  GetRegistrationOptions (registration_options.h),
//                        RegisterCitizen, Login, Logout(Everywhere), WhoAmI,
//                        ChangePassword, GetCitizen, VerifyPriorityClaim,
//                        staff accounts and roles
//   assisting.cc         StartAssisting, FindCitizens, ListMyDataAccess
//                        (who may read
//                        how much: citizen_access.h)
//   desk_registration.cc RegisterAssistedCitizen, IssueDeskCode (people
//                        without phone or email: desk_codes.h)
//
//   IdentityService identity(pool, redis, sessions, limiter, hasher, options);
//   absl::StatusOr<v1::RegisterCitizenResponse> r =
//       identity.RegisterCitizen(common::Caller{}, request);
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/auth/session_store.h"
#include "common/errors.h"
#include "common/pg/pool.h"
#include "lifelong/identity/v1/identity_service.pb.h"
#include "services/identity/account_repository.h"
#include "services/identity/login_limiter.h"
#include "services/identity/password_hasher.h"

namespace lifelong::identity {

inline constexpr char kAccountTopic[] = "lifelong.identity.account.v1";
// Restricted: decisions on sensitive priority claims (disability, basic
// livelihood, national merit, single parent). Readers: enrolment only
// (docs/events/identity.md).
inline constexpr char kPriorityTopic[] = "lifelong.identity.priority.v1";

struct IdentityOptions {
  // The city's districts (dong) that residence and workplace must name.
  std::vector<std::string> districts;
  // The current calendar year, for birth-year checks and over_65.
  std::function<int()> current_year;
  // Korean names of districts, where the deployment gives them.
  std::map<std::string, std::string> district_names_ko;
  // How long an assisting grant (StartAssisting) lets staff read a citizen.
  std::chrono::seconds assisting_time{std::chrono::hours(2)};
  // Checks the roster's contact tickets (common/auth/contact_ticket.h); the
  // same key as enrolment's.
  std::string contact_ticket_key{};
};

class IdentityService {
 public:
  // `redis` holds the sessions (WhoAmI reads their expiry).
  IdentityService(common::PgPool& pool, common::RedisClient& redis,
                  common::SessionStore& sessions, LoginLimiter& limiter,
                  const PasswordHasher& hasher, IdentityOptions options);

  absl::StatusOr<v1::RegisterCitizenResponse> RegisterCitizen(
      const common::Caller& caller, const v1::RegisterCitizenRequest& request);
  // The caller's `peer` is the client's address, for the login limits.
  absl::StatusOr<v1::LoginResponse> Login(const common::Caller& caller,
                                          const v1::LoginRequest& request);
  absl::StatusOr<v1::LogoutResponse> Logout(const common::Caller& caller,
                                            const v1::LogoutRequest& request);
  absl::StatusOr<v1::LogoutEverywhereResponse> LogoutEverywhere(
      const common::Caller& caller, const v1::LogoutEverywhereRequest& request);
  absl::StatusOr<v1::WhoAmIResponse> WhoAmI(const common::Caller& caller,
                                            const v1::WhoAmIRequest& request);
  absl::StatusOr<v1::ChangePasswordResponse> ChangePassword(
      const common::Caller& caller, const v1::ChangePasswordRequest& request);
  absl::StatusOr<v1::GetCitizenResponse> GetCitizen(
      const common::Caller& caller, const v1::GetCitizenRequest& request);
  absl::StatusOr<v1::VerifyPriorityClaimResponse> VerifyPriorityClaim(
      const common::Caller& caller,
      const v1::VerifyPriorityClaimRequest& request);
  absl::StatusOr<v1::CreateStaffAccountResponse> CreateStaffAccount(
      const common::Caller& caller,
      const v1::CreateStaffAccountRequest& request);
  absl::StatusOr<v1::GrantRoleResponse> GrantRole(
      const common::Caller& caller, const v1::GrantRoleRequest& request);
  absl::StatusOr<v1::RevokeRoleResponse> RevokeRole(
      const common::Caller& caller, const v1::RevokeRoleRequest& request);
  absl::StatusOr<v1::StartAssistingResponse> StartAssisting(
      const common::Caller& caller, const v1::StartAssistingRequest& request);
  absl::StatusOr<v1::ListMyDataAccessResponse> ListMyDataAccess(
      const common::Caller& caller, const v1::ListMyDataAccessRequest& request);
  absl::StatusOr<v1::FindCitizensResponse> FindCitizens(
      const common::Caller& caller, const v1::FindCitizensRequest& request);
  absl::StatusOr<v1::RegisterAssistedCitizenResponse> RegisterAssistedCitizen(
      const common::Caller& caller,
      const v1::RegisterAssistedCitizenRequest& request);
  absl::StatusOr<v1::IssueDeskCodeResponse> IssueDeskCode(
      const common::Caller& caller, const v1::IssueDeskCodeRequest& request);
  absl::StatusOr<v1::GetRegistrationOptionsResponse> GetRegistrationOptions(
      const common::Caller& caller,
      const v1::GetRegistrationOptionsRequest& request);
  absl::StatusOr<v1::BatchGetCitizenContactsResponse> BatchGetCitizenContacts(
      const common::Caller& caller,
      const v1::BatchGetCitizenContactsRequest& request);
  absl::StatusOr<v1::BatchGetStaffProfilesResponse> BatchGetStaffProfiles(
      const common::Caller& caller,
      const v1::BatchGetStaffProfilesRequest& request);

  // Creates the first admin when no account holds the admin role yet (first
  // start). Safe when several replicas start at once.
  absl::Status EnsureFirstAdmin(const std::string& email,
                                const std::string& password);

 private:
  // Registration's checks of everything but the password; fills `account`
  // and `claimed`.
  void CheckCitizenFields(const v1::RegisterCitizenRequest& request,
                          bool contact_required, NewAccount& account,
                          std::set<int>& claimed,
                          common::FieldViolations& violations) const;
  // Inserts the account, profile and claims and the CitizenRegistered event;
  // ALREADY_EXISTS when the email or phone is taken.
  absl::StatusOr<v1::Citizen> CreateCitizen(
      pqxx::work& tx, NewAccount& account,
      const v1::RegisterCitizenRequest& request, const std::set<int>& claimed);
  // Whether `code` is the account's live desk code; uses it up if so.
  absl::StatusOr<bool> UseDeskCodeToLogIn(const std::string& account_id,
                                          const std::string& code);
  // A new desk code for the citizen, replacing any earlier one.
  absl::StatusOr<v1::DeskCode> PutNewDeskCode(const std::string& citizen_id,
                                              const std::string& staff_id);
  // Grant or revoke, which differ only in the SQL and the event.
  template <typename Response, typename Request>
  absl::StatusOr<Response> ChangeRole(const common::Caller& caller,
                                      const Request& request, bool grant);

  common::PgPool& pool_;
  common::RedisClient& redis_;
  common::SessionStore& sessions_;
  LoginLimiter& limiter_;
  const PasswordHasher& hasher_;
  const IdentityOptions options_;
};

}  // namespace lifelong::identity
