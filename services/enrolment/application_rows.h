// What every part of the enrolment service shares about applications in the
// database: one column list and its conversion (so every answer shows the
// waitlist rank the same way), the offering's stored catalogue record, and
// one way to put an event in the outbox.
#pragma once

#include <google/protobuf/message.h>

#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "common/auth/caller.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.pb.h"

namespace lifelong::enrolment {

inline constexpr char kApplicationTopic[] = "lifelong.enrolment.application.v1";

// "SELECT " + kApplicationColumns + " FROM applications a WHERE ...". The
// waitlist position shown is the rank among those still waiting. Column 7
// is created_at as text, for page tokens.
extern const char kApplicationColumns[];
v1::Application ApplicationOf(const pqxx::row& row);

v1::ApplicationStatus StatusOf(const std::string& status);

// The application with `id`, or nullopt.
std::optional<v1::Application> LoadApplication(pqxx::work& tx,
                                               const std::string& id);

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

// Writes `event` to the outbox, keyed by the offering id. An event with an
// `application` and no `fee` set gets its fee from the application's stored
// fee decision (fees.h); it never shows the quota group (a priority group)
// or a cancellation's free-text reason on the general topic.
void Announce(pqxx::work& tx, const std::string& offering_id,
              const google::protobuf::Message& event);

// The id part of "offerings/{id}", "applications/{id}", ...
std::string IdOf(const std::string& name);

// Priority groups stored as array_to_string(priority_groups, ',').
std::set<int> GroupsFromText(const std::string& text);

bool IsStaff(const common::Caller& caller);
// Admin, the offering's centre's staff, or its instructor.
bool RunsOffering(const common::Caller& caller,
                  const catalogue::v1::Offering& offering);

}  // namespace lifelong::enrolment
