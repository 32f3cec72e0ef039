// CreateGroup, GetGroup, ListGroups.
#include <google/protobuf/util/time_util.h>

#include "common/errors.h"
#include "common/outbox/outbox.h"
#include "common/page_token.h"
#include "common/pg/transaction.h"
#include "services/community/community_service.h"
#include "services/community/group_rows.h"
#include "services/community/mutation.h"

namespace lifelong::community {
namespace {

using absl::StatusCode;
using common::Error;
namespace ev = lifelong::community::events::v1;

constexpr char kInsertGroup[] = R"sql(
  INSERT INTO groups (id, kind, village_id, name_ko, name_en, description_ko,
                      description_en, place, districts, joining_mode,
                      visibility, created_at)
  VALUES ($1, $2, NULLIF($3, ''), $4, $5, $6, $7, $8,
          string_to_array($9, E'\x1f'), $10, $11, to_timestamp($12))
  ON CONFLICT (id) DO NOTHING RETURNING 1)sql";

constexpr char kListGroups[] = R"sql(
  SELECT id FROM groups
  WHERE visibility = 'public' AND ($1 = '' OR kind = $1)
    AND ($2 = '' OR village_id = $2) AND id > $3
  ORDER BY id LIMIT $4)sql";

absl::Status GroupNotFound(const std::string& name) {
  return Error(StatusCode::kNotFound, "GROUP_NOT_FOUND", "no group " + name);
}

void CheckText(const v1::LocalizedText& t, const std::string& field, size_t max,
               bool required, common::FieldViolations& v) {
  if (required && t.ko().empty()) {
    v.Add(field + ".ko", "REQUIRED", "Korean text is required");
  }
  if (t.ko().size() > max * 3 || t.en().size() > max * 3) {
    v.Add(field, "TOO_LONG", "at most " + std::to_string(max) + " characters");
  }
}

std::string Join(const google::protobuf::RepeatedPtrField<std::string>& parts) {
  std::string out;
  for (int i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '\x1f';
    out += parts[i];
  }
  return out;
}

}  // namespace

