#include "services/consulting/consultants.h"

#include "common/resource_name.h"
#include "lifelong/identity/events/v1/identity_events.pb.h"
#include "services/consulting/booking_rows.h"

namespace lifelong::consulting {
namespace {

namespace idv1 = lifelong::identity::v1;
namespace idev = lifelong::identity::events::v1;

constexpr char kGrant[] = R"sql(
  INSERT INTO consultants (id, centre, active) VALUES ($1, $2, true)
  ON CONFLICT (id) DO UPDATE SET centre = $2, active = true,
    updated_at = now())sql";
constexpr char kRevoke[] = R"sql(
  UPDATE consultants SET active = false, updated_at = now()
  WHERE id = $1 AND centre = $2)sql";

// The staff uuid and centre of a consultant grant, or why not.
absl::Status Parse(const std::string& staff, const idv1::RoleGrant& grant,
                   std::string& id, std::string& centre) {
  common::FieldViolations v;
  id = common::UuidOf(staff, "staff", "staff", v);
  centre = CentreIdOf(grant.scope());
  if (!v.empty() || centre.empty()) {
    return common::Unprocessable(
        "a consultant grant needs staff/{uuid} and "
        "a centres/{id} scope");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyIdentityEvent(pqxx::work& tx,
                                const common::ConsumedMessage& m) {
  auto type = m.headers.find("ce_type");
  if (type == m.headers.end()) return absl::OkStatus();
  std::string id, centre;
  if (type->second == idev::StaffRoleGranted::descriptor()->full_name()) {
    idev::StaffRoleGranted e;
    if (!e.ParseFromString(m.value)) {
      return common::Unprocessable("StaffRoleGranted does not parse");
    }
    if (e.grant().role() != idv1::ROLE_CONSULTANT) return absl::OkStatus();
    if (absl::Status s = Parse(e.staff(), e.grant(), id, centre); !s.ok()) {
      return s;
    }
    tx.exec_params(kGrant, id, centre);
  } else if (type->second ==
             idev::StaffRoleRevoked::descriptor()->full_name()) {
    idev::StaffRoleRevoked e;
    if (!e.ParseFromString(m.value)) {
      return common::Unprocessable("StaffRoleRevoked does not parse");
    }
    if (e.grant().role() != idv1::ROLE_CONSULTANT) return absl::OkStatus();
    if (absl::Status s = Parse(e.staff(), e.grant(), id, centre); !s.ok()) {
      return s;
    }
    tx.exec_params(kRevoke, id, centre);
  }
  return absl::OkStatus();
}

}  // namespace lifelong::consulting
