// The catalogue's gRPC handlers: each names its access policy and runs the
// logic through the common RpcGuard. Reads are public (drafts only for the
// centre's staff and admins); changes need admin or centre_staff, and the
// logic checks the centre.
#pragma once

#include <grpcpp/support/message_allocator.h>

#include "common/server/rpc_guard.h"
#include "lifelong/catalogue/v1/catalogue_service.grpc.pb.h"
#include "services/catalogue/catalogue_service.h"

namespace lifelong::catalogue {

inline constexpr char kErrorDomain[] = "catalogue.lifelong";

// SearchOfferings, answered from memory, runs as a callback handler on
// gRPC's own threads (no hand-off to the synchronous pool); every other
// method is synchronous.
// SearchOfferings messages live on a per-call protobuf arena, so that
// copying a page of offerings into the response costs no heap allocations.
class SearchArenaAllocator final
    : public grpc::MessageAllocator<v1::SearchOfferingsRequest,
                                    v1::SearchOfferingsResponse> {
 public:
  grpc::MessageHolder<v1::SearchOfferingsRequest, v1::SearchOfferingsResponse>*
  AllocateMessages() override;
};

class CatalogueGrpc final
    : public v1::CatalogueService::WithCallbackMethod_SearchOfferings<
          v1::CatalogueService::Service> {
 public:
  CatalogueGrpc(CatalogueService& logic, common::RpcGuard& guard);

#define LIFELONG_CATALOGUE_RPC(Method)                    \
  grpc::Status Method(grpc::ServerContext* ctx,           \
                      const v1::Method##Request* request, \
                      v1::Method##Response* response) override;
  LIFELONG_CATALOGUE_RPC(CreateCentre)
  LIFELONG_CATALOGUE_RPC(GetCentre)
  LIFELONG_CATALOGUE_RPC(ListCentres)
  LIFELONG_CATALOGUE_RPC(CreateVenue)
  LIFELONG_CATALOGUE_RPC(GetVenue)
  LIFELONG_CATALOGUE_RPC(ListVenues)
  LIFELONG_CATALOGUE_RPC(ListCategories)
  LIFELONG_CATALOGUE_RPC(CreateProgramme)
  LIFELONG_CATALOGUE_RPC(GetProgramme)
  LIFELONG_CATALOGUE_RPC(UpdateProgramme)
  LIFELONG_CATALOGUE_RPC(ListProgrammes)
  LIFELONG_CATALOGUE_RPC(PublishProgramme)
  LIFELONG_CATALOGUE_RPC(CreateOffering)
  LIFELONG_CATALOGUE_RPC(GetOffering)
  LIFELONG_CATALOGUE_RPC(UpdateOffering)
  LIFELONG_CATALOGUE_RPC(ListOfferings)
  LIFELONG_CATALOGUE_RPC(PublishOffering)
  LIFELONG_CATALOGUE_RPC(CancelOffering)
  LIFELONG_CATALOGUE_RPC(RescheduleSession)
  LIFELONG_CATALOGUE_RPC(CancelSession)
#undef LIFELONG_CATALOGUE_RPC
  grpc::ServerUnaryReactor* SearchOfferings(
      grpc::CallbackServerContext* ctx,
      const v1::SearchOfferingsRequest* request,
      v1::SearchOfferingsResponse* response) override;

 private:
  CatalogueService& logic_;
  common::RpcGuard& guard_;
  SearchArenaAllocator search_allocator_;
};

}  // namespace lifelong::catalogue
