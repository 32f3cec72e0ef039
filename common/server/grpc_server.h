// Runs a gRPC server the same way in every service: health
// (grpc.health.v1), server reflection, explicit message size limits,
// keepalive, a maximum connection age, and a graceful stop.
//
//   BlockTerminationSignals();          // first thing in main
//   GrpcServer server({.port = 50051});
//   server.Register(&identity_service);
//   server.Start();                     // health SERVING
//   WaitForTerminationSignal();         // SIGTERM or SIGINT
//   server.Shutdown(drain_timeout);     // NOT_SERVING, drain in-flight calls
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <vector>

namespace lifelong::common {

struct GrpcServerOptions {
  int port = 50051;  // 0: any free port (tests)
  int max_receive_bytes = 4 * 1024 * 1024;
  int max_send_bytes = 16 * 1024 * 1024;
  // After this long a connection is sent GOAWAY (gRPC adds +-10% jitter), so
  // that clients reconnect and spread over replicas that started since; its
  // calls in flight get kMaxConnectionAgeGrace to finish. Zero: no limit.
  // Services set it from LIFELONG_GRPC_MAX_CONNECTION_AGE_SECONDS
  // (ServerOptionsOf in common/server/process.h).
  std::chrono::seconds max_connection_age{0};
};

inline constexpr std::chrono::seconds kMaxConnectionAgeGrace{30};

class GrpcServer {
 public:
  explicit GrpcServer(GrpcServerOptions options);
  ~GrpcServer();

  void Register(grpc::Service* service);
  // Throws std::runtime_error when the port cannot be bound.
  void Start();
  int port() const { return port_; }
  // Health NOT_SERVING at once (load balancers stop sending), then waits up
  // to `drain` for in-flight calls before cancelling the rest.
  void Shutdown(std::chrono::seconds drain);

 private:
  GrpcServerOptions options_;
  std::vector<grpc::Service*> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts
// later, so that WaitForTerminationSignal receives them. Call before any
// thread starts.
void BlockTerminationSignals();
// Returns the signal number once SIGTERM or SIGINT arrives.
int WaitForTerminationSignal();

}  // namespace lifelong::common
