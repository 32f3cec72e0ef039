// The community service's gRPC adapter: one LIFELONG_RPC line per method
// with its access policy (common/server/grpc_adapter.h). Listing events and
// groups and reading them needs no sign-in; everything else a session.
// Finer checks (which group, which village) are the logic's (access.h).
//
//   CommunityGrpc handlers(logic, guard);
//   server.Register(&handlers);
#pragma once

#include "common/server/grpc_adapter.h"
#include "lifelong/community/v1/community_service.grpc.pb.h"
#include "services/community/community_messages.h"
#include "services/community/community_service.h"

namespace lifelong::community {

inline constexpr char kErrorDomain[] = "community.lifelong";

class CommunityGrpc final : public v1::CommunityService::Service,
                            common::GrpcAdapter<CommunityService> {
 public:
  using GrpcAdapter::GrpcAdapter;  // (CommunityService&, RpcGuard&)
  LIFELONG_REFUSAL_TEXTS(CommunityRefusalTexts())

  LIFELONG_RPC(v1, CreateGroup, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, GetGroup, common::AccessPolicy::Public())
  LIFELONG_RPC(v1, ListGroups, common::AccessPolicy::Public())
  LIFELONG_RPC(v1, JoinGroup, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, InviteMember, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, ApproveMembership, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, RejectMembership, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, SetMemberRole, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, LeaveGroup, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, ListMembers, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, CreateEvent, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, GetEvent, common::AccessPolicy::Public())
  LIFELONG_RPC(v1, ListEvents, common::AccessPolicy::Public())
  LIFELONG_RPC(v1, PublishEvent, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, UpdateEvent, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, PostponeEvent, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, CancelEvent, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, Rsvp, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, CancelRsvp, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, ListMyRsvps, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, HoldSeats, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, CheckIn, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, ListParticipants, common::AccessPolicy::SignedIn())
  LIFELONG_RPC(v1, ExportParticipants, common::AccessPolicy::SignedIn())
};

}  // namespace lifelong::community
