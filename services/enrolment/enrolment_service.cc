#include "services/enrolment/enrolment_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/outbox/outbox.h"
#include "common/page_token.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/eligibility.h"

namespace lifelong::enrolment {
namespace {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;
namespace cv1 = lifelong::catalogue::v1;
namespace event_pb = lifelong::enrolment::events::v1;

constexpr char kSelectOffering[] =
    "SELECT body, state, selection FROM offerings WHERE id = $1";
constexpr char kSelectCitizen[] = R"sql(
  SELECT birth_year, district, workplace_district, array_to_string(priority_groups, ',')
  FROM citizens WHERE id = $1 FOR UPDATE)sql";
constexpr char kLiveInGroup[] = R"sql(
  SELECT count(*) FROM applications a JOIN offerings o ON o.id = a.offering_id
  WHERE a.citizen_id = $1 AND a.status <> 'cancelled' AND o.limit_group = $2)sql";
constexpr char kTakeSeat[] = R"sql(
  UPDATE offerings SET confirmed = confirmed + 1
  WHERE id = $1 AND confirmed < capacity
  RETURNING confirmed, capacity)sql";
constexpr char kTakeWaitlistPlace[] =
    "UPDATE offerings SET waitlisted = waitlisted + 1 WHERE id = $1 RETURNING "
    "waitlisted";
constexpr char kInsertApplication[] = R"sql(
  INSERT INTO applications (offering_id, citizen_id, status, waitlist_position, applied_by)
  VALUES ($1, $2, $3, NULLIF($4, 0), $5)
  ON CONFLICT (offering_id, citizen_id) DO NOTHING
  RETURNING id::text, EXTRACT(EPOCH FROM created_at)::bigint)sql";
constexpr char kApplicationColumns[] =
    "id::text, offering_id::text, citizen_id::text, status, "
    "COALESCE(waitlist_position, 0), applied_by, EXTRACT(EPOCH FROM "
    "created_at)::bigint, "
    "to_char(created_at AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

v1::ApplicationStatus StatusOf(const std::string& s) {
  return s == "confirmed"    ? v1::APPLICATION_STATUS_CONFIRMED
         : s == "waitlisted" ? v1::APPLICATION_STATUS_WAITLISTED
                             : v1::APPLICATION_STATUS_CANCELLED;
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
  return a;
}

bool IsStaff(const common::Caller& caller) {
  return caller.Has(common::kRoleAdmin) || caller.Has(common::kRoleCentreStaff);
}

}  // namespace

EnrolmentService::EnrolmentService(common::PgPool& pool,
                                   EnrolmentOptions options)
    : pool_(pool), options_(std::move(options)) {}

