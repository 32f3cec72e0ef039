#include "services/identity/identity_grpc.h"

namespace lifelong::identity {
namespace {

using common::AccessPolicy;
using common::Caller;

const AccessPolicy kAdmin = AccessPolicy::AnyOf({common::kRoleAdmin});
const AccessPolicy kClaimDeciders =
    AccessPolicy::AnyOf({common::kRoleAdmin, common::kRoleCentreStaff});

}  // namespace

IdentityGrpc::IdentityGrpc(IdentityService& logic, common::RpcGuard& guard)
    : logic_(logic), guard_(guard) {}

grpc::Status IdentityGrpc::RegisterCitizen(
    grpc::ServerContext* ctx, const v1::RegisterCitizenRequest* request,
    v1::RegisterCitizenResponse* response) {
  return guard_.Handle(
      ctx, "RegisterCitizen", AccessPolicy::Public(), response,
      [&](const Caller& c) { return logic_.RegisterCitizen(c, *request); });
}

grpc::Status IdentityGrpc::Login(grpc::ServerContext* ctx,
                                 const v1::LoginRequest* request,
                                 v1::LoginResponse* response) {
  return guard_.Handle(
      ctx, "Login", AccessPolicy::Public(), response, [&](const Caller&) {
        return logic_.Login(*request, common::PeerAddress(*ctx));
      });
}

grpc::Status IdentityGrpc::Logout(grpc::ServerContext* ctx,
                                  const v1::LogoutRequest*,
                                  v1::LogoutResponse* response) {
  return guard_.Handle(ctx, "Logout", AccessPolicy::SignedIn(), response,
                       [&](const Caller& c) { return logic_.Logout(c); });
}

grpc::Status IdentityGrpc::LogoutEverywhere(
    grpc::ServerContext* ctx, const v1::LogoutEverywhereRequest*,
    v1::LogoutEverywhereResponse* response) {
  return guard_.Handle(
      ctx, "LogoutEverywhere", AccessPolicy::SignedIn(), response,
      [&](const Caller& c) { return logic_.LogoutEverywhere(c); });
}

grpc::Status IdentityGrpc::WhoAmI(grpc::ServerContext* ctx,
                                  const v1::WhoAmIRequest*,
                                  v1::WhoAmIResponse* response) {
  return guard_.Handle(ctx, "WhoAmI", AccessPolicy::SignedIn(), response,
                       [&](const Caller& c) { return logic_.WhoAmI(c); });
}

grpc::Status IdentityGrpc::ChangePassword(
    grpc::ServerContext* ctx, const v1::ChangePasswordRequest* request,
    v1::ChangePasswordResponse* response) {
  return guard_.Handle(
      ctx, "ChangePassword", AccessPolicy::SignedIn(), response,
      [&](const Caller& c) { return logic_.ChangePassword(c, *request); });
}

grpc::Status IdentityGrpc::GetCitizen(grpc::ServerContext* ctx,
                                      const v1::GetCitizenRequest* request,
                                      v1::GetCitizenResponse* response) {
  // Citizens read their own; the logic checks which account is asked for.
  return guard_.Handle(
      ctx, "GetCitizen", AccessPolicy::SignedIn(), response,
      [&](const Caller& c) { return logic_.GetCitizen(c, *request); });
}

grpc::Status IdentityGrpc::VerifyPriorityClaim(
    grpc::ServerContext* ctx, const v1::VerifyPriorityClaimRequest* request,
    v1::VerifyPriorityClaimResponse* response) {
  return guard_.Handle(
      ctx, "VerifyPriorityClaim", kClaimDeciders, response,
      [&](const Caller& c) { return logic_.VerifyPriorityClaim(c, *request); });
}

grpc::Status IdentityGrpc::CreateStaffAccount(
    grpc::ServerContext* ctx, const v1::CreateStaffAccountRequest* request,
    v1::CreateStaffAccountResponse* response) {
  return guard_.Handle(
      ctx, "CreateStaffAccount", kAdmin, response,
      [&](const Caller& c) { return logic_.CreateStaffAccount(c, *request); });
}

grpc::Status IdentityGrpc::GrantRole(grpc::ServerContext* ctx,
                                     const v1::GrantRoleRequest* request,
                                     v1::GrantRoleResponse* response) {
  return guard_.Handle(
      ctx, "GrantRole", kAdmin, response,
      [&](const Caller& c) { return logic_.GrantRole(c, *request); });
}

grpc::Status IdentityGrpc::RevokeRole(grpc::ServerContext* ctx,
                                      const v1::RevokeRoleRequest* request,
                                      v1::RevokeRoleResponse* response) {
  return guard_.Handle(
      ctx, "RevokeRole", kAdmin, response,
      [&](const Caller& c) { return logic_.RevokeRole(c, *request); });
}

}  // namespace lifelong::identity
