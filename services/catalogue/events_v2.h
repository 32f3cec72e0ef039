// Catalogue events version 2 (lifelong.catalogue.events.v2) from their
// version 1 twins: pure mappings from each v1 event to the v2 event that is
// published beside it, in the same transaction (catalogue_outbox.h). v2's
// payloads are the catalogue's own snapshot messages, so the API can change
// without changing the stream (docs/events/README.md, "How the contract
// evolves"); names are made canonical (lower-case), priority groups and the
// instruction language become lifelong.types.v1's enums.
//
// Deliberately left out of v2 (events_v2_test.cc lists them, and fails when
// a new field of an API message is neither mapped nor listed):
//   Offering.instructor        a staff member's id: personal data
//   Offering.application_open  derived from the clock; stale in a record
//   Programme.description      free text
//   OfferingCancelled.reason   free text written by staff
//
//   events::v2::OfferingPublished v2 = ToV2(v1_event);
#pragma once

#include <string>

#include "lifelong/catalogue/events/v1/catalogue_events.pb.h"
#include "lifelong/catalogue/events/v2/catalogue_events.pb.h"

namespace lifelong::catalogue {

inline constexpr char kProgrammeTopicV2[] = "lifelong.catalogue.programme.v2";
inline constexpr char kOfferingTopicV2[] = "lifelong.catalogue.offering.v2";

// The API's messages as v2 snapshots.
events::v2::Programme ProgrammeV2(const v1::Programme& p);
events::v2::Offering OfferingV2(const v1::Offering& o);
events::v2::Session SessionV2(const v1::Session& s);
lifelong::types::v1::PriorityGroup PriorityGroupV2(v1::PriorityGroup g);
// "ko" and "en" (any case); anything else is LANGUAGE_UNSPECIFIED.
lifelong::types::v1::Language LanguageV2(const std::string& code);

// Each v1 event's v2 twin.
events::v2::ProgrammePublished ToV2(const events::v1::ProgrammePublished& e);
events::v2::OfferingPublished ToV2(const events::v1::OfferingPublished& e);
events::v2::OfferingUpdated ToV2(const events::v1::OfferingUpdated& e);
events::v2::OfferingCancelled ToV2(const events::v1::OfferingCancelled& e);
events::v2::SessionRescheduled ToV2(const events::v1::SessionRescheduled& e);
events::v2::SessionCancelled ToV2(const events::v1::SessionCancelled& e);

}  // namespace lifelong::catalogue
