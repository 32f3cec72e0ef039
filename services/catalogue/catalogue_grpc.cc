#include "services/catalogue/catalogue_grpc.h"

namespace lifelong::catalogue {

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
