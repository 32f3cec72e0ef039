#include "services/community/identity_events.h"

#include "lifelong/identity/events/v1/identity_events.pb.h"

namespace lifelong::community {
namespace {

namespace ie = lifelong::identity::events::v1;
namespace iv1 = lifelong::identity::v1;

constexpr char kGrant[] = R"sql(
  INSERT INTO village_coordinators (staff, village_id) VALUES ($1, $2)
  ON CONFLICT DO NOTHING)sql";
constexpr char kRevoke[] =
    "DELETE FROM village_coordinators WHERE staff = $1 AND village_id = $2";
constexpr char kCitizen[] = R"sql(
  INSERT INTO citizens (id, birth_year) VALUES ($1, $2)
  ON CONFLICT (id) DO UPDATE SET birth_year = EXCLUDED.birth_year)sql";

constexpr char kVillagePrefix[] = "villages/";

// The village id of a village_coordinator grant, or "".
std::string VillageOf(const iv1::RoleGrant& grant) {
  if (grant.role() != iv1::ROLE_VILLAGE_COORDINATOR) return "";
  if (grant.scope().rfind(kVillagePrefix, 0) != 0) return "";
  return grant.scope().substr(sizeof(kVillagePrefix) - 1);
}

}  // namespace

absl::Status ApplyIdentityEvent(pqxx::work& tx,
                                const common::ConsumedMessage& m) {
  auto type = m.headers.find("ce_type");
  if (type == m.headers.end()) return common::Unprocessable("no ce_type");
  const std::string& t = type->second;
  if (t == "lifelong.identity.events.v1.StaffRoleGranted") {
    ie::StaffRoleGranted e;
    if (!e.ParseFromString(m.value)) return common::Unprocessable("bad body");
    std::string village = VillageOf(e.grant());
    if (!village.empty()) tx.exec_params(kGrant, e.staff(), village);
  } else if (t == "lifelong.identity.events.v1.StaffRoleRevoked") {
    ie::StaffRoleRevoked e;
    if (!e.ParseFromString(m.value)) return common::Unprocessable("bad body");
    std::string village = VillageOf(e.grant());
    if (!village.empty()) tx.exec_params(kRevoke, e.staff(), village);
  } else if (t == "lifelong.identity.events.v1.CitizenRegistered") {
    ie::CitizenRegistered e;
    if (!e.ParseFromString(m.value)) return common::Unprocessable("bad body");
    if (e.birth_year() > 0)
      tx.exec_params(kCitizen, e.citizen(), e.birth_year());
  }
  return absl::OkStatus();
}

}  // namespace lifelong::community
