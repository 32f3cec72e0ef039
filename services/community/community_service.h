// The community service's logic: learning villages and clubs, their
// memberships, community events and their RSVPs. Its parts, one file each:
//   groups.cc        CreateGroup, GetGroup, ListGroups
//   memberships.cc   JoinGroup, InviteMember, ApproveMembership,
//                    RejectMembership, SetMemberRole, LeaveGroup, ListMembers
//   events.cc        CreateEvent (series expanded by recurrence.h), GetEvent,
//                    PublishEvent, PostponeEvent, CancelEvent
//   event_updates.cc UpdateEvent (times of one or following occurrences,
//                    places with promotion)
//   listing.cc       ListEvents (public, no sign-in; listing_cache.h)
//   rsvps.cc         Rsvp (single, occurrence, series), CancelRsvp, HoldSeats
//   my_rsvps.cc      ListMyRsvps
//   check_in.cc      CheckIn
//   participants.cc  ListParticipants, ExportParticipants
//   housekeeping.cc  expired holds, anonymisation of past RSVPs
// Shared pieces: access.h (who manages a group), event_rows.h (loading and
// showing events), places.h (moves of places under the `places` row lock),
// community_events.h (outbox payloads). Decisions are pure functions in
// rsvp_decision.h, promotion.h, recurrence.h and event_tree.h.
//
// Places of a single event or occurrence live on its `places` row; every
// change to them locks that row first (SELECT ... FOR UPDATE), then decides,
// then writes, and the row's CHECKs hold the invariant even against a bug.
// A transaction that touches several occurrences locks them in start order.
//
//   CommunityService logic(pool, options);
//   absl::StatusOr<v1::RsvpResponse> r = logic.Rsvp(caller, request);
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/pg/pool.h"
#include "lifelong/community/v1/community_service.pb.h"
#include "services/community/listing_cache.h"

namespace lifelong::community {

namespace v1 = lifelong::community::v1;

inline constexpr char kEventTopic[] = "lifelong.community.event.v1";
inline constexpr char kMembershipTopic[] = "lifelong.community.membership.v1";

struct CommunityOptions {
  std::function<int64_t()> now;  // UTC seconds
  // Occurrences one series may have (COMMUNITY_MAX_OCCURRENCES).
  int max_occurrences = 200;
  // Days after an event ends when its RSVPs lose their person
  // (COMMUNITY_ANONYMISE_AFTER_DAYS).
  int anonymise_after_days = 30;
  // How long a seat hold lasts (COMMUNITY_HOLD_MINUTES).
  int hold_minutes = 15;
  // How long a public listing is answered from memory
  // (COMMUNITY_LISTING_CACHE_MS; 0: off). listing_cache.h.
  int listing_cache_ms = 1000;
};

class CommunityService {
 public:
  CommunityService(common::PgPool& pool, CommunityOptions options);

#define LIFELONG_COMMUNITY_METHOD(Method)      \
  absl::StatusOr<v1::Method##Response> Method( \
      const common::Caller& caller, const v1::Method##Request& request);
  LIFELONG_COMMUNITY_METHOD(CreateGroup)
  LIFELONG_COMMUNITY_METHOD(GetGroup)
  LIFELONG_COMMUNITY_METHOD(ListGroups)
  LIFELONG_COMMUNITY_METHOD(JoinGroup)
  LIFELONG_COMMUNITY_METHOD(InviteMember)
  LIFELONG_COMMUNITY_METHOD(ApproveMembership)
  LIFELONG_COMMUNITY_METHOD(RejectMembership)
  LIFELONG_COMMUNITY_METHOD(SetMemberRole)
  LIFELONG_COMMUNITY_METHOD(LeaveGroup)
  LIFELONG_COMMUNITY_METHOD(ListMembers)
  LIFELONG_COMMUNITY_METHOD(CreateEvent)
  LIFELONG_COMMUNITY_METHOD(GetEvent)
  LIFELONG_COMMUNITY_METHOD(ListEvents)
  LIFELONG_COMMUNITY_METHOD(PublishEvent)
  LIFELONG_COMMUNITY_METHOD(UpdateEvent)
  LIFELONG_COMMUNITY_METHOD(PostponeEvent)
  LIFELONG_COMMUNITY_METHOD(CancelEvent)
  LIFELONG_COMMUNITY_METHOD(Rsvp)
  LIFELONG_COMMUNITY_METHOD(CancelRsvp)
  LIFELONG_COMMUNITY_METHOD(ListMyRsvps)
  LIFELONG_COMMUNITY_METHOD(HoldSeats)
  LIFELONG_COMMUNITY_METHOD(CheckIn)
  LIFELONG_COMMUNITY_METHOD(ListParticipants)
  LIFELONG_COMMUNITY_METHOD(ExportParticipants)
#undef LIFELONG_COMMUNITY_METHOD

  // Periodic work (common::PeriodicTask); safe on several replicas.
  // Frees the places of holds that expired and promotes into them.
  absl::Status ExpireHolds();
  // Removes the person from RSVPs to events that ended more than
  // anonymise_after_days ago; the counts stay.
  absl::Status AnonymisePastRsvps();

  const CommunityOptions& options() const { return options_; }

 private:
  // Status change of an event and its descendants not yet started.
  absl::StatusOr<v1::Event> SetStatus(const common::Caller& caller,
                                      const std::string& request_id,
                                      const std::string& method,
                                      const google::protobuf::Message& request,
                                      const std::string& name,
                                      const std::string& status);

  common::PgPool& pool_;
  const CommunityOptions options_;
  std::unique_ptr<ListingCache> listing_cache_;
};

}  // namespace lifelong::community
