#include "common/server/shared_bytes.h"

#include <grpcpp/support/proto_buffer_reader.h>

#include "common/errors.h"

namespace lifelong::common {

absl::Status ParseRequest(const grpc::ByteBuffer& bytes,
                          google::protobuf::Message* message) {
  grpc::ByteBuffer copy(bytes);  // the reader takes a mutable buffer
  grpc::ProtoBufferReader reader(&copy);
  if (!message->ParseFromZeroCopyStream(&reader)) {
    return Error(absl::StatusCode::kInvalidArgument, "MALFORMED_REQUEST",
                 "the request is not a " + message->GetTypeName());
  }
  return absl::OkStatus();
}

grpc::ByteBuffer SharedBytes(std::shared_ptr<const std::string> bytes) {
  auto* owner = new std::shared_ptr<const std::string>(std::move(bytes));
  grpc::Slice slice(
      const_cast<char*>((*owner)->data()), (*owner)->size(),
      [](void* p) {
        delete static_cast<std::shared_ptr<const std::string>*>(p);
      },
      owner);
  return grpc::ByteBuffer(&slice, 1);
}

}  // namespace lifelong::common
