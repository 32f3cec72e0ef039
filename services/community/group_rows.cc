#include "services/community/group_rows.h"

#include <google/protobuf/util/time_util.h>

#include <regex>

#include "common/outbox/outbox.h"
#include "common/resource_name.h"
#include "services/community/community_service.h"

namespace lifelong::community {
namespace {

namespace ev = lifelong::community::events::v1;

constexpr char kSelectGroup[] = R"sql(
  SELECT id, kind, COALESCE(village_id, ''), name_ko, name_en, description_ko,
         description_en, place, array_to_string(districts, E'\x1f'),
         joining_mode, visibility, active_members,
         extract(epoch FROM created_at)::bigint, version
  FROM groups WHERE id = $1)sql";

constexpr char kMembershipOfBoth[] = R"sql(
  SELECT group_id, role, state FROM memberships
  WHERE person = $1 AND group_id IN ($2, $3))sql";

constexpr char kCoordinates[] =
    "SELECT 1 FROM village_coordinators WHERE staff = $1 AND village_id = $2";

constexpr char kSelectMembership[] = R"sql(
  SELECT group_id, person, role, state, extract(epoch FROM updated_at)::bigint
  FROM memberships WHERE group_id = $1 AND person = $2)sql";

constexpr char kUpsertMembership[] = R"sql(
  INSERT INTO memberships (group_id, person, role, state, updated_at)
  VALUES ($1, $2, $3, $4, to_timestamp($5))
  ON CONFLICT (group_id, person) DO UPDATE
    SET role = EXCLUDED.role, state = EXCLUDED.state,
        updated_at = EXCLUDED.updated_at)sql";

constexpr char kAddActive[] = R"sql(
  UPDATE groups SET active_members = active_members + $2 WHERE id = $1
  RETURNING active_members)sql";

const char* const kRoles[] = {
    "", "member", "leader", "coordinator", "resident_instructor", "committee"};
