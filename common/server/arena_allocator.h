// Per-call protobuf arenas for callback (reactor) handlers that answer from
// memory with large responses: the request and response of each call live
// on one arena freed at once when the call ends, so copying a page of
// results into the response costs no heap allocation per field.
//
//   class CatalogueGrpc : public v1::CatalogueService::
//       WithCallbackMethod_SearchOfferings<v1::CatalogueService::Service> {
//     CatalogueGrpc() { SetMessageAllocatorFor_SearchOfferings(&allocator_); }
//     common::ArenaAllocator<v1::SearchOfferingsRequest,
//                            v1::SearchOfferingsResponse> allocator_;
//   };
#pragma once

#include <google/protobuf/arena.h>
#include <grpcpp/support/message_allocator.h>

namespace lifelong::common {

template <typename Request, typename Response>
class ArenaAllocator final : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override {
    return new Messages();
  }

 private:
  class Messages final : public grpc::MessageHolder<Request, Response> {
   public:
    Messages() {
      this->set_request(
          google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(
          google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    void Release() override { delete this; }

   private:
    google::protobuf::Arena arena_;
  };
};

}  // namespace lifelong::common
