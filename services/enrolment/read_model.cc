#include "services/enrolment/read_model.h"

#include <algorithm>
#include <string>

#include "lifelong/catalogue/events/v1/catalogue_events.pb.h"
#include "lifelong/identity/events/v1/identity_events.pb.h"
#include "services/enrolment/application_store.h"
#include "services/enrolment/cancellation.h"
#include "services/enrolment/closing.h"
#include "services/enrolment/offering_store.h"
#include "services/enrolment/progress.h"

namespace lifelong::enrolment {
namespace {

namespace cv1 = lifelong::catalogue::v1;
namespace ce = lifelong::catalogue::events::v1;
namespace ie = lifelong::identity::events::v1;

constexpr char kUpsertOffering[] = R"sql(
  INSERT INTO offerings (id, version, body, state, selection, capacity, limit_group,
                         min_enrolment, applications_close_at, first_session_at,
                         last_session_end_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp(NULLIF($9, 0)),
          to_timestamp(NULLIF($10, 0)), to_timestamp(NULLIF($11, 0)))
  ON CONFLICT (id) DO UPDATE SET
    version = EXCLUDED.version, body = EXCLUDED.body, state = EXCLUDED.state,
    selection = EXCLUDED.selection, limit_group = EXCLUDED.limit_group,
    capacity = GREATEST(EXCLUDED.capacity, offerings.confirmed),
    min_enrolment = EXCLUDED.min_enrolment,
    applications_close_at = EXCLUDED.applications_close_at,
    first_session_at = EXCLUDED.first_session_at,
    last_session_end_at = EXCLUDED.last_session_end_at,
    completions_checked_at = CASE
      WHEN offerings.last_session_end_at IS DISTINCT FROM
           EXCLUDED.last_session_end_at THEN NULL
      ELSE offerings.completions_checked_at END
  WHERE offerings.version < EXCLUDED.version
  RETURNING 1)sql";

constexpr char kInsertCitizen[] = R"sql(
  INSERT INTO citizens (id, birth_year, district, workplace_district)
  VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING)sql";

constexpr char kAddGroup[] = R"sql(
  UPDATE citizens SET priority_groups = array_append(priority_groups, $2)
  WHERE id = $1 AND NOT ($2 = ANY(priority_groups)))sql";

constexpr char kRemoveGroup[] =
    "UPDATE citizens SET priority_groups = array_remove(priority_groups, $2) "
    "WHERE id = $1";

int VersionOf(const std::string& etag) {
  return etag.size() > 1 ? std::stoi(etag.substr(1)) : 0;
}

// Stores a newer version of the offering and acts on what changed: a
// lottery gets its seed committed, a cancelled offering cancels its
// applications, seats added by a larger capacity go to the waitlist.
void StoreOffering(pqxx::work& tx, const cv1::Offering& o,
                   const SeatPolicy& policy, const std::string& reason = "") {
  int64_t close = 0, first_session = 0;
  for (const cv1::ApplicationWindow& w : o.windows())
    close = std::max<int64_t>(close, w.close_time().seconds());
  for (const cv1::Session& s : o.sessions()) {
    if (first_session == 0 || s.start_time().seconds() < first_session)
      first_session = s.start_time().seconds();
  }
  std::string id = IdOf(o.name());
  bool stored = !tx.exec_params(kUpsertOffering, id, VersionOf(o.etag()),
                                pqxx::binarystring(o.SerializeAsString()),
                                cv1::OfferingState_Name(o.state()),
                                static_cast<int>(o.selection()), o.capacity(),
                                o.limit_group(), o.min_enrolment(), close,
                                first_session, LastSessionEnd(o))
                     .empty();
  if (!stored) return;
  if (o.state() == cv1::OFFERING_STATE_CANCELLED) {
    CancelEveryApplication(
        tx, id, reason.empty() ? "the offering was cancelled" : reason);
    return;
  }
  if (o.selection() == cv1::SELECTION_METHOD_LOTTERY) CommitDrawSeed(tx, id);
  tx.exec_params("SELECT 1 FROM offerings WHERE id = $1 FOR UPDATE", id);
  // Seats free and people waiting here means the capacity grew.
  OfferFreeSeats(
      tx, id, policy,
      lifelong::enrolment::events::v1::SEAT_OFFER_REASON_MORE_CAPACITY);
}

