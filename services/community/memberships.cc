// JoinGroup, InviteMember, ApproveMembership, RejectMembership,
// SetMemberRole, LeaveGroup, ListMembers. Transitions run under the group
// row's lock and only from the state they expect.
#include "common/errors.h"
#include "common/page_token.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "services/community/community_service.h"
#include "services/community/group_rows.h"
#include "services/community/mutation.h"

namespace lifelong::community {
namespace {

using absl::StatusCode;
using common::Error;

constexpr char kListMembers[] = R"sql(
  SELECT person FROM memberships
  WHERE group_id = $1 AND ($2 = '' OR state = $2) AND person > $3
  ORDER BY person LIMIT $4)sql";

absl::Status GroupNotFound(const std::string& name) {
  return Error(StatusCode::kNotFound, "GROUP_NOT_FOUND", "no group " + name);
}

absl::Status NotYourGroup() {
  return Error(StatusCode::kPermissionDenied, "NOT_YOUR_GROUP",
               "only the group's leaders, coordinators and staff may");
}

// The group locked, and that the caller may read (NOT_FOUND) and, when
// `manage`, manage it (PERMISSION_DENIED NOT_YOUR_GROUP).
absl::StatusOr<GroupRow> GroupFor(pqxx::work& tx, const common::Caller& caller,
                                  const std::string& id,
                                  const std::string& name, bool manage) {
  std::optional<GroupRow> g = LoadGroup(tx, id, /*lock=*/true);
  if (!g) return GroupNotFound(name);
  GroupAccess access = LoadAccess(tx, caller, *g);
  if (!MayRead(caller, access)) return GroupNotFound(name);
  if (manage && !Manages(caller, access)) return NotYourGroup();
  return *g;
}

// Request fields shared by the manager's calls on one person's membership.
struct PersonRequest {
  std::string group_id;
  std::string person;
};

absl::StatusOr<PersonRequest> ValidatePerson(const std::string& request_id,
                                             const std::string& group,
                                             const std::string& person) {
  common::FieldViolations v;
  common::ValidateRequestId(request_id, v);
  PersonRequest p;
  p.group_id = GroupIdOf(group, "group", v);
  std::string id = common::UuidOf(person, "citizens", "person", v);
  if (!v.empty()) return v.ToStatus();
  p.person = "citizens/" + id;
  return p;
}

}  // namespace

absl::StatusOr<v1::JoinGroupResponse> CommunityService::JoinGroup(
    const common::Caller& caller, const v1::JoinGroupRequest& r) {
  common::FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = GroupIdOf(r.group(), "group", v);
  if (!v.empty()) return v.ToStatus();
  const int64_t now = options_.now();
  return Mutate<v1::JoinGroupResponse>(
      pool_, caller, "JoinGroup", r, r.request_id(),
      [&](pqxx::work& tx) -> absl::StatusOr<v1::JoinGroupResponse> {
        absl::StatusOr<GroupRow> g = GroupFor(tx, caller, id, r.group(), false);
        if (!g.ok()) return g.status();
        std::optional<v1::Membership> m =
            LoadMembership(tx, id, caller.account);
        v1::JoinGroupResponse response;
        if (m && (m->state() == v1::MEMBERSHIP_STATE_ACTIVE)) {
          return Error(StatusCode::kAlreadyExists, "ALREADY_MEMBER",
                       "the caller is a member");
        }
        if (m && m->state() == v1::MEMBERSHIP_STATE_PENDING) {
          *response.mutable_membership() = *m;
          return response;
        }
        if (m && m->state() == v1::MEMBERSHIP_STATE_INVITED) {
          *response.mutable_membership() =
              WriteMembership(tx, *g, caller.account, m->role(),
                              v1::MEMBERSHIP_STATE_ACTIVE, now);
          return response;
        }
        switch (g->proto.joining_mode()) {
          case v1::JOINING_MODE_OPEN:
            *response.mutable_membership() =
                WriteMembership(tx, *g, caller.account, v1::MEMBER_ROLE_MEMBER,
                                v1::MEMBERSHIP_STATE_ACTIVE, now);
            return response;
          case v1::JOINING_MODE_APPROVAL:
            *response.mutable_membership() =
                WriteMembership(tx, *g, caller.account, v1::MEMBER_ROLE_MEMBER,
                                v1::MEMBERSHIP_STATE_PENDING, now);
            return response;
          default:
            return Error(StatusCode::kFailedPrecondition, "INVITE_ONLY",
                         "this group takes invited members only");
        }
      });
}