const char* const kStates[] = {"",       "invited",  "pending",
                               "active", "rejected", "left"};

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  for (;;) {
    size_t end = s.find('\x1f', start);
    out.push_back(s.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

bool IsGroupSlug(const std::string& id) {
  static const std::regex kSlug("[a-z0-9-]{2,40}");
  return std::regex_match(id, kSlug);
}

std::string GroupIdOf(const std::string& name, const std::string& field,
                      common::FieldViolations& violations) {
  if (name.empty()) {
    violations.Add(field, "REQUIRED", "a group name \"groups/{id}\"");
    return "";
  }
  const std::string prefix = "groups/";
  std::string id = name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : "";
  for (char& c : id) c = static_cast<char>(std::tolower(c));
  if (!IsGroupSlug(id) && !common::IsUuid(id)) {
    violations.Add(field, "INVALID_NAME", "expected \"groups/{id}\"");
    return "";
  }
  return id;
}

std::optional<GroupRow> LoadGroup(pqxx::work& tx, const std::string& id,
                                  bool lock) {
  pqxx::result rows = tx.exec_params(
      std::string(kSelectGroup) + (lock ? " FOR UPDATE" : ""), id);
  if (rows.empty()) return std::nullopt;
  const pqxx::row& r = rows[0];
  GroupRow g;
  g.id = r[0].as<std::string>();
  g.kind = r[1].as<std::string>();
  g.village_id = r[2].as<std::string>();
  v1::Group& p = g.proto;
  p.set_name("groups/" + g.id);
  p.set_kind(g.kind == "village" ? v1::GROUP_KIND_VILLAGE
                                 : v1::GROUP_KIND_CLUB);
  if (!g.village_id.empty()) p.set_village("groups/" + g.village_id);
  p.mutable_display_name()->set_ko(r[3].as<std::string>());
  p.mutable_display_name()->set_en(r[4].as<std::string>());
  p.mutable_description()->set_ko(r[5].as<std::string>());
  p.mutable_description()->set_en(r[6].as<std::string>());
  p.set_place(r[7].as<std::string>());
  for (const std::string& d : Split(r[8].as<std::string>())) p.add_districts(d);
  const std::string mode = r[9].as<std::string>();
  p.set_joining_mode(mode == "open"       ? v1::JOINING_MODE_OPEN
                     : mode == "approval" ? v1::JOINING_MODE_APPROVAL
                                          : v1::JOINING_MODE_INVITE_ONLY);
  const std::string vis = r[10].as<std::string>();
  p.set_visibility(vis == "public"     ? v1::VISIBILITY_PUBLIC
                   : vis == "unlisted" ? v1::VISIBILITY_UNLISTED
                                       : v1::VISIBILITY_PRIVATE);
  p.set_member_count(r[11].as<int>());
  p.mutable_create_time()->set_seconds(r[12].as<int64_t>());
  p.set_etag("v" + r[13].as<std::string>());
  return g;
}

std::string VillageOf(const GroupRow& group) {
  return group.kind == "village" ? group.id : group.village_id;
}

GroupAccess LoadAccess(pqxx::work& tx, const common::Caller& caller,
                       const GroupRow& group) {
  GroupAccess a;
  a.group_id = group.id;
  a.village_id = VillageOf(group);
  switch (group.proto.visibility()) {
    case v1::VISIBILITY_PUBLIC:
      a.visibility = "public";
      break;
    case v1::VISIBILITY_UNLISTED:
      a.visibility = "unlisted";
      break;
    default:
      a.visibility = "private";
  }
  if (caller.anonymous()) return a;
  for (const pqxx::row& r : tx.exec_params(kMembershipOfBoth, caller.account,
                                           group.id, a.village_id)) {
    if (r[0].as<std::string>() == group.id) {
      a.group_role = r[1].as<std::string>();
      a.group_state = r[2].as<std::string>();
    }
    if (r[0].as<std::string>() == a.village_id) {
      a.village_role = r[1].as<std::string>();
      a.village_state = r[2].as<std::string>();
    }
  }
  if (!a.village_id.empty() && caller.account.rfind("staff/", 0) == 0) {
    a.coordinates_village =
        !tx.exec_params(kCoordinates, caller.account, a.village_id).empty();
  }
  return a;
}

std::string RoleName(v1::MemberRole role) {
  int i = static_cast<int>(role);
  return i >= 1 && i <= 5 ? kRoles[i] : "member";
}

v1::MemberRole RoleOf(const std::string& name) {
  for (int i = 1; i <= 5; ++i) {
    if (name == kRoles[i]) return static_cast<v1::MemberRole>(i);
  }
  return v1::MEMBER_ROLE_UNSPECIFIED;
}

v1::MembershipState StateOf(const std::string& name) {
  for (int i = 1; i <= 5; ++i) {
    if (name == kStates[i]) return static_cast<v1::MembershipState>(i);
  }
  return v1::MEMBERSHIP_STATE_UNSPECIFIED;
}

std::string StateName(v1::MembershipState state) {
  int i = static_cast<int>(state);
  return i >= 1 && i <= 5 ? kStates[i] : "";
}

std::optional<v1::Membership> LoadMembership(pqxx::work& tx,
                                             const std::string& group_id,
                                             const std::string& person,
                                             bool lock) {
  pqxx::result rows = tx.exec_params(
      std::string(kSelectMembership) + (lock ? " FOR UPDATE" : ""), group_id,
      person);
  if (rows.empty()) return std::nullopt;
  v1::Membership m;
  m.set_group("groups/" + rows[0][0].as<std::string>());
  m.set_person(rows[0][1].as<std::string>());
  m.set_role(RoleOf(rows[0][2].as<std::string>()));
  m.set_state(StateOf(rows[0][3].as<std::string>()));
  m.mutable_update_time()->set_seconds(rows[0][4].as<int64_t>());
  return m;
}

v1::Membership WriteMembership(pqxx::work& tx, const GroupRow& group,
                               const std::string& person, v1::MemberRole role,
                               v1::MembershipState state, int64_t now) {
  std::optional<v1::Membership> before = LoadMembership(tx, group.id, person);
  bool was_active = before && before->state() == v1::MEMBERSHIP_STATE_ACTIVE;
  bool is_active = state == v1::MEMBERSHIP_STATE_ACTIVE;
  tx.exec_params(kUpsertMembership, group.id, person, RoleName(role),
                 StateName(state), now);
  int active = group.proto.member_count();
  if (was_active != is_active) {
    active = tx.exec_params(kAddActive, group.id, is_active ? 1 : -1)[0][0]
                 .as<int>();
  }
  v1::Membership m;
  m.set_group("groups/" + group.id);
  m.set_person(person);
  m.set_role(role);
  m.set_state(state);
  m.mutable_update_time()->set_seconds(now);

  ev::MembershipChanged changed;
  changed.set_group(m.group());
  changed.set_kind(group.kind == "village" ? ev::GROUP_KIND_VILLAGE
                                           : ev::GROUP_KIND_CLUB);
  std::string village = VillageOf(group);
  if (!village.empty()) changed.set_village("groups/" + village);
  changed.set_person(person);
  changed.set_role(static_cast<ev::MemberRole>(role));
  changed.set_state(static_cast<ev::MembershipState>(state));
  changed.set_active_members(active);
  changed.mutable_change_time()->set_seconds(now);
  common::AddToOutbox(
      tx, common::OutboxEvent::Of(kMembershipTopic, group.id, changed));
  return m;
}

}  // namespace lifelong::community
