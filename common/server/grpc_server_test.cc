// The server's connection settings, against an in-process server on a free
// port (no stack needed).
#include "common/server/grpc_server.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace lifelong::common {
namespace {

using namespace std::chrono_literals;

// Calls grpc.health.v1.Health/Check with an empty request (the empty
// service name asks for the server as a whole) as raw bytes.
grpc::Status HealthCheck(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 5s);
  grpc::ByteBuffer request, response;
  grpc::Slice empty("", 0);
  request = grpc::ByteBuffer(&empty, 1);
  grpc::Status result;
  bool done = false;
  std::mutex mu;
  std::condition_variable cv;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                 &request, &response, [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   result = s;
                   done = true;
                   cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  return result;
}

// Polls the channel's state without asking it to connect.
bool BecomesIdleWithin(grpc::Channel& channel, std::chrono::seconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (channel.GetState(false) == GRPC_CHANNEL_IDLE) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

TEST(GrpcServerTest, AgedConnectionsAreClosedAndClientsReconnect) {
  GrpcServerOptions options;
  options.port = 0;
  options.max_connection_age = 1s;
  GrpcServer server(options);
  server.Start();
  auto channel =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(server.port()),
                          grpc::InsecureChannelCredentials());
  ASSERT_TRUE(HealthCheck(channel).ok());
  ASSERT_EQ(channel->GetState(false), GRPC_CHANNEL_READY);
  // GOAWAY after about a second: the channel lets the connection go.
  EXPECT_TRUE(BecomesIdleWithin(*channel, 5s));
  // The next call opens a new connection (to whichever replica DNS gives).
  EXPECT_TRUE(HealthCheck(channel).ok());
  server.Shutdown(0s);
}

TEST(GrpcServerTest, ZeroKeepsConnectionsOpen) {
  GrpcServerOptions options;
  options.port = 0;
  options.max_connection_age = 0s;
  GrpcServer server(options);
  server.Start();
  auto channel =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(server.port()),
                          grpc::InsecureChannelCredentials());
  ASSERT_TRUE(HealthCheck(channel).ok());
  EXPECT_FALSE(BecomesIdleWithin(*channel, 3s));
  EXPECT_EQ(channel->GetState(false), GRPC_CHANNEL_READY);
  server.Shutdown(0s);
}

}  // namespace
}  // namespace lifelong::common
