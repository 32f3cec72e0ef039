// The catalogue's gRPC handlers: each names its access policy and runs the
// logic through the common RpcGuard. Reads are public (drafts only for the
// centre's staff and admins); changes need admin or centre_staff, and the
// logic checks the centre.
#pragma once

#include "common/server/arena_allocator.h"
#include "common/server/grpc_adapter.h"
#include "lifelong/catalogue/v1/catalogue_service.grpc.pb.h"
#include "services/catalogue/catalogue_messages.h"
#include "services/catalogue/catalogue_service.h"

namespace lifelong::catalogue {

inline constexpr char kErrorDomain[] = "catalogue.lifelong";

// SearchOfferings, answered from memory, runs as a callback handler on
// gRPC's own threads (no hand-off to the synchronous pool); every other
// method is synchronous.
// SearchOfferings messages live on a per-call protobuf arena, so that
// copying a page of offerings into the response costs no heap allocations.

namespace policy {
inline const common::AccessPolicy kPublic = common::AccessPolicy::Public();
inline const common::AccessPolicy kAdmin =
    common::AccessPolicy::AnyOf({common::kRoleAdmin});
inline const common::AccessPolicy kCentreManagers =
    common::AccessPolicy::AnyOf({common::kRoleAdmin, common::kRoleCentreStaff});
}  // namespace policy

class CatalogueGrpc final
    : public v1::CatalogueService::WithCallbackMethod_SearchOfferings<
          v1::CatalogueService::Service>,
      common::GrpcAdapter<CatalogueService> {
 public:
  CatalogueGrpc(CatalogueService& logic, common::RpcGuard& guard);
  LIFELONG_REFUSAL_TEXTS(CatalogueRefusalTexts())

  LIFELONG_RPC(v1, CreateCentre, policy::kAdmin)
  LIFELONG_RPC(v1, GetCentre, policy::kPublic)
  LIFELONG_RPC(v1, ListCentres, policy::kPublic)
  LIFELONG_RPC(v1, CreateVenue, policy::kAdmin)
  LIFELONG_RPC(v1, GetVenue, policy::kPublic)
  LIFELONG_RPC(v1, ListVenues, policy::kPublic)
  LIFELONG_RPC(v1, ListCategories, policy::kPublic)
  LIFELONG_RPC(v1, GetSearchOptions, policy::kPublic)
  LIFELONG_RPC(v1, CreateProgramme, policy::kCentreManagers)
  // Drafts only for the centre's staff and admins: the logic checks.
  LIFELONG_RPC(v1, GetProgramme, policy::kPublic)
  LIFELONG_RPC(v1, UpdateProgramme, policy::kCentreManagers)
  LIFELONG_RPC(v1, ListProgrammes, policy::kPublic)
  LIFELONG_RPC(v1, PublishProgramme, policy::kCentreManagers)
  LIFELONG_RPC(v1, CreateOffering, policy::kCentreManagers)
  LIFELONG_RPC(v1, GetOffering, policy::kPublic)
  LIFELONG_RPC(v1, UpdateOffering, policy::kCentreManagers)
  LIFELONG_RPC(v1, ListOfferings, policy::kPublic)
  LIFELONG_RPC(v1, PublishOffering, policy::kCentreManagers)
  LIFELONG_RPC(v1, CancelOffering, policy::kCentreManagers)
  LIFELONG_RPC(v1, RescheduleSession, policy::kCentreManagers)
  LIFELONG_RPC(v1, CancelSession, policy::kCentreManagers)

  grpc::ServerUnaryReactor* SearchOfferings(
      grpc::CallbackServerContext* ctx,
      const v1::SearchOfferingsRequest* request,
      v1::SearchOfferingsResponse* response) override;

 private:
  common::ArenaAllocator<v1::SearchOfferingsRequest,
                         v1::SearchOfferingsResponse>
      search_allocator_;
};

}  // namespace lifelong::catalogue
