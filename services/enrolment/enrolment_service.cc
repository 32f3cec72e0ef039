#include "services/enrolment/enrolment_service.h"

#include "common/errors.h"
#include "common/page_token.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/apply_decision.h"
#include "services/enrolment/citizen_store.h"
#include "services/enrolment/eligibility.h"
#include "services/enrolment/fees.h"
#include "services/enrolment/refusals.h"

namespace lifelong::enrolment {
namespace {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;
namespace cv1 = lifelong::catalogue::v1;
namespace event_pb = lifelong::enrolment::events::v1;

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
    return common::Idempotent<v1::ApplyResponse>(
        tx, key, [&]() -> absl::StatusOr<v1::ApplyResponse> {
          // The facts, then the decision (apply_decision.h).
          std::optional<cv1::Offering> offering =
              LoadOffering(tx, offering_id, /*lock=*/false);
          std::optional<StoredCitizen> stored = LockCitizen(tx, citizen_id);
          ApplyFacts facts;
          facts.offering = offering ? &*offering : nullptr;
          facts.for_self = for_self;
          facts.staff_of_centre =
              offering &&
              caller.HasIn(common::kRoleCentreStaff, offering->centre());
          if (stored) {
            facts.citizen = &stored->facts;
            facts.blocked_until = stored->blocked_until;
          }
          if (offering && !offering->limit_group().empty()) {
            facts.live_in_limit_group =
                LiveInLimitGroup(tx, citizen_id, offering->limit_group());
          }
          facts.limit_per_group = options_.limit_per_group;
          facts.now = options_.now();
          facts.current_year = options_.current_year();
          absl::StatusOr<ApplyDecision> decision =
              DecideApply(facts, r.offering());
          if (!decision.ok()) return decision.status();
          bool lottery = decision->lottery_entry;

          // Lottery: an entry for the draw. First-come: the seat, or the next
          // waitlist place; both lock the offering row until commit.
          NewApplication row;
          row.offering_id = offering_id;
          row.citizen_id = citizen_id;
          row.status = lottery ? "applied" : "confirmed";
          row.applied_by = caller.account;
          row.priority_groups = decision->priority_groups;
          row.fee = decision->fee;
          std::optional<SeatTaken> seat;
          WaitlistPlace place;
          if (!lottery) seat = TakeSeat(tx, offering_id);
          if (!lottery && !seat) {
            row.status = "waitlisted";
            place = TakeWaitlistPlace(tx, offering_id);
            row.waitlist_position = place.position;
          }
          const std::string& status = row.status;
          const event_pb::ApplicationFee& fee = decision->fee;
          std::optional<InsertedApplication> inserted =
              InsertApplication(tx, row);
          if (!inserted) {
            return AlreadyApplied(
                "applications/" +
                ExistingApplicationId(tx, offering_id, citizen_id));
          }
          v1::ApplyResponse response;
          v1::Application* a = response.mutable_application();
          a->set_name("applications/" + inserted->id);
          a->set_offering(r.offering());
          a->set_citizen(citizen);
          a->set_status(StatusOf(status));
          a->set_waitlist_position(place.rank);
          a->set_applied_by(caller.account);
          a->mutable_create_time()->set_seconds(inserted->create_time);

          event_pb::ApplicationSubmitted submitted;
          *submitted.mutable_application() = *a;
          *submitted.mutable_fee() = fee;
          Announce(tx, offering_id, submitted);
          if (status == "confirmed") {
            event_pb::EnrolmentConfirmed event;
            *event.mutable_application() = *a;
            event.set_confirmed_count(seat->confirmed);
            event.set_capacity(seat->capacity);
            *event.mutable_fee() = fee;
            Announce(tx, offering_id, event);
          } else if (status == "waitlisted") {
            event_pb::Waitlisted event;
            *event.mutable_application() = *a;
            event.set_queue_position(place.position);
            *event.mutable_fee() = fee;
            Announce(tx, offering_id, event);
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
        std::optional<v1::Application> a = LoadApplication(tx, id);
        std::optional<cv1::Offering> offering;
        if (a) offering = LoadOffering(tx, IdOf(a->offering()), false);
        // Someone else's application is not there for a citizen.
        if (!a || (a->citizen() != caller.account &&
                   !(offering && RunsOffering(caller, *offering)))) {
          return Error(StatusCode::kNotFound, "APPLICATION_NOT_FOUND",
                       r.name());
        }
        if (a->status() == v1::APPLICATION_STATUS_CONFIRMED ||
            a->status() == v1::APPLICATION_STATUS_COMPLETED) {
          *a->mutable_progress() = ProgressOf(tx, id, *offering);
        }
        v1::GetApplicationResponse response;
        if (std::optional<cv1::Offering> offering =
                LoadOffering(tx, IdOf(a->offering()), /*lock=*/false)) {
          *a->mutable_offering_summary() = SummaryOf(*offering);
        }
        *response.mutable_application() = std::move(*a);
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
        // With the offering as enrolment knows it, for the row's summary.
        pqxx::result rows = tx.exec_params(
            std::string("SELECT ") + kApplicationColumns +
                ", o.body FROM applications a"
                " LEFT JOIN offerings o ON o.id = a.offering_id"
                " WHERE a.citizen_id = $1"
                " AND ($2 = '' OR (a.created_at, a.id) < "
                "(NULLIF($2, '')::timestamptz,"
                " NULLIF($3, '')::uuid))"
                " ORDER BY a.created_at DESC, a.id DESC LIMIT $4",
            citizen_id, key, id, size + 1);
        v1::ListMyApplicationsResponse response;
        for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
          v1::Application* a = response.add_applications();
          *a = ApplicationOf(rows[i]);
          const pqxx::field body = rows[i][rows[i].size() - 1];
          cv1::Offering offering;
          if (!body.is_null() &&
              offering.ParseFromString(pqxx::binarystring(body).str())) {
            *a->mutable_offering_summary() = SummaryOf(offering);
          }
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

absl::StatusOr<v1::GetMyStandingResponse> EnrolmentService::GetMyStanding(
    const common::Caller& caller, const v1::GetMyStandingRequest&) {
  FieldViolations v;
  std::string citizen_id =
      common::UuidOf(caller.account, "citizens", "caller", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::GetMyStandingResponse> {
        pqxx::result row = tx.exec_params(
            "SELECT no_show_strikes, COALESCE(EXTRACT(EPOCH FROM "
            "blocked_until)::bigint, 0) FROM citizens WHERE id = $1",
            citizen_id);
        v1::GetMyStandingResponse response;
        response.set_strikes_allowed(options_.no_show_strikes);
        if (row.empty()) return response;
        response.set_no_show_strikes(row[0][0].as<int>());
        if (int64_t until = row[0][1].as<int64_t>(); until > options_.now())
          response.mutable_blocked_until()->set_seconds(until);
        return response;
      });
}

SeatPolicy EnrolmentService::seat_policy() const {
  return {options_.now(), int64_t{options_.offer_hours} * 3600,
          options_.current_year()};
}

absl::StatusOr<int> EnrolmentService::ForEachDue(
    const char* query,
    const std::function<bool(pqxx::work&, const pqxx::row&)>& each) {
  absl::StatusOr<pqxx::result> due = common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<pqxx::result> {
        return tx.exec_params(query, options_.now());
      });
  if (!due.ok()) return due.status();
  int done = 0;
  for (const pqxx::row& row : *due) {
    absl::StatusOr<bool> acted = common::InTransaction(
        pool_,
        [&](pqxx::work& tx) -> absl::StatusOr<bool> { return each(tx, row); });
    if (!acted.ok()) return acted.status();
    done += *acted;
  }
  return done;
}

absl::StatusOr<DueWork> EnrolmentService::RunDueWork() {
  DueWork done;
  absl::StatusOr<int> expired = ExpireOffers();
  if (!expired.ok()) return expired.status();
  done.offers_expired = *expired;
  absl::StatusOr<int> closed = CloseOfferings();
  if (!closed.ok()) return closed.status();
  done.offerings_closed = *closed;
  absl::StatusOr<int> ended = CompleteEndedOfferings();
  if (!ended.ok()) return ended.status();
  done.offerings_ended = *ended;
  return done;
}

}  // namespace lifelong::enrolment
