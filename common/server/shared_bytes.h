// Answers served as bytes already serialized, for a read that many callers
// ask in the same words (a centre's week of consulting slots): the handler
// is a raw callback method that parses the request itself and sends a
// cached serialization without copying it.
//
//   // in a WithRawCallbackMethod_X<...> adapter:
//   v1::XRequest r;
//   if (absl::Status s = ParseRequest(*request_bytes, &r); !s.ok()) return s;
//   std::shared_ptr<const std::string> answer = ...;  // serialized XResponse
//   *response_bytes = SharedBytes(std::move(answer));
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/support/byte_buffer.h>

#include <memory>
#include <string>

#include "absl/status/status.h"

namespace lifelong::common {

// INVALID_ARGUMENT MALFORMED_REQUEST when the bytes are no `message`.
absl::Status ParseRequest(const grpc::ByteBuffer& bytes,
                          google::protobuf::Message* message);

// A buffer that sends `bytes` without copying them and keeps them alive
// until gRPC has sent them.
grpc::ByteBuffer SharedBytes(std::shared_ptr<const std::string> bytes);

}  // namespace lifelong::common
