// A catalogue server in the test process, on a scratch schema of the real
// PostgreSQL and the real Redis of the test stack, with a clock the test
// moves. Sessions are created straight in Redis with the roles a test needs.
//
//   CatalogueTestServer server;
//   std::string staff = server.Token({{"centre_staff", "centres/misa"}});
//   server.Call(&Stub::CreateProgramme, staff, request, &response);
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "common/auth/session_store.h"
#include "common/metrics/metrics.h"
#include "common/pg/pool.h"
#include "common/redis/redis_client.h"
#include "common/server/grpc_server.h"
#include "common/server/rpc_guard.h"
#include "common/testing/test_stack.h"
#include "lifelong/catalogue/v1/catalogue_service.grpc.pb.h"
#include "services/catalogue/catalogue_grpc.h"
#include "services/catalogue/catalogue_service.h"

namespace lifelong::catalogue {

// 2027-03-02 (a Tuesday) 00:00 Seoul, in UTC seconds.
inline constexpr int64_t kTermStart = 1803913200;
inline constexpr int64_t kDay = 86400;
// The instructor every test offering names.
inline constexpr char kInstructor[] =
    "staff/00000009-0000-4000-8000-000000000001";

class CatalogueTestServer {
 public:
  CatalogueTestServer();
  ~CatalogueTestServer();

  std::string Token(const std::vector<common::RoleGrant>& roles);
  std::string AdminToken() { return Token({{common::kRoleAdmin, ""}}); }
  std::string StaffToken(const std::string& centre) {
    return Token({{common::kRoleCentreStaff, "centres/" + centre}});
  }

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (v1::CatalogueService::Stub::*method)(
                        grpc::ClientContext*, const Request&, Response*),
                    const std::string& token, const Request& request,
                    Response* response) {
    grpc::ClientContext ctx;
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
    return (stub_.get()->*method)(&ctx, request, response);
  }

  // Seconds since the epoch that the service takes for now.
  void SetNow(int64_t now) { now_ = now; }
  testing::ScratchSchema& db() { return db_; }
  std::string dsn() const { return db_.dsn(); }

  // A centre with a main venue (room "hall", 30 seats, open every day
  // 09:00-22:00, step-free) and a subway-station venue (room "concourse",
  // 20 seats, open Tue and Thu 19:00-22:00 only).
  void AddCentre(const std::string& id, const std::string& district);
  // A programme of `centre`, draft.
  static v1::Programme Programme(
      const std::string& centre, const std::string& title_ko,
      const std::string& title_en,
      const std::string& category = "categories/health");
  // An offering of `programme` at the centre's hall: 10 weekly Tuesday
  // sessions 19:00-21:00 from kTermStart, one window open from a day before
  // kTermStart - 30 days to kTermStart.
  static v1::Offering Offering(const std::string& programme,
                               const std::string& centre);

  // Creates and publishes; returns the published resource.
  v1::Programme PublishedProgramme(const v1::Programme& p);
  v1::Offering PublishedOffering(const v1::Offering& o);

 private:
  testing::ScratchSchema db_;
  std::atomic<int64_t> now_{kTermStart - 10 * kDay};
  std::unique_ptr<common::PgPool> pool_;
  std::unique_ptr<common::RedisClient> redis_;
  std::unique_ptr<common::SessionStore> sessions_;
  std::unique_ptr<SearchIndex> index_;
  std::unique_ptr<CatalogueService> logic_;
  std::unique_ptr<common::Metrics> metrics_;
  std::unique_ptr<common::RpcGuard> guard_;
  std::unique_ptr<CatalogueGrpc> handlers_;
  std::unique_ptr<common::GrpcServer> server_;
  std::unique_ptr<v1::CatalogueService::Stub> stub_;
  std::string admin_;
};

std::string NewRequestId();

}  // namespace lifelong::catalogue
