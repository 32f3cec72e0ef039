// The learning plan's storage and events, shared by the RPCs that change it
// (learning_plan.cc) and the consumer that moves it on catalogue's and
// enrolment's events.
//
//   InboxConsumer consumer(pool, brokers, "consulting.plan-progress",
//       {kCatalogueProgrammeTopic, kCatalogueOfferingTopic,
//        kEnrolmentApplicationTopic}, ApplyPlanEvent);
//
// ApplyPlanEvent runs in the consumer's inbox transaction: a redelivered
// event is dropped by the inbox, and items only move forward anyway
// (plan_progress.h).
#pragma once

#include <pqxx/pqxx>
#include <string>

#include "absl/status/status.h"
#include "common/kafka/inbox_consumer.h"
#include "lifelong/consulting/v1/consulting_service.pb.h"

namespace lifelong::consulting {

inline constexpr char kCatalogueProgrammeTopic[] =
    "lifelong.catalogue.programme.v1";
inline constexpr char kCatalogueOfferingTopic[] =
    "lifelong.catalogue.offering.v1";
inline constexpr char kEnrolmentApplicationTopic[] =
    "lifelong.enrolment.application.v1";

// The citizen's plan (an empty DRAFT when none was started).
v1::LearningPlan LoadPlan(pqxx::work& tx, const std::string& citizen_id);

// Publishes LearningPlanUpdated for the plan as it now is (keyed by the
// citizen). `booking_id` may be empty.
void AnnouncePlan(pqxx::work& tx, const std::string& citizen_id,
                  const std::string& booking_id, const std::string& cause);

absl::Status ApplyPlanEvent(pqxx::work& tx,
                            const common::ConsumedMessage& message);

}  // namespace lifelong::consulting