absl::StatusOr<v1::ApplyResponse> EnrolmentService::Apply(
    const common::Caller& caller, const v1::ApplyRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string offering_id =
      common::UuidOf(r.offering(), "offerings", "offering", v);
  std::string citizen = r.citizen().empty() ? caller.account : r.citizen();
  std::string citizen_id = common::UuidOf(citizen, "citizens", "citizen", v);
  if (!v.empty()) return v.ToStatus();
  // Assisted enrolment: staff apply for a citizen; a citizen only for
  // themselves.
  bool for_self = citizen == caller.account;
  if (!for_self && !IsStaff(caller)) {
    return Error(StatusCode::kPermissionDenied, "NOT_OWN_APPLICATION",
                 "citizens apply for themselves only");
  }

  common::IdempotencyKey key{caller.account, "Apply", r.request_id(),
                             common::Fingerprint(r)};
  return common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<
        v1::ApplyResponse>(tx, key, [&]() -> absl::StatusOr<v1::ApplyResponse> {
      pqxx::result offering_row = tx.exec_params(kSelectOffering, offering_id);
      if (offering_row.empty()) {
        return Error(StatusCode::kNotFound, "OFFERING_NOT_FOUND",
                     r.offering() + " is not open for applications");
      }
      cv1::Offering offering;
      offering.ParseFromString(pqxx::binarystring(offering_row[0][0]).str());
      if (offering.state() != cv1::OFFERING_STATE_PUBLISHED) {
        return Error(StatusCode::kFailedPrecondition, "OFFERING_NOT_OPEN",
                     "the offering is " + offering_row[0][1].as<std::string>());
      }
      if (offering.selection() != cv1::SELECTION_METHOD_FIRST_COME) {
        return Error(StatusCode::kUnimplemented, "LOTTERY_NOT_AVAILABLE",
                     "lottery offerings do not take applications yet");
      }
      if (!for_self &&
          !caller.HasIn(common::kRoleCentreStaff, offering.centre())) {
        return Error(
            StatusCode::kPermissionDenied, "NOT_YOUR_CENTRE",
            "staff apply for citizens to their own centre's offerings");
      }
      pqxx::result citizen_row = tx.exec_params(kSelectCitizen, citizen_id);
      if (citizen_row.empty()) {
        // Identity's CitizenRegistered has not arrived yet.
        return common::WithRetryDelay(
            Error(StatusCode::kUnavailable, "CITIZEN_UNKNOWN",
                  "the citizen is not known here yet; retry shortly"),
            std::chrono::seconds(2));
      }
      CitizenFacts facts;
      facts.birth_year = citizen_row[0][0].as<int>();
      facts.district = citizen_row[0][1].as<std::string>();
      facts.workplace_district = citizen_row[0][2].as<std::string>();
      for (absl::string_view g : absl::StrSplit(
               citizen_row[0][3].as<std::string>(), ',', absl::SkipEmpty())) {
        int group = 0;
        if (absl::SimpleAtoi(g, &group)) facts.priority_groups.insert(group);
      }
      absl::Status allowed = CheckApplication(offering, facts, options_.now(),
                                              options_.current_year());
      if (!allowed.ok()) return allowed;
      if (!offering.limit_group().empty() &&
          tx.exec_params(kLiveInGroup, citizen_id, offering.limit_group())[0][0]
                  .as<int>() >= options_.limit_per_group) {
        return Error(StatusCode::kFailedPrecondition, "LIMIT_REACHED",
                     "at most " + std::to_string(options_.limit_per_group) +
                         " applications per person in " +
                         offering.limit_group());
      }

      // The seat, or the next waitlist place; both lock the offering row
      // until commit.
      std::string status = "confirmed";
      int position = 0;
      int confirmed = 0;
      pqxx::result seat = tx.exec_params(kTakeSeat, offering_id);
      if (!seat.empty()) {
        confirmed = seat[0][0].as<int>();
      } else {
        status = "waitlisted";
        position =
            tx.exec_params(kTakeWaitlistPlace, offering_id)[0][0].as<int>();
      }
      pqxx::result inserted =
          tx.exec_params(kInsertApplication, offering_id, citizen_id, status,
                         position, caller.account);
      if (inserted.empty()) {
        return Error(StatusCode::kAlreadyExists, "ALREADY_APPLIED",
                     "this citizen has already applied to this offering");
      }
      v1::ApplyResponse response;
      v1::Application* a = response.mutable_application();
      a->set_name("applications/" + inserted[0][0].as<std::string>());
      a->set_offering(r.offering());
      a->set_citizen(citizen);
      a->set_status(StatusOf(status));
      a->set_waitlist_position(position);
      a->set_applied_by(caller.account);
      a->mutable_create_time()->set_seconds(inserted[0][1].as<int64_t>());

      event_pb::ApplicationSubmitted submitted;
      *submitted.mutable_application() = *a;
      common::AddToOutbox(tx, common::OutboxEvent::Of(kApplicationTopic,
                                                      offering_id, submitted));
      if (status == "confirmed") {
        event_pb::EnrolmentConfirmed event;
        *event.mutable_application() = *a;
        event.set_confirmed_count(confirmed);
        event.set_capacity(seat[0][1].as<int>());
        common::AddToOutbox(
            tx, common::OutboxEvent::Of(kApplicationTopic, offering_id, event));
      } else {
        event_pb::Waitlisted event;
        *event.mutable_application() = *a;
        common::AddToOutbox(
            tx, common::OutboxEvent::Of(kApplicationTopic, offering_id, event));
      }
      return response;
    });
  });
}

absl::StatusOr<v1::GetApplicationResponse> EnrolmentService::GetApplication(
    const common::Caller& caller, const v1::GetApplicationRequest& r) {
  FieldViolations v;
  std::string id = common::UuidOf(r.name(), "applications", "name", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::GetApplicationResponse> {
        pqxx::result row =
            tx.exec_params(std::string("SELECT ") + kApplicationColumns +
                               " FROM applications WHERE id = $1",
                           id);
        if (row.empty())
          return Error(StatusCode::kNotFound, "APPLICATION_NOT_FOUND",
                       r.name());
        v1::GetApplicationResponse response;
        *response.mutable_application() = ApplicationOf(row[0]);
        // Someone else's application is not there for a citizen.
        if (response.application().citizen() != caller.account &&
            !IsStaff(caller)) {
          return Error(StatusCode::kNotFound, "APPLICATION_NOT_FOUND",
                       r.name());
        }
        return response;
      });
}

absl::StatusOr<v1::ListMyApplicationsResponse>
EnrolmentService::ListMyApplications(const common::Caller& caller,
                                     const v1::ListMyApplicationsRequest& r) {
  FieldViolations v;
  int size = common::PageSize(r.page_size(), v);
  std::string citizen_id =
      common::UuidOf(caller.account, "citizens", "caller", v);
  if (!v.empty()) return v.ToStatus();
  absl::StatusOr<std::optional<common::PageCursor>> after =
      common::DecodePageToken(r.page_token(), caller.account);
  if (!after.ok()) return after.status();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::ListMyApplicationsResponse> {
        std::string key = *after ? (*after)->sort_key : "";
        std::string id = *after ? (*after)->id : "";
        pqxx::result rows =
            tx.exec_params(std::string("SELECT ") + kApplicationColumns +
                               " FROM applications WHERE citizen_id = $1"
                               " AND ($2 = '' OR (created_at, id) < "
                               "(NULLIF($2, '')::timestamptz,"
                               " NULLIF($3, '')::uuid))"
                               " ORDER BY created_at DESC, id DESC LIMIT $4",
                           citizen_id, key, id, size + 1);
        v1::ListMyApplicationsResponse response;
        for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
          *response.add_applications() = ApplicationOf(rows[i]);
        }
        if (static_cast<int>(rows.size()) > size) {
          const pqxx::row& last = rows[size - 1];
          response.set_next_page_token(common::EncodePageToken(
              {last[7].as<std::string>(), last[0].as<std::string>()},
              caller.account));
        }
        return response;
      });
}

}  // namespace lifelong::enrolment
