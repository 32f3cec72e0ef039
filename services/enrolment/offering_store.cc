#include "services/enrolment/offering_store.h"

#include <chrono>

#include "common/errors.h"

namespace lifelong::enrolment {

std::optional<catalogue::v1::Offering> LoadOffering(pqxx::work& tx,
                                                    const std::string& id,
                                                    bool lock) {
  pqxx::result row =
      tx.exec_params(std::string("SELECT body FROM offerings WHERE id = $1") +
                         (lock ? " FOR UPDATE" : ""),
                     id);
  if (row.empty()) return std::nullopt;
  catalogue::v1::Offering offering;
  offering.ParseFromString(pqxx::binarystring(row[0][0]).str());
  return offering;
}

v1::OfferingSummary SummaryOf(const catalogue::v1::Offering& offering) {
  v1::OfferingSummary s;
  *s.mutable_title() = offering.title();
  s.set_centre(offering.centre());
  s.set_venue(offering.venue());
  *s.mutable_centre_display_name() = offering.centre_display_name();
  *s.mutable_venue_display_name() = offering.venue_display_name();
  s.set_state(offering.state());
  for (const catalogue::v1::Session& session : offering.sessions()) {
    if (session.state() == catalogue::v1::SESSION_STATE_CANCELLED) continue;
    if (!s.has_first_session_start() ||
        session.start_time().seconds() < s.first_session_start().seconds()) {
      *s.mutable_first_session_start() = session.start_time();
    }
    if (!s.has_last_session_end() ||
        session.end_time().seconds() > s.last_session_end().seconds()) {
      *s.mutable_last_session_end() = session.end_time();
    }
  }
  return s;
}

absl::Status OfferingNotYetKnown(const std::string& name) {
  return common::WithRetryDelay(
      common::Error(absl::StatusCode::kUnavailable, "OFFERING_NOT_YET_KNOWN",
                    name + " is not known to enrolment yet (a newly published "
                           "offering arrives within seconds); retry shortly"),
      std::chrono::seconds(1));
}

}  // namespace lifelong::enrolment
