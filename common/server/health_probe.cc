// lifelong_health_probe HOST:PORT [SERVICE]
// Asks grpc.health.v1.Health/Check and exits 0 only on SERVING. Used by the
// local stack scripts to wait for services; Kubernetes uses its native gRPC
// probes instead.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: lifelong_health_probe HOST:PORT [SERVICE]\n";
    return 2;
  }
  std::string service = argc > 2 ? argv[2] : "";
  // HealthCheckRequest{service}: field 1, length-delimited.
  std::string request;
  if (!service.empty()) {
    request =
        std::string("\x0a", 1) + static_cast<char>(service.size()) + service;
  }
  auto channel =
      grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::Slice slice(request);
  grpc::ByteBuffer in(&slice, 1), out;
  grpc::Status status;
  bool done = false;
  std::mutex mu;
  std::condition_variable cv;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &in,
                 &out, [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = s;
                   done = true;
                   cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  if (!status.ok()) {
    std::cerr << "health: " << status.error_message() << "\n";
    return 1;
  }
  std::vector<grpc::Slice> slices;
  out.Dump(&slices);
  std::string body;
  for (const grpc::Slice& s : slices) {
    body.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  // HealthCheckResponse{status: SERVING} is field 1 = 1.
  bool serving = body == std::string("\x08\x01", 2);
  std::cout << (serving ? "SERVING" : "NOT_SERVING") << "\n";
  return serving ? 0 : 1;
}
