// A community server in the test process, on a scratch schema of the real
// PostgreSQL and the real Redis of the test stack, with a clock the test
// moves. Sessions are created straight in Redis with the roles a test needs;
// identity's events are applied as the consumer would.
//
//   CommunityTestServer server;
//   std::string coordinator = server.CoordinatorToken("misa-lake");
//   grpc::Status s = server.Call(&Stub::CreateEvent, coordinator, req, &resp);
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
#include "lifelong/community/v1/community_service.grpc.pb.h"
#include "services/community/community_grpc.h"
#include "services/community/community_service.h"

namespace lifelong::community {

using Stub = v1::CommunityService::Stub;

// 2027-03-02 (a Tuesday) 00:00 Seoul, in UTC seconds.
inline constexpr int64_t kTermStart = 1803913200;
inline constexpr int64_t kDay = 86400;

std::string NewRequestId();
// "citizens/{uuid}" numbered n (fixed per n, unique per test run).
std::string CitizenName(int n);

class CommunityTestServer {
 public:
  CommunityTestServer();
  ~CommunityTestServer();

  std::string Token(const std::string& account,
                    const std::vector<common::RoleGrant>& roles);
  std::string AdminToken();
  std::string CoordinatorToken(const std::string& village);
  std::string CitizenToken(int n);

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                 const Request&, Response*),
                    const std::string& token, const Request& request,
                    Response* response) {
    grpc::ClientContext ctx;
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
    return (stub_.get()->*method)(&ctx, request, response);
  }
  // The ErrorInfo reason of a failed call ("" when it succeeded).
  template <typename Request, typename Response>
  std::string Reason(grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                  const Request&, Response*),
                     const std::string& token, const Request& request) {
    Response response;
    grpc::Status s = Call(method, token, request, &response);
    if (s.ok()) return "";
    return common::ReasonOf(common::FromGrpcStatus(s));
  }

  void SetNow(int64_t now) { now_ = now; }
  int64_t now() const { return now_; }
  testing::ScratchSchema& db() { return db_; }
  common::PgPool& pool() { return *pool_; }
  CommunityService& logic() { return *logic_; }
  // Runs SQL on the scratch schema as the superuser ({s}: the schema).
  std::string Query(const std::string& sql);

  // A public village with open joining, created by an admin.
  v1::Group Village(const std::string& id, const std::string& district);
  // A published single event of `group` starting `days` after kTermStart at
  // 19:00 for two hours, RSVPs open from now - 1 day to its start.
  v1::Event PublishedEvent(const std::string& token, const std::string& group,
                           int capacity, int waitlist, int days = 7,
                           int max_group_size = 4);
  absl::StatusOr<v1::RsvpResponse> Rsvp(const std::string& token,
                                        const std::string& event,
                                        int group_size = 1);
  v1::Event GetEvent(const std::string& name);

 private:
  testing::ScratchSchema db_;
  std::atomic<int64_t> now_{kTermStart - 10 * kDay};
  std::unique_ptr<common::PgPool> pool_;
  std::unique_ptr<common::RedisClient> redis_;
  std::unique_ptr<common::SessionStore> sessions_;
  std::unique_ptr<CommunityService> logic_;
  std::unique_ptr<common::Metrics> metrics_;
  std::unique_ptr<common::RpcGuard> guard_;
  std::unique_ptr<CommunityGrpc> handlers_;
  std::unique_ptr<common::GrpcServer> server_;
  std::unique_ptr<Stub> stub_;
  std::string admin_;
  std::string run_;  // random per server, so citizens differ between runs
};

}  // namespace lifelong::community
