#include "services/catalogue/catalogue_grpc.h"

namespace lifelong::catalogue {
namespace {

class ArenaMessages final
    : public grpc::MessageHolder<v1::SearchOfferingsRequest,
                                 v1::SearchOfferingsResponse> {
 public:
  ArenaMessages() {
    set_request(
        google::protobuf::Arena::CreateMessage<v1::SearchOfferingsRequest>(
            &arena_));
    set_response(
        google::protobuf::Arena::CreateMessage<v1::SearchOfferingsResponse>(
            &arena_));
  }
  void Release() override { delete this; }

 private:
  google::protobuf::Arena arena_;
};

}  // namespace

grpc::MessageHolder<v1::SearchOfferingsRequest, v1::SearchOfferingsResponse>*
SearchArenaAllocator::AllocateMessages() {
  return new ArenaMessages();
}

CatalogueGrpc::CatalogueGrpc(CatalogueService& logic, common::RpcGuard& guard)
    : GrpcAdapter(logic, guard) {
  SetMessageAllocatorFor_SearchOfferings(&search_allocator_);
}

// Answered from memory on gRPC's own thread, into the per-call arena.
grpc::ServerUnaryReactor* CatalogueGrpc::SearchOfferings(
    grpc::CallbackServerContext* ctx, const v1::SearchOfferingsRequest* request,
    v1::SearchOfferingsResponse* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  reactor->Finish(guard_.Handle(ctx, "SearchOfferings", policy::kPublic,
                                response, [&](const common::Caller&) {
                                  return logic_.SearchOfferings(*request,
                                                                response);
                                }));
  return reactor;
}

}  // namespace lifelong::catalogue