absl::StatusOr<v1::InviteMemberResponse> CommunityService::InviteMember(
    const common::Caller& caller, const v1::InviteMemberRequest& r) {
  absl::StatusOr<PersonRequest> p =
      ValidatePerson(r.request_id(), r.group(), r.person());
  if (!p.ok()) return p.status();
  if (!v1::MemberRole_IsValid(r.role())) {
    common::FieldViolations v;
    v.Add("role", "INVALID_VALUE", "unknown role");
    return v.ToStatus();
  }
  v1::MemberRole role = r.role() == v1::MEMBER_ROLE_UNSPECIFIED
                            ? v1::MEMBER_ROLE_MEMBER
                            : r.role();
  const int64_t now = options_.now();
  return Mutate<v1::InviteMemberResponse>(
      pool_, caller, "InviteMember", r, r.request_id(),
      [&](pqxx::work& tx) -> absl::StatusOr<v1::InviteMemberResponse> {
        absl::StatusOr<GroupRow> g =
            GroupFor(tx, caller, p->group_id, r.group(), true);
        if (!g.ok()) return g.status();
        std::optional<v1::Membership> m =
            LoadMembership(tx, p->group_id, p->person);
        if (m && m->state() == v1::MEMBERSHIP_STATE_ACTIVE) {
          return Error(StatusCode::kAlreadyExists, "ALREADY_MEMBER",
                       "already a member");
        }
        v1::InviteMemberResponse response;
        *response.mutable_membership() = WriteMembership(
            tx, *g, p->person, role, v1::MEMBERSHIP_STATE_INVITED, now);
        return response;
      });
}

namespace {

// A manager moves a membership from `from` to `to` (role kept).
template <typename Response, typename Request>
absl::StatusOr<Response> Decide(common::PgPool& pool,
                                const common::Caller& caller,
                                const char* method, const Request& r,
                                v1::MembershipState to, int64_t now) {
  absl::StatusOr<PersonRequest> p =
      ValidatePerson(r.request_id(), r.group(), r.person());
  if (!p.ok()) return p.status();
  return Mutate<Response>(
      pool, caller, method, r, r.request_id(),
      [&](pqxx::work& tx) -> absl::StatusOr<Response> {
        absl::StatusOr<GroupRow> g =
            GroupFor(tx, caller, p->group_id, r.group(), true);
        if (!g.ok()) return g.status();
        std::optional<v1::Membership> m =
            LoadMembership(tx, p->group_id, p->person, true);
        if (!m || m->state() != v1::MEMBERSHIP_STATE_PENDING) {
          return Error(StatusCode::kFailedPrecondition, "NOT_PENDING",
                       "no pending membership of this person");
        }
        Response response;
        *response.mutable_membership() =
            WriteMembership(tx, *g, p->person, m->role(), to, now);
        return response;
      });
}

}  // namespace

absl::StatusOr<v1::ApproveMembershipResponse>
CommunityService::ApproveMembership(const common::Caller& caller,
                                    const v1::ApproveMembershipRequest& r) {
  return Decide<v1::ApproveMembershipResponse>(
      pool_, caller, "ApproveMembership", r, v1::MEMBERSHIP_STATE_ACTIVE,
      options_.now());
}

absl::StatusOr<v1::RejectMembershipResponse> CommunityService::RejectMembership(
    const common::Caller& caller, const v1::RejectMembershipRequest& r) {
  return Decide<v1::RejectMembershipResponse>(pool_, caller, "RejectMembership",
                                              r, v1::MEMBERSHIP_STATE_REJECTED,
                                              options_.now());
}

