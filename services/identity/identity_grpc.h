// The identity service's gRPC handlers: each one names its access policy and
// runs the logic through the common RpcGuard, nothing else.
#pragma once

#include "common/server/rpc_guard.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/identity_service.h"

namespace lifelong::identity {

inline constexpr char kErrorDomain[] = "identity.lifelong";

class IdentityGrpc final : public v1::IdentityService::Service {
 public:
  IdentityGrpc(IdentityService& logic, common::RpcGuard& guard);

  grpc::Status RegisterCitizen(grpc::ServerContext* ctx,
                               const v1::RegisterCitizenRequest* request,
                               v1::RegisterCitizenResponse* response) override;
  grpc::Status Login(grpc::ServerContext* ctx, const v1::LoginRequest* request,
                     v1::LoginResponse* response) override;
  grpc::Status Logout(grpc::ServerContext* ctx,
                      const v1::LogoutRequest* request,
                      v1::LogoutResponse* response) override;
  grpc::Status LogoutEverywhere(
      grpc::ServerContext* ctx, const v1::LogoutEverywhereRequest* request,
      v1::LogoutEverywhereResponse* response) override;
  grpc::Status WhoAmI(grpc::ServerContext* ctx,
                      const v1::WhoAmIRequest* request,
                      v1::WhoAmIResponse* response) override;
  grpc::Status ChangePassword(grpc::ServerContext* ctx,
                              const v1::ChangePasswordRequest* request,
                              v1::ChangePasswordResponse* response) override;
  grpc::Status GetCitizen(grpc::ServerContext* ctx,
                          const v1::GetCitizenRequest* request,
                          v1::GetCitizenResponse* response) override;
  grpc::Status VerifyPriorityClaim(
      grpc::ServerContext* ctx, const v1::VerifyPriorityClaimRequest* request,
      v1::VerifyPriorityClaimResponse* response) override;
  grpc::Status CreateStaffAccount(
      grpc::ServerContext* ctx, const v1::CreateStaffAccountRequest* request,
      v1::CreateStaffAccountResponse* response) override;
  grpc::Status GrantRole(grpc::ServerContext* ctx,
                         const v1::GrantRoleRequest* request,
                         v1::GrantRoleResponse* response) override;
  grpc::Status RevokeRole(grpc::ServerContext* ctx,
                          const v1::RevokeRoleRequest* request,
                          v1::RevokeRoleResponse* response) override;

 private:
  IdentityService& logic_;
  common::RpcGuard& guard_;
};

}  // namespace lifelong::identity
