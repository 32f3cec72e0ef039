#include "services/catalogue/catalogue_grpc.h"

namespace lifelong::catalogue {
namespace {

using common::AccessPolicy;
using common::Caller;

const AccessPolicy kPublic = AccessPolicy::Public();
const AccessPolicy kAdmin = AccessPolicy::AnyOf({common::kRoleAdmin});
const AccessPolicy kCentreManagers =
    AccessPolicy::AnyOf({common::kRoleAdmin, common::kRoleCentreStaff});

}  // namespace

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
    : logic_(logic), guard_(guard) {
  SetMessageAllocatorFor_SearchOfferings(&search_allocator_);
}

// Each handler: method name, policy, and the logic call with the caller.
#define LIFELONG_HANDLE(Method, policy, call)                            \
  grpc::Status CatalogueGrpc::Method(grpc::ServerContext* ctx,           \
                                     const v1::Method##Request* request, \
                                     v1::Method##Response* response) {   \
    return guard_.Handle(ctx, #Method, policy, response,                 \
                         [&](const Caller& caller) {                     \
                           (void)caller;                                 \
                           (void)request;                                \
                           return call;                                  \
                         });                                             \
  }

LIFELONG_HANDLE(CreateCentre, kAdmin, logic_.CreateCentre(caller, *request))
LIFELONG_HANDLE(GetCentre, kPublic, logic_.GetCentre(*request))
LIFELONG_HANDLE(ListCentres, kPublic, logic_.ListCentres(*request))
LIFELONG_HANDLE(CreateVenue, kAdmin, logic_.CreateVenue(caller, *request))
LIFELONG_HANDLE(GetVenue, kPublic, logic_.GetVenue(*request))
LIFELONG_HANDLE(ListVenues, kPublic, logic_.ListVenues(*request))
LIFELONG_HANDLE(ListCategories, kPublic, logic_.ListCategories())
LIFELONG_HANDLE(CreateProgramme, kCentreManagers,
                logic_.CreateProgramme(caller, *request))
LIFELONG_HANDLE(GetProgramme, kPublic, logic_.GetProgramme(caller, *request))
LIFELONG_HANDLE(UpdateProgramme, kCentreManagers,
                logic_.UpdateProgramme(caller, *request))
LIFELONG_HANDLE(ListProgrammes, kPublic,
                logic_.ListProgrammes(caller, *request))
LIFELONG_HANDLE(PublishProgramme, kCentreManagers,
                logic_.PublishProgramme(caller, *request))
LIFELONG_HANDLE(CreateOffering, kCentreManagers,
                logic_.CreateOffering(caller, *request))
LIFELONG_HANDLE(GetOffering, kPublic, logic_.GetOffering(caller, *request))
LIFELONG_HANDLE(UpdateOffering, kCentreManagers,
                logic_.UpdateOffering(caller, *request))
LIFELONG_HANDLE(ListOfferings, kPublic, logic_.ListOfferings(caller, *request))
LIFELONG_HANDLE(PublishOffering, kCentreManagers,
                logic_.PublishOffering(caller, *request))
LIFELONG_HANDLE(CancelOffering, kCentreManagers,
                logic_.CancelOffering(caller, *request))
LIFELONG_HANDLE(RescheduleSession, kCentreManagers,
                logic_.RescheduleSession(caller, *request))
LIFELONG_HANDLE(CancelSession, kCentreManagers,
                logic_.CancelSession(caller, *request))
#undef LIFELONG_HANDLE

grpc::ServerUnaryReactor* CatalogueGrpc::SearchOfferings(
    grpc::CallbackServerContext* ctx, const v1::SearchOfferingsRequest* request,
    v1::SearchOfferingsResponse* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  reactor->Finish(guard_.Handle(
      ctx, "SearchOfferings", kPublic, response, [&](const Caller&) {
        return logic_.SearchOfferings(*request, response);
      }));
  return reactor;
}

}  // namespace lifelong::catalogue
