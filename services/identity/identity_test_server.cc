#include "services/identity/identity_test_server.h"

#include <gtest/gtest.h>

namespace lifelong::identity {

std::unique_ptr<grpc::ClientContext> AuthContext(const std::string& token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
  return ctx;
}

IdentityTestServer::IdentityTestServer(LoginLimits limits)
    : db_("identity_test",
          {{"identity",
            testing::RepoRoot() + "/services/identity/migrations"}}) {
  pool_ = std::make_unique<common::PgPool>(db_.dsn(), 16);
  auto [host, port] = testing::RedisAddress();
  redis_ = std::make_unique<common::RedisClient>(host, port);
  sessions_ =
      std::make_unique<common::SessionStore>(*redis_, common::SessionPolicy{});
  if (limits.secret.empty())
    limits.secret = "secret-" + testing::RandomSuffix();
  limiter_ = std::make_unique<LoginLimiter>(*redis_, limits);
  hasher_ = std::make_unique<PasswordHasher>(1, 8192 * 1024, 64);
  logic_ = std::make_unique<IdentityService>(
      *pool_, *redis_, *sessions_, *limiter_, *hasher_,
      IdentityOptions{{"Misa", "Wirye", "Pungsan", "Deokpung"},
                      [] { return kTestYear; },
                      {{"Misa", "미사동"}, {"Wirye", "위례동"}},
                      std::chrono::hours(2),
                      kContactTicketKey});
  admin_email_ = "admin-" + testing::RandomSuffix() + "@hanam.example";
  absl::Status admin = logic_->EnsureFirstAdmin(admin_email_, kTestPassword);
  EXPECT_TRUE(admin.ok()) << admin;
  metrics_ = std::make_unique<common::Metrics>("identity");
  guard_ =
      std::make_unique<common::RpcGuard>(*sessions_, *metrics_, kErrorDomain);
  guard_->set_trusted_proxies(*common::TrustedProxies::Parse("127.0.0.1"));
  handlers_ = std::make_unique<IdentityGrpc>(*logic_, *guard_);
  server_ = std::make_unique<common::GrpcServer>(common::GrpcServerOptions{0});
  server_->Register(handlers_.get());
  server_->Start();
}

IdentityTestServer::~IdentityTestServer() {
  server_->Shutdown(std::chrono::seconds(1));
}

std::unique_ptr<v1::IdentityService::Stub> IdentityTestServer::Stub() const {
  return v1::IdentityService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                          grpc::InsecureChannelCredentials()));
}

std::string IdentityTestServer::Login(const std::string& login,
                                      const std::string& password) {
  v1::LoginRequest request;
  request.set_login(login);
  request.set_password(password);
  v1::LoginResponse response;
  grpc::ClientContext ctx;
  grpc::Status status = Stub()->Login(&ctx, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.session_token();
}

std::string IdentityTestServer::AdminToken() {
  return Login(admin_email_, kTestPassword);
}

std::string IdentityTestServer::StaffToken(v1::Role role,
                                           const std::string& scope) {
  std::string admin = AdminToken();
  auto stub = Stub();
  std::string email = "staff-" + testing::RandomSuffix() + "@hanam.example";
  v1::CreateStaffAccountRequest create;
  create.set_request_id(testing::RandomSuffix());
  create.set_display_name("Staff");
  create.set_email(email);
  create.set_password(kTestPassword);
  v1::CreateStaffAccountResponse created;
  EXPECT_TRUE(
      stub->CreateStaffAccount(AuthContext(admin).get(), create, &created)
          .ok());
  v1::GrantRoleRequest grant;
  grant.set_request_id(testing::RandomSuffix());
  grant.set_staff(created.staff().name());
  grant.mutable_grant()->set_role(role);
  grant.mutable_grant()->set_scope(scope);
  v1::GrantRoleResponse granted;
  grpc::Status status =
      stub->GrantRole(AuthContext(admin).get(), grant, &granted);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return Login(email, kTestPassword);
}

v1::RegisterCitizenRequest IdentityTestServer::Registration() {
  v1::RegisterCitizenRequest r;
  r.set_request_id(testing::RandomSuffix());
  r.set_display_name("김영숙");
  r.set_email("citizen-" + testing::RandomSuffix() + "@example.kr");
  r.set_password(kTestPassword);
  r.set_birth_year(1955);
  r.set_district("Misa");
  r.set_language(v1::LANGUAGE_KO);
  return r;
}

std::string IdentityTestServer::CitizenToken(std::string* name) {
  v1::RegisterCitizenRequest r = Registration();
  v1::RegisterCitizenResponse response;
  grpc::ClientContext ctx;
  grpc::Status status = Stub()->RegisterCitizen(&ctx, r, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  if (name != nullptr) *name = response.citizen().name();
  return Login(r.email(), kTestPassword);
}

}  // namespace lifelong::identity
