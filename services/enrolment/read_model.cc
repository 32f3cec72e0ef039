#include "services/enrolment/read_model.h"

#include <string>

#include "lifelong/catalogue/events/v1/catalogue_events.pb.h"
#include "lifelong/identity/events/v1/identity_events.pb.h"

namespace lifelong::enrolment {
namespace {

namespace cv1 = lifelong::catalogue::v1;
namespace ce = lifelong::catalogue::events::v1;
namespace ie = lifelong::identity::events::v1;

constexpr char kUpsertOffering[] = R"sql(
  INSERT INTO offerings (id, version, body, state, selection, capacity, limit_group)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (id) DO UPDATE SET
    version = EXCLUDED.version, body = EXCLUDED.body, state = EXCLUDED.state,
    selection = EXCLUDED.selection, limit_group = EXCLUDED.limit_group,
    capacity = GREATEST(EXCLUDED.capacity, offerings.confirmed)
  WHERE offerings.version < EXCLUDED.version)sql";

constexpr char kInsertCitizen[] = R"sql(
  INSERT INTO citizens (id, birth_year, district, workplace_district)
  VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING)sql";

constexpr char kAddGroup[] = R"sql(
  UPDATE citizens SET priority_groups = array_append(priority_groups, $2)
  WHERE id = $1 AND NOT ($2 = ANY(priority_groups)))sql";

constexpr char kRemoveGroup[] =
    "UPDATE citizens SET priority_groups = array_remove(priority_groups, $2) "
    "WHERE id = $1";

std::string IdOf(const std::string& name) {
  return name.substr(name.find('/') + 1);
}

int VersionOf(const std::string& etag) {
  return etag.size() > 1 ? std::stoi(etag.substr(1)) : 0;
}

void StoreOffering(pqxx::work& tx, const cv1::Offering& o) {
  std::string state = cv1::OfferingState_Name(o.state());
  tx.exec_params(kUpsertOffering, IdOf(o.name()), VersionOf(o.etag()),
                 pqxx::binarystring(o.SerializeAsString()), state,
                 static_cast<int>(o.selection()), o.capacity(),
                 o.limit_group());
}

absl::Status ApplyCatalogue(pqxx::work& tx, const std::string& type,
                            const std::string& value) {
  const std::string prefix = "lifelong.catalogue.events.v1.";
  if (type == prefix + "OfferingPublished") {
    ce::OfferingPublished e;
    if (!e.ParseFromString(value))
      return absl::DataLossError("bad OfferingPublished");
    StoreOffering(tx, e.offering());
  } else if (type == prefix + "OfferingUpdated") {
    ce::OfferingUpdated e;
    if (!e.ParseFromString(value))
      return absl::DataLossError("bad OfferingUpdated");
    StoreOffering(tx, e.offering());
  } else if (type == prefix + "OfferingCancelled") {
    ce::OfferingCancelled e;
    if (!e.ParseFromString(value))
      return absl::DataLossError("bad OfferingCancelled");
    StoreOffering(tx, e.offering());
  }
  // Session changes do not affect applications yet.
  return absl::OkStatus();
}

absl::Status ApplyIdentity(pqxx::work& tx, const std::string& type,
                           const std::string& value) {
  const std::string prefix = "lifelong.identity.events.v1.";
  if (type == prefix + "CitizenRegistered") {
    ie::CitizenRegistered e;
    if (!e.ParseFromString(value))
      return absl::DataLossError("bad CitizenRegistered");
    tx.exec_params(kInsertCitizen, IdOf(e.citizen()), e.birth_year(),
                   e.district(), e.workplace_district());
  } else if (type == prefix + "PriorityClaimVerified") {
    ie::PriorityClaimVerified e;
    if (!e.ParseFromString(value))
      return absl::DataLossError("bad PriorityClaimVerified");
    // identity's PriorityGroup numbers are the catalogue's (1 to 4).
    bool verified = e.status() == lifelong::identity::v1::CLAIM_STATUS_VERIFIED;
    tx.exec_params(verified ? kAddGroup : kRemoveGroup, IdOf(e.citizen()),
                   static_cast<int>(e.group()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyEvent(pqxx::work& tx,
                        const common::ConsumedMessage& message) {
  auto type = message.headers.find("ce_type");
  if (type == message.headers.end()) return absl::OkStatus();
  if (message.topic == kCatalogueOfferingTopic) {
    return ApplyCatalogue(tx, type->second, message.value);
  }
  if (message.topic == kIdentityAccountTopic) {
    return ApplyIdentity(tx, type->second, message.value);
  }
  return absl::OkStatus();
}

}  // namespace lifelong::enrolment
