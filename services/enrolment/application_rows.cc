#include "services/enrolment/application_rows.h"

#include <google/protobuf/descriptor.h>

#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/outbox/outbox.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"

namespace lifelong::enrolment {

const char kApplicationColumns[] = R"sql(
  a.id::text, a.offering_id::text, a.citizen_id::text, a.status,
  CASE WHEN a.status = 'waitlisted' THEN
    (SELECT count(*) FROM applications w WHERE w.offering_id = a.offering_id
       AND w.waitlist_position <= a.waitlist_position)
  ELSE 0 END,
  a.applied_by, EXTRACT(EPOCH FROM a.created_at)::bigint,
  to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  COALESCE(EXTRACT(EPOCH FROM a.offer_expires_at)::bigint, 0),
  COALESCE(a.quota_group, 0), COALESCE(a.cancelled_by, ''),
  COALESCE(a.cancel_reason, ''),
  COALESCE((SELECT c.id::text FROM certificates c WHERE c.application_id = a.id), ''))sql";

v1::ApplicationStatus StatusOf(const std::string& s) {
  if (s == "confirmed") return v1::APPLICATION_STATUS_CONFIRMED;
  if (s == "waitlisted") return v1::APPLICATION_STATUS_WAITLISTED;
  if (s == "applied") return v1::APPLICATION_STATUS_APPLIED;
  if (s == "offered") return v1::APPLICATION_STATUS_OFFERED;
  if (s == "expired") return v1::APPLICATION_STATUS_OFFER_EXPIRED;
  if (s == "completed") return v1::APPLICATION_STATUS_COMPLETED;
  return v1::APPLICATION_STATUS_CANCELLED;
}

v1::Application ApplicationOf(const pqxx::row& row) {
  v1::Application a;
  a.set_name("applications/" + row[0].as<std::string>());
  a.set_offering("offerings/" + row[1].as<std::string>());
  a.set_citizen("citizens/" + row[2].as<std::string>());
  a.set_status(StatusOf(row[3].as<std::string>()));
  a.set_waitlist_position(row[4].as<int>());
  a.set_applied_by(row[5].as<std::string>());
  a.mutable_create_time()->set_seconds(row[6].as<int64_t>());
  if (int64_t expires = row[8].as<int64_t>(); expires > 0)
    a.mutable_offer_expire_time()->set_seconds(expires);
  a.set_quota_group(
      static_cast<catalogue::v1::PriorityGroup>(row[9].as<int>()));
  a.set_cancelled_by(row[10].as<std::string>());
  a.set_cancel_reason(row[11].as<std::string>());
  if (std::string cert = row[12].as<std::string>(); !cert.empty())
    a.set_certificate("certificates/" + cert);
  return a;
}

std::optional<v1::Application> LoadApplication(pqxx::work& tx,
                                               const std::string& id) {
  pqxx::result row =
      tx.exec_params(std::string("SELECT ") + kApplicationColumns +
                         " FROM applications a WHERE a.id = $1",
                     id);
  if (row.empty()) return std::nullopt;
  return ApplicationOf(row[0]);
}

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
  common::AddToOutbox(
      tx, common::OutboxEvent::Of(kApplicationTopic, offering_id, *published));
}

std::string IdOf(const std::string& name) {
  return name.substr(name.find('/') + 1);
}

std::set<int> GroupsFromText(const std::string& text) {
  std::set<int> groups;
  for (absl::string_view g : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    int group = 0;
    if (absl::SimpleAtoi(g, &group)) groups.insert(group);
  }
  return groups;
}

bool IsStaff(const common::Caller& caller) {
  return caller.Has(common::kRoleAdmin) || caller.Has(common::kRoleCentreStaff);
}

bool RunsOffering(const common::Caller& caller,
                  const catalogue::v1::Offering& offering) {
  return caller.HasIn(common::kRoleCentreStaff, offering.centre()) ||
         (!offering.instructor().empty() &&
          caller.account == offering.instructor());
}

}  // namespace lifelong::enrolment
