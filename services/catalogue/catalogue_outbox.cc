#include "services/catalogue/catalogue_outbox.h"

#include "common/outbox/outbox.h"
#include "common/resource_name.h"
#include "services/catalogue/catalogue_service.h"
#include "services/catalogue/events_v2.h"

namespace lifelong::catalogue {
namespace {

// v1 first, then its twin: within a key, v1 and v2 each keep the order the
// changes were made in.
template <typename V1Event>
void AddBoth(pqxx::work& tx, const char* topic_v1, const char* topic_v2,
             const std::string& id, const V1Event& event) {
  std::string key = common::CanonicalName(id);
  common::AddToOutbox(tx, common::OutboxEvent::Of(topic_v1, key, event));
  common::AddToOutbox(tx, common::OutboxEvent::Of(topic_v2, key, ToV2(event)));
}

}  // namespace

void AddCatalogueEvent(pqxx::work& tx, const std::string& programme_id,
                       const events::v1::ProgrammePublished& event) {
  AddBoth(tx, kProgrammeTopic, kProgrammeTopicV2, programme_id, event);
}
void AddCatalogueEvent(pqxx::work& tx, const std::string& offering_id,
                       const events::v1::OfferingPublished& event) {
  AddBoth(tx, kOfferingTopic, kOfferingTopicV2, offering_id, event);
}
void AddCatalogueEvent(pqxx::work& tx, const std::string& offering_id,
                       const events::v1::OfferingUpdated& event) {
  AddBoth(tx, kOfferingTopic, kOfferingTopicV2, offering_id, event);
}
void AddCatalogueEvent(pqxx::work& tx, const std::string& offering_id,
                       const events::v1::OfferingCancelled& event) {
  AddBoth(tx, kOfferingTopic, kOfferingTopicV2, offering_id, event);
}
void AddCatalogueEvent(pqxx::work& tx, const std::string& offering_id,
                       const events::v1::SessionRescheduled& event) {
  AddBoth(tx, kOfferingTopic, kOfferingTopicV2, offering_id, event);
}
void AddCatalogueEvent(pqxx::work& tx, const std::string& offering_id,
                       const events::v1::SessionCancelled& event) {
  AddBoth(tx, kOfferingTopic, kOfferingTopicV2, offering_id, event);
}

}  // namespace lifelong::catalogue
