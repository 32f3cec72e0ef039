// Enrolment's read model of the catalogue's offerings, as the database holds
// it (written by read_model.cc from the catalogue's events): loading (and
// locking) an offering's stored record, what a list row shows of it, and
// the answer when enrolment has not heard of an offering yet. The seat
// counts on the same row move through seats.h.
//
//   std::optional<catalogue::v1::Offering> o =
//       LoadOffering(tx, offering_id, /*lock=*/true);  // seats may move
//   if (!o) return OfferingNotYetKnown(request.offering());
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "absl/status/status.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.pb.h"

namespace lifelong::enrolment {

// The offering as the catalogue's last event showed it, locked until commit
// when `lock`; nullopt when unknown.
std::optional<catalogue::v1::Offering> LoadOffering(pqxx::work& tx,
                                                    const std::string& id,
                                                    bool lock);

// The answer for an offering that is not in the read model. Enrolment
// learns offerings from the catalogue's events, about a second after
// PublishOffering commits; until then it cannot tell "just published" from
// "never published" without asking the catalogue, so it answers the one
// thing that is true of both: UNAVAILABLE, reason OFFERING_NOT_YET_KNOWN,
// with RetryInfo (1 s). Clients retry a few times (the portal: 5 times over
// about 10 s), then ask the catalogue's GetOffering, which is the authority
// on whether an offering exists.
absl::Status OfferingNotYetKnown(const std::string& name);

// What a list row shows of `offering` (Application.offering_summary).
v1::OfferingSummary SummaryOf(const catalogue::v1::Offering& offering);

}  // namespace lifelong::enrolment
