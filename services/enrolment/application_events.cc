#include "services/enrolment/application_events.h"

#include <google/protobuf/descriptor.h>

#include <memory>

#include "common/outbox/outbox.h"
#include "common/resource_name.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/application_store.h"
#include "services/enrolment/events_v2.h"

namespace lifelong::enrolment {

namespace {

constexpr char kFeeOf[] = R"sql(
  SELECT fee_krw, fee_list_price_krw, fee_basis, fee_discount_percent
  FROM applications WHERE id = $1 AND fee_basis IS NOT NULL)sql";

// An application event's `fee` field when the caller left it unset: the
// application's last fee decision as stored.
void SetFee(pqxx::work& tx, google::protobuf::Message& event,
            const google::protobuf::Message& application) {
  const google::protobuf::FieldDescriptor* fee_field =
      event.GetDescriptor()->FindFieldByName("fee");
  const google::protobuf::FieldDescriptor* name_field =
      application.GetDescriptor()->FindFieldByName("name");
  if (fee_field == nullptr || name_field == nullptr ||
      fee_field->message_type() != events::v1::ApplicationFee::descriptor() ||
      event.GetReflection()->HasField(event, fee_field)) {
    return;  // no fee field, or the caller set it
  }
  std::string name =
      application.GetReflection()->GetString(application, name_field);
  if (name.empty()) return;
  pqxx::result row = tx.exec_params(kFeeOf, IdOf(name));
  if (row.empty()) return;
  events::v1::ApplicationFee fee;
  fee.set_amount_krw(row[0][0].as<int64_t>());
  fee.set_list_price_krw(row[0][1].as<int64_t>());
  fee.set_basis(static_cast<events::v1::FeeBasis>(row[0][2].as<int>()));
  fee.set_discount_percent(row[0][3].as<int>());
  event.GetReflection()->MutableMessage(&event, fee_field)->CopyFrom(fee);
}

}  // namespace

void Announce(pqxx::work& tx, const std::string& offering_id,
              const google::protobuf::Message& event) {
  // The general topic never says which priority group's reserved seat an
  // application holds (disability, basic livelihood...): GetDraw shows it
  // to the offering's staff.
  std::unique_ptr<google::protobuf::Message> published(event.New());
  published->CopyFrom(event);
  const google::protobuf::FieldDescriptor* application =
      published->GetDescriptor()->FindFieldByName("application");
  if (application != nullptr &&
      application->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE &&
      !application->is_repeated()) {
    google::protobuf::Message* a = published->GetReflection()->MutableMessage(
        published.get(), application);
    // Nor free text: a cancellation's reason is the citizen's or staff's
    // own words (the API shows it to those who may read the application).
    for (const char* field :
         {"quota_group", "cancel_reason", "offering_summary"}) {
      if (const auto* f = a->GetDescriptor()->FindFieldByName(field)) {
        a->GetReflection()->ClearField(a, f);
      }
    }
    SetFee(tx, *published, *a);
  }
  // The key in canonical lower-case form: one offering, one partition.
  std::string key = common::CanonicalName(offering_id);
  common::AddToOutbox(
      tx, common::OutboxEvent::Of(kApplicationTopic, key, *published));
  // Its v2 twin right after it, in the same transaction (events_v2.h;
  // docs/events/README.md, "Versions").
  if (std::unique_ptr<google::protobuf::Message> twin =
          EnrolmentEventV2(*published)) {
    common::AddToOutbox(
        tx, common::OutboxEvent::Of(kApplicationTopicV2, key, *twin));
  }
}

}  // namespace lifelong::enrolment