absl::StatusOr<v1::CreateGroupResponse> CommunityService::CreateGroup(
    const common::Caller& caller, const v1::CreateGroupRequest& r) {
  common::FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  const v1::Group& g = r.group();
  if (g.kind() != v1::GROUP_KIND_VILLAGE && g.kind() != v1::GROUP_KIND_CLUB) {
    v.Add("group.kind", "REQUIRED", "VILLAGE or CLUB");
  }
  if (!r.group_id().empty() && !IsGroupSlug(r.group_id())) {
    v.Add("group_id", "INVALID_FORMAT", "2 to 40 of [a-z0-9-]");
  }
  if (g.kind() == v1::GROUP_KIND_VILLAGE && r.group_id().empty()) {
    v.Add("group_id", "REQUIRED", "a village needs its slug");
  }
  std::string village_id;
  if (!g.village().empty()) {
    if (g.kind() == v1::GROUP_KIND_VILLAGE) {
      v.Add("group.village", "NOT_ALLOWED", "villages do not nest");
    } else {
      village_id = GroupIdOf(g.village(), "group.village", v);
    }
  }
  CheckText(g.display_name(), "group.display_name", 200, true, v);
  CheckText(g.description(), "group.description", 4000, false, v);
  if (g.place().size() > 600)
    v.Add("group.place", "TOO_LONG", "200 characters");
  if (g.kind() == v1::GROUP_KIND_VILLAGE &&
      (g.districts_size() < 1 || g.districts_size() > 20)) {
    v.Add("group.districts", "REQUIRED", "1 to 20 districts for a village");
  }
  for (const std::string& d : g.districts()) {
    if (d.empty() || d.size() > 120 || d.find('\x1f') != std::string::npos) {
      v.Add("group.districts", "INVALID_FORMAT", "1 to 40 characters each");
    }
  }
  if (!v1::JoiningMode_IsValid(g.joining_mode())) {
    v.Add("group.joining_mode", "INVALID_VALUE", "unknown mode");
  }
  if (!v1::Visibility_IsValid(g.visibility())) {
    v.Add("group.visibility", "INVALID_VALUE", "unknown visibility");
  }
  if (!v.empty()) return v.ToStatus();
  if (g.kind() == v1::GROUP_KIND_VILLAGE && !caller.Has(common::kRoleAdmin) &&
      !caller.Has(common::kRoleCentreStaff)) {
    return Error(StatusCode::kPermissionDenied, "NOT_CITY_STAFF",
                 "villages are created by the city's staff");
  }
  const int64_t now = options_.now();
  return Mutate<v1::CreateGroupResponse>(
      pool_, caller, "CreateGroup", r, r.request_id(),
      [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateGroupResponse> {
        if (!village_id.empty()) {
          std::optional<GroupRow> village = LoadGroup(tx, village_id);
          if (!village || village->kind != "village") {
            return GroupNotFound(g.village());
          }
          GroupAccess access = LoadAccess(tx, caller, *village);
          if (!MayRead(caller, access)) return GroupNotFound(g.village());
          if (!Manages(caller, access) && !IsActiveMember(access)) {
            return Error(StatusCode::kPermissionDenied, "NOT_YOUR_GROUP",
                         "clubs of a village are started by its members");
          }
        }
        std::string id = r.group_id();
        if (id.empty()) {
          id =
              tx.exec("SELECT gen_random_uuid()::text")[0][0].as<std::string>();
        }
        const char* mode =
            g.joining_mode() == v1::JOINING_MODE_APPROVAL      ? "approval"
            : g.joining_mode() == v1::JOINING_MODE_INVITE_ONLY ? "invite_only"
                                                               : "open";
        const char* visibility =
            g.visibility() == v1::VISIBILITY_UNLISTED  ? "unlisted"
            : g.visibility() == v1::VISIBILITY_PRIVATE ? "private"
                                                       : "public";
        if (tx.exec_params(
                  kInsertGroup, id,
                  g.kind() == v1::GROUP_KIND_VILLAGE ? "village" : "club",
                  village_id, g.display_name().ko(), g.display_name().en(),
                  g.description().ko(), g.description().en(), g.place(),
                  Join(g.districts()), mode, visibility, now)
                .empty()) {
          return Error(StatusCode::kAlreadyExists, "GROUP_EXISTS",
                       "groups/" + id + " exists");
        }
        std::optional<GroupRow> created = LoadGroup(tx, id);
        if (g.kind() == v1::GROUP_KIND_CLUB &&
            caller.account.rfind("citizens/", 0) == 0) {
          WriteMembership(tx, *created, caller.account, v1::MEMBER_ROLE_LEADER,
                          v1::MEMBERSHIP_STATE_ACTIVE, now);
          created = LoadGroup(tx, id);
        }
        ev::GroupCreated e;
        e.set_group(created->proto.name());
        e.set_kind(static_cast<ev::GroupKind>(created->proto.kind()));
        std::string village = VillageOf(*created);
        if (!village.empty()) e.set_village("groups/" + village);
        *e.mutable_districts() = created->proto.districts();
        e.mutable_create_time()->set_seconds(now);
        common::AddToOutbox(tx,
                            common::OutboxEvent::Of(kMembershipTopic, id, e));
        v1::CreateGroupResponse response;
        *response.mutable_group() = created->proto;
        return response;
      });
}

absl::StatusOr<v1::GetGroupResponse> CommunityService::GetGroup(
    const common::Caller& caller, const v1::GetGroupRequest& r) {
  common::FieldViolations v;
  std::string id = GroupIdOf(r.name(), "name", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::GetGroupResponse> {
        std::optional<GroupRow> g = LoadGroup(tx, id);
        if (!g || !MayRead(caller, LoadAccess(tx, caller, *g))) {
          return GroupNotFound(r.name());
        }
        v1::GetGroupResponse response;
        *response.mutable_group() = g->proto;
        return response;
      });
}

absl::StatusOr<v1::ListGroupsResponse> CommunityService::ListGroups(
    const common::Caller&, const v1::ListGroupsRequest& r) {
  common::FieldViolations v;
  int size = common::PageSize(r.page_size(), v);
  std::string village_id;
  if (!r.village().empty()) village_id = GroupIdOf(r.village(), "village", v);
  if (!v1::GroupKind_IsValid(r.kind())) {
    v.Add("kind", "INVALID_VALUE", "unknown kind");
  }
  if (!v.empty()) return v.ToStatus();
  const std::string kind = r.kind() == v1::GROUP_KIND_VILLAGE ? "village"
                           : r.kind() == v1::GROUP_KIND_CLUB  ? "club"
                                                              : "";
  const std::string query_key = kind + "|" + village_id;
  absl::StatusOr<std::optional<common::PageCursor>> after =
      common::DecodePageToken(r.page_token(), query_key);
  if (!after.ok()) return after.status();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListGroupsResponse> {
        pqxx::result rows =
            tx.exec_params(kListGroups, kind, village_id,
                           *after ? (*after)->id : "", size + 1);
        v1::ListGroupsResponse response;
        for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
          std::optional<GroupRow> g =
              LoadGroup(tx, rows[i][0].as<std::string>());
          if (g) *response.add_groups() = g->proto;
        }
        if (static_cast<int>(rows.size()) > size) {
          response.set_next_page_token(common::EncodePageToken(
              {"", rows[size - 1][0].as<std::string>()}, query_key));
        }
        return response;
      });
}

}  // namespace lifelong::community
