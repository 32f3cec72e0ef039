// Groups and memberships as stored and as the API shows them: named SQL,
// row types, the string ↔ enum mappings, and the access facts of a caller.
//
//   std::optional<GroupRow> g = LoadGroup(tx, "misa-lake", /*lock=*/true);
//   GroupAccess access = LoadAccess(tx, caller, *g);     // for access.h
//   WriteMembership(tx, *g, person, v1::MEMBER_ROLE_MEMBER,
//                   v1::MEMBERSHIP_STATE_ACTIVE, now);  // + MembershipChanged
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/auth/caller.h"
#include "common/errors.h"
#include "lifelong/community/events/v1/community_events.pb.h"
#include "lifelong/community/v1/community_service.pb.h"
#include "services/community/access.h"

namespace lifelong::community {

namespace v1 = lifelong::community::v1;

// The id of "groups/{id}" (2 to 40 of [a-z0-9-], or a uuid), or "" with a
// violation on `field`.
std::string GroupIdOf(const std::string& name, const std::string& field,
                      common::FieldViolations& violations);
bool IsGroupSlug(const std::string& id);

struct GroupRow {
  std::string id;
  std::string kind;        // "village", "club"
  std::string village_id;  // a club's village, or ""
  v1::Group proto;
};

// nullopt when there is no such group. `lock` takes the row's lock.
std::optional<GroupRow> LoadGroup(pqxx::work& tx, const std::string& id,
                                  bool lock = false);

// The village a group belongs to: itself for a village, a club's village,
// or "" for a club standing alone.
std::string VillageOf(const GroupRow& group);

// What access.h needs to know about the caller and the group.
GroupAccess LoadAccess(pqxx::work& tx, const common::Caller& caller,
                       const GroupRow& group);

std::string RoleName(v1::MemberRole role);  // "leader"
v1::MemberRole RoleOf(const std::string& name);
v1::MembershipState StateOf(const std::string& name);
std::string StateName(v1::MembershipState state);

// The membership row of (group, person), or nullopt.
std::optional<v1::Membership> LoadMembership(pqxx::work& tx,
                                             const std::string& group_id,
                                             const std::string& person,
                                             bool lock = false);

// Writes a membership's new state and role, keeps the group's active count
// and publishes MembershipChanged, all in `tx`.
v1::Membership WriteMembership(pqxx::work& tx, const GroupRow& group,
                               const std::string& person, v1::MemberRole role,
                               v1::MembershipState state, int64_t now);

}  // namespace lifelong::community
