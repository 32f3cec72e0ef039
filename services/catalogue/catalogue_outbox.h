// The one place the catalogue adds its events to the outbox: each v1 event
// and its v2 twin (events_v2.h), in the caller's transaction, under the same
// key (the aggregate's id, made lower-case), so that both are committed
// together, carry the same ce_time and stay in order per key on their topics:
//   v1 lifelong.catalogue.{programme,offering}.v1  (deprecated)
//   v2 lifelong.catalogue.{programme,offering}.v2
//
//   event_pb::OfferingPublished event;  ...
//   AddCatalogueEvent(tx, offering_id, event);
#pragma once

#include <pqxx/pqxx>
#include <string>

#include "lifelong/catalogue/events/v1/catalogue_events.pb.h"

namespace lifelong::catalogue {

void AddCatalogueEvent(pqxx::work& tx, const std::string& programme_id,
                       const events::v1::ProgrammePublished& event);
void AddCatalogueEvent(pqxx::work& tx, const std::string& offering_id,
                       const events::v1::OfferingPublished& event);
void AddCatalogueEvent(pqxx::work& tx, const std::string& offering_id,
                       const events::v1::OfferingUpdated& event);
void AddCatalogueEvent(pqxx::work& tx, const std::string& offering_id,
                       const events::v1::OfferingCancelled& event);
void AddCatalogueEvent(pqxx::work& tx, const std::string& offering_id,
                       const events::v1::SessionRescheduled& event);
void AddCatalogueEvent(pqxx::work& tx, const std::string& offering_id,
                       const events::v1::SessionCancelled& event);

}  // namespace lifelong::catalogue
