// An identity server in the test process, on a scratch schema of the real
// PostgreSQL and the real Redis of the test stack, for integration tests.
//
//   IdentityTestServer server;
//   auto stub = server.Stub();
//   std::string admin = server.AdminToken();
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "common/metrics/metrics.h"
#include "common/pg/pool.h"
#include "common/redis/redis_client.h"
#include "common/server/grpc_server.h"
#include "common/server/rpc_guard.h"
#include "common/testing/test_stack.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/identity_grpc.h"
#include "services/identity/identity_service.h"

namespace lifelong::identity {

inline constexpr char kTestPassword[] = "Correct-Horse-42";
inline constexpr int kTestYear = 2026;
// Enrolment signs roster tickets with the same key in production; tests
// sign their own (common/auth/contact_ticket.h).
inline constexpr char kContactTicketKey[] =
    "test-contact-ticket-key-0123456789abcdef";

class IdentityTestServer {
 public:
  // 127.0.0.1 is a trusted proxy: a test names the client it stands for
  // with X-Forwarded-For. An empty limiter secret gets a random one.
  explicit IdentityTestServer(LoginLimits limits = {});
  ~IdentityTestServer();

  std::unique_ptr<v1::IdentityService::Stub> Stub() const;
  IdentityService& logic() { return *logic_; }
  testing::ScratchSchema& db() { return db_; }
  common::RedisClient& redis() { return *redis_; }
  LoginLimiter& limiter() { return *limiter_; }

  // A session token of the first admin (created by EnsureFirstAdmin).
  std::string AdminToken();
  // A new staff account holding `role` in `scope`; returns its token.
  std::string StaffToken(v1::Role role, const std::string& scope = "");
  // A new citizen; returns its token and sets *name to "citizens/{uuid}".
  std::string CitizenToken(std::string* name = nullptr);
  // A valid registration request with a unique email.
  static v1::RegisterCitizenRequest Registration();
  std::string Login(const std::string& login, const std::string& password);

  std::string admin_email() const { return admin_email_; }

 private:
  testing::ScratchSchema db_;
  std::unique_ptr<common::PgPool> pool_;
  std::unique_ptr<common::RedisClient> redis_;
  std::unique_ptr<common::SessionStore> sessions_;
  std::unique_ptr<LoginLimiter> limiter_;
  std::unique_ptr<PasswordHasher> hasher_;
  std::unique_ptr<IdentityService> logic_;
  std::unique_ptr<common::Metrics> metrics_;
  std::unique_ptr<common::RpcGuard> guard_;
  std::unique_ptr<IdentityGrpc> handlers_;
  std::unique_ptr<common::GrpcServer> server_;
  std::string admin_email_;
};

// Adds `authorization: Bearer <token>` to a fresh context.
std::unique_ptr<grpc::ClientContext> AuthContext(const std::string& token);

}  // namespace lifelong::identity