absl::StatusOr<v1::SetMemberRoleResponse> CommunityService::SetMemberRole(
    const common::Caller& caller, const v1::SetMemberRoleRequest& r) {
  absl::StatusOr<PersonRequest> p =
      ValidatePerson(r.request_id(), r.group(), r.person());
  if (!p.ok()) return p.status();
  if (r.role() == v1::MEMBER_ROLE_UNSPECIFIED ||
      !v1::MemberRole_IsValid(r.role())) {
    common::FieldViolations v;
    v.Add("role", "REQUIRED", "MEMBER, LEADER, COORDINATOR, ...");
    return v.ToStatus();
  }
  const int64_t now = options_.now();
  return Mutate<v1::SetMemberRoleResponse>(
      pool_, caller, "SetMemberRole", r, r.request_id(),
      [&](pqxx::work& tx) -> absl::StatusOr<v1::SetMemberRoleResponse> {
        absl::StatusOr<GroupRow> g =
            GroupFor(tx, caller, p->group_id, r.group(), true);
        if (!g.ok()) return g.status();
        std::optional<v1::Membership> m =
            LoadMembership(tx, p->group_id, p->person, true);
        if (!m || m->state() != v1::MEMBERSHIP_STATE_ACTIVE) {
          return Error(StatusCode::kFailedPrecondition, "NOT_MEMBER",
                       "roles are given to active members");
        }
        v1::SetMemberRoleResponse response;
        *response.mutable_membership() = WriteMembership(
            tx, *g, p->person, r.role(), v1::MEMBERSHIP_STATE_ACTIVE, now);
        return response;
      });
}

absl::StatusOr<v1::LeaveGroupResponse> CommunityService::LeaveGroup(
    const common::Caller& caller, const v1::LeaveGroupRequest& r) {
  common::FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = GroupIdOf(r.group(), "group", v);
  if (!v.empty()) return v.ToStatus();
  const int64_t now = options_.now();
  return Mutate<v1::LeaveGroupResponse>(
      pool_, caller, "LeaveGroup", r, r.request_id(),
      [&](pqxx::work& tx) -> absl::StatusOr<v1::LeaveGroupResponse> {
        absl::StatusOr<GroupRow> g = GroupFor(tx, caller, id, r.group(), false);
        if (!g.ok()) return g.status();
        std::optional<v1::Membership> m =
            LoadMembership(tx, id, caller.account, true);
        if (!m || m->state() == v1::MEMBERSHIP_STATE_LEFT ||
            m->state() == v1::MEMBERSHIP_STATE_REJECTED) {
          return Error(StatusCode::kFailedPrecondition, "NOT_MEMBER",
                       "the caller is not a member");
        }
        v1::LeaveGroupResponse response;
        *response.mutable_membership() = WriteMembership(
            tx, *g, caller.account, m->role(), v1::MEMBERSHIP_STATE_LEFT, now);
        return response;
      });
}

absl::StatusOr<v1::ListMembersResponse> CommunityService::ListMembers(
    const common::Caller& caller, const v1::ListMembersRequest& r) {
  common::FieldViolations v;
  std::string id = GroupIdOf(r.group(), "group", v);
  int size = common::PageSize(r.page_size(), v);
  if (!v1::MembershipState_IsValid(r.state())) {
    v.Add("state", "INVALID_VALUE", "unknown state");
  }
  if (!v.empty()) return v.ToStatus();
  const std::string state = StateName(r.state());
  const std::string query_key = id + "|" + state;
  absl::StatusOr<std::optional<common::PageCursor>> after =
      common::DecodePageToken(r.page_token(), query_key);
  if (!after.ok()) return after.status();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListMembersResponse> {
        std::optional<GroupRow> g = LoadGroup(tx, id);
        if (!g) return GroupNotFound(r.group());
        GroupAccess access = LoadAccess(tx, caller, *g);
        if (!MayRead(caller, access)) return GroupNotFound(r.group());
        if (!Manages(caller, access)) return NotYourGroup();
        pqxx::result rows = tx.exec_params(
            kListMembers, id, state, *after ? (*after)->id : "", size + 1);
        v1::ListMembersResponse response;
        for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
          std::optional<v1::Membership> m =
              LoadMembership(tx, id, rows[i][0].as<std::string>());
          if (m) *response.add_memberships() = *m;
        }
        if (static_cast<int>(rows.size()) > size) {
          response.set_next_page_token(common::EncodePageToken(
              {"", rows[size - 1][0].as<std::string>()}, query_key));
        }
        return response;
      });
}

}  // namespace lifelong::community