// A session changed: the stored offering takes the new session when the
// change is newer than what it holds.
absl::Status ChangeSession(pqxx::work& tx, const std::string& offering,
                           const cv1::Session& session, const std::string& etag,
                           const SeatPolicy& policy) {
  std::optional<cv1::Offering> stored =
      LoadOffering(tx, IdOf(offering), /*lock=*/true);
  if (!stored || VersionOf(stored->etag()) >= VersionOf(etag))
    return absl::OkStatus();
  for (cv1::Session& s : *stored->mutable_sessions()) {
    if (s.session_id() == session.session_id()) s = session;
  }
  stored->set_etag(etag);
  StoreOffering(tx, *stored, policy);
  return absl::OkStatus();
}

absl::Status ApplyCatalogue(pqxx::work& tx, const std::string& type,
                            const std::string& value,
                            const SeatPolicy& policy) {
  const std::string prefix = "lifelong.catalogue.events.v1.";
  if (type == prefix + "OfferingPublished") {
    ce::OfferingPublished e;
    if (absl::Status s = common::ParseBody(value, e); !s.ok()) return s;
    StoreOffering(tx, e.offering(), policy);
  } else if (type == prefix + "OfferingUpdated") {
    ce::OfferingUpdated e;
    if (absl::Status s = common::ParseBody(value, e); !s.ok()) return s;
    StoreOffering(tx, e.offering(), policy);
  } else if (type == prefix + "OfferingCancelled") {
    ce::OfferingCancelled e;
    if (absl::Status s = common::ParseBody(value, e); !s.ok()) return s;
    StoreOffering(tx, e.offering(), policy, e.reason());
  } else if (type == prefix + "SessionRescheduled") {
    ce::SessionRescheduled e;
    if (absl::Status s = common::ParseBody(value, e); !s.ok()) return s;
    return ChangeSession(tx, e.offering(), e.session(), e.etag(), policy);
  } else if (type == prefix + "SessionCancelled") {
    ce::SessionCancelled e;
    if (absl::Status s = common::ParseBody(value, e); !s.ok()) return s;
    return ChangeSession(tx, e.offering(), e.session(), e.etag(), policy);
  }
  return absl::OkStatus();
}

absl::Status ApplyIdentity(pqxx::work& tx, const std::string& type,
                           const std::string& value) {
  const std::string prefix = "lifelong.identity.events.v1.";
  if (type == prefix + "CitizenRegistered") {
    ie::CitizenRegistered e;
    if (absl::Status s = common::ParseBody(value, e); !s.ok()) return s;
    tx.exec_params(kInsertCitizen, IdOf(e.citizen()), e.birth_year(),
                   e.district(), e.workplace_district());
  } else if (type == prefix + "PriorityClaimVerified") {
    ie::PriorityClaimVerified e;
    if (absl::Status s = common::ParseBody(value, e); !s.ok()) return s;
    // identity's PriorityGroup numbers are the catalogue's (1 to 4).
    bool verified = e.status() == lifelong::identity::v1::CLAIM_STATUS_VERIFIED;
    tx.exec_params(verified ? kAddGroup : kRemoveGroup, IdOf(e.citizen()),
                   static_cast<int>(e.group()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyEvent(pqxx::work& tx, const common::ConsumedMessage& message,
                        const SeatPolicy& policy) {
  auto type = message.headers.find("ce_type");
  if (type == message.headers.end()) return absl::OkStatus();
  if (message.topic == kCatalogueOfferingTopic) {
    return ApplyCatalogue(tx, type->second, message.value, policy);
  }
  if (message.topic == kIdentityAccountTopic ||
      message.topic == kIdentityPriorityTopic) {
    return ApplyIdentity(tx, type->second, message.value);
  }
  return absl::OkStatus();
}

}  // namespace lifelong::enrolment
