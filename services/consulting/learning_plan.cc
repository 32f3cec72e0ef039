// RecordOutcome, GetLearningPlan, UpdatePlanItem, GetConsultationNote, and
// the consumer that moves plan items on catalogue's and enrolment's events.
#include "services/consulting/learning_plan.h"

#include "common/errors.h"
#include "common/outbox/outbox.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "common/text.h"
#include "lifelong/catalogue/events/v1/catalogue_events.pb.h"
#include "lifelong/consulting/events/v1/consulting_events.pb.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/consulting/booking_rows.h"
#include "services/consulting/consulting_service.h"
#include "services/consulting/plan_progress.h"

namespace lifelong::consulting {
namespace {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;
namespace ev = lifelong::consulting::events::v1;

constexpr char kSelectPlan[] = R"sql(
  SELECT status, follow_up_proposed, version FROM learning_plans
  WHERE citizen_id = $1)sql";
constexpr char kSelectItems[] = R"sql(
  SELECT id::text, kind, target, text, state, COALESCE(booking_id::text, '')
  FROM plan_items WHERE citizen_id = $1 ORDER BY position)sql";
constexpr char kEnsurePlan[] = R"sql(
  INSERT INTO learning_plans (citizen_id) VALUES ($1)
  ON CONFLICT (citizen_id) DO NOTHING)sql";
constexpr char kUpdatePlan[] = R"sql(
  UPDATE learning_plans
  SET status = COALESCE(NULLIF($2, ''), status),
      follow_up_proposed = follow_up_proposed OR $3,
      version = version + 1, updated_at = now()
  WHERE citizen_id = $1)sql";
constexpr char kTouchPlan[] = R"sql(
  UPDATE learning_plans SET version = version + 1, updated_at = now()
  WHERE citizen_id = $1)sql";
constexpr char kItemStates[] = R"sql(
  SELECT state FROM plan_items WHERE citizen_id = $1)sql";
constexpr char kSetPlanStatus[] = R"sql(
  UPDATE learning_plans SET status = $2 WHERE citizen_id = $1)sql";
constexpr char kAddItem[] = R"sql(
  INSERT INTO plan_items (citizen_id, booking_id, kind, target, text)
  VALUES ($1, $2, $3, $4, $5))sql";
constexpr char kKnownRef[] = R"sql(
  SELECT 1 FROM catalogue_refs WHERE name = $1)sql";
constexpr char kUpsertNote[] = R"sql(
  INSERT INTO consultation_notes (booking_id, author, text) VALUES ($1, $2, $3)
  ON CONFLICT (booking_id) DO UPDATE SET author = $2, text = $3,
    updated_at = now())sql";
constexpr char kSelectNote[] = R"sql(
  SELECT author, text FROM consultation_notes WHERE booking_id = $1)sql";
constexpr char kComplete[] = R"sql(
  UPDATE bookings SET status = 'completed', version = version + 1
  WHERE id = $1 RETURNING )sql";
constexpr char kItem[] = R"sql(
  SELECT citizen_id::text FROM plan_items WHERE id = $1 FOR UPDATE)sql";
constexpr char kSetItemState[] = R"sql(
  UPDATE plan_items SET state = $2 WHERE id = $1)sql";
constexpr char kCitizenBookings[] = R"sql(
  SELECT )sql";
constexpr char kCitizenBookingsFrom[] = R"sql(
  FROM bookings WHERE citizen_id = $1 AND status <> 'expired')sql";
constexpr char kUpsertRef[] = R"sql(
  INSERT INTO catalogue_refs (name, programme, centre) VALUES ($1, $2, $3)
  ON CONFLICT (name) DO UPDATE SET programme = $2, centre = $3)sql";
// The citizen's open items that point at the offering or its programme.
constexpr char kMatchingItems[] = R"sql(
  SELECT i.id::text, i.state FROM plan_items i
  WHERE i.citizen_id = $1 AND i.state IN ('suggested', 'enrolled')
    AND (i.target = $2
         OR i.target = (SELECT programme FROM catalogue_refs WHERE name = $2))
  FOR UPDATE)sql";

const char* const kKinds[] = {"", "programme", "offering", "village_activity",
                              "free_text"};
const char* const kStates[] = {"", "suggested", "enrolled", "done", "dropped"};
const char* const kStatuses[] = {"", "draft", "active", "in_review",
                                 "complete"};

// After items changed: the plan follows them (plan_progress.h), and its
// version moves.
void ItemsChanged(pqxx::work& tx, const std::string& citizen_id) {
  tx.exec_params(kTouchPlan, citizen_id);
  pqxx::result plan = tx.exec_params(kSelectPlan, citizen_id);
  if (plan.empty()) return;
  std::vector<std::string> states;
  for (const pqxx::row& r : tx.exec_params(kItemStates, citizen_id)) {
    states.push_back(r[0].as<std::string>());
  }
  if (std::optional<std::string> status =
          PlanStatusAfter(plan[0][0].as<std::string>(), states)) {
    tx.exec_params(kSetPlanStatus, citizen_id, *status);
  }
}

template <size_t N>
int IndexIn(const char* const (&names)[N], const std::string& value) {
  for (size_t i = 1; i < N; ++i) {
    if (value == names[i]) return static_cast<int>(i);
  }
  return 0;
}

}  // namespace

v1::LearningPlan LoadPlan(pqxx::work& tx, const std::string& citizen_id) {
  v1::LearningPlan plan;
  plan.set_citizen("citizens/" + citizen_id);
  plan.set_status(v1::PLAN_STATUS_DRAFT);
  plan.set_etag("v0");
  pqxx::result p = tx.exec_params(kSelectPlan, citizen_id);
  if (!p.empty()) {
    plan.set_status(static_cast<v1::PlanStatus>(
        IndexIn(kStatuses, p[0][0].as<std::string>())));
    plan.set_follow_up_proposed(p[0][1].as<bool>());
    plan.set_etag("v" + p[0][2].as<std::string>());
  }
  for (const pqxx::row& r : tx.exec_params(kSelectItems, citizen_id)) {
    v1::PlanItem* item = plan.add_items();
    item->set_name("planItems/" + r[0].as<std::string>());
    item->set_kind(
        static_cast<v1::PlanItemKind>(IndexIn(kKinds, r[1].as<std::string>())));
    item->set_target(r[2].as<std::string>());
    item->set_text(r[3].as<std::string>());
    item->set_state(static_cast<v1::PlanItemState>(
        IndexIn(kStates, r[4].as<std::string>())));
    std::string booking = r[5].as<std::string>();
    if (!booking.empty()) item->set_booking("bookings/" + booking);
  }
  return plan;
}

void AnnouncePlan(pqxx::work& tx, const std::string& citizen_id,
                  const std::string& booking_id, const std::string& cause) {
  v1::LearningPlan plan = LoadPlan(tx, citizen_id);
  ev::LearningPlanUpdated event;
  event.set_citizen(plan.citizen());
  event.set_status(static_cast<ev::PlanStatus>(plan.status()));
  event.set_follow_up_proposed(plan.follow_up_proposed());
  for (const v1::PlanItem& item : plan.items()) {
    ev::PlanItemFacts* facts = event.add_items();
    facts->set_item(item.name());
    facts->set_kind(static_cast<ev::PlanItemKind>(item.kind()));
    if (item.kind() != v1::PLAN_ITEM_KIND_FREE_TEXT) {
      facts->set_target(item.target());
    }
    facts->set_state(static_cast<ev::PlanItemState>(item.state()));
  }
  if (!booking_id.empty()) event.set_booking("bookings/" + booking_id);
  event.set_cause(cause);
  common::AddToOutbox(
      tx, common::OutboxEvent::Of(
              kBookingTopic,
              plan.citizen().substr(plan.citizen().find('/') + 1), event));
}

absl::Status ApplyPlanEvent(pqxx::work& tx, const common::ConsumedMessage& m) {
  namespace cev = lifelong::catalogue::events::v1;
  namespace eev = lifelong::enrolment::events::v1;
  auto type_it = m.headers.find("ce_type");
  if (type_it == m.headers.end()) return absl::OkStatus();
  const std::string& type = type_it->second;
  if (type == cev::ProgrammePublished::descriptor()->full_name()) {
    cev::ProgrammePublished e;
    if (!e.ParseFromString(m.value)) {
      return common::Unprocessable("ProgrammePublished does not parse");
    }
    tx.exec_params(kUpsertRef, e.programme().name(), e.programme().name(),
                   e.programme().centre());
    return absl::OkStatus();
  }
  if (type == cev::OfferingPublished::descriptor()->full_name() ||
      type == cev::OfferingUpdated::descriptor()->full_name()) {
    cev::OfferingUpdated e;  // same first field in both
    if (!e.ParseFromString(m.value)) {
      return common::Unprocessable("offering event does not parse");
    }
    const auto& o = e.offering();
    tx.exec_params(kUpsertRef, o.name(), o.programme(), o.centre());
    return absl::OkStatus();
  }
  EnrolmentStep step;
  if (type == eev::ApplicationSubmitted::descriptor()->full_name()) {
    step = EnrolmentStep::kApplied;
  } else if (type == eev::EnrolmentConfirmed::descriptor()->full_name()) {
    step = EnrolmentStep::kConfirmed;
  } else if (type == eev::CourseCompleted::descriptor()->full_name()) {
    step = EnrolmentStep::kCompleted;
  } else {
    return absl::OkStatus();
  }
  eev::CourseCompleted e;  // each carries the Application as field 1
  if (!e.ParseFromString(m.value)) {
    return common::Unprocessable("enrolment event does not parse");
  }
  common::FieldViolations v;
  std::string citizen_id =
      common::UuidOf(e.application().citizen(), "citizens", "citizen", v);
  if (!v.empty()) return common::Unprocessable("no citizens/{uuid}");
  bool moved = false;
  for (const pqxx::row& r :
       tx.exec_params(kMatchingItems, citizen_id, e.application().offering())) {
    std::optional<std::string> next = Advance(r[1].as<std::string>(), step);
    if (!next) continue;
    tx.exec_params(kSetItemState, r[0].as<std::string>(), *next);
    moved = true;
  }
  if (moved) {
    ItemsChanged(tx, citizen_id);
    AnnouncePlan(tx, citizen_id, "", "enrolment");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::RecordOutcomeResponse> ConsultingService::RecordOutcome(
    const common::Caller& caller, const v1::RecordOutcomeRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  common::UuidOf(r.booking(), "bookings", "booking", v);
  if (common::CodePoints(r.note()) > 4000)
    v.Add("note", "TOO_LONG", "at most 4000");
  if (!v1::PlanStatus_IsValid(r.plan_status())) {
    v.Add("plan_status", "UNKNOWN_STATUS", "a plan status");
  }
  for (int i = 0; i < r.add_items_size(); ++i) {
    const v1::PlanItem& item = r.add_items(i);
    std::string field = "add_items[" + std::to_string(i) + "]";
    switch (item.kind()) {
      case v1::PLAN_ITEM_KIND_PROGRAMME:
        common::UuidOf(item.target(), "programmes", field + ".target", v);
        break;
      case v1::PLAN_ITEM_KIND_OFFERING:
        common::UuidOf(item.target(), "offerings", field + ".target", v);
        break;
      case v1::PLAN_ITEM_KIND_VILLAGE_ACTIVITY:
        if (item.target().rfind("villages/", 0) != 0) {
          v.Add(field + ".target", "INVALID_NAME", "villages/{id}");
        }
        break;
      case v1::PLAN_ITEM_KIND_FREE_TEXT:
        if (item.text().empty()) {
          v.Add(field + ".text", "REQUIRED", "free-text items need text");
        }
        break;
      default:
        v.Add(field + ".kind", "REQUIRED",
              "programme, offering, village "
              "activity or free text");
    }
    if (common::CodePoints(item.text()) > 500) {
      v.Add(field + ".text", "TOO_LONG", "at most 500 characters");
    }
  }
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::RecordOutcomeResponse> {
        return common::Idempotent<v1::RecordOutcomeResponse>(
            tx,
            {caller.account, "RecordOutcome", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::RecordOutcomeResponse> {
              absl::StatusOr<BookingRow> row =
                  BookingForChange(tx, caller, r.booking(), true);
              if (!row.ok()) return row.status();
              bool held_now = row->status == "confirmed" && Now() >= row->start;
              if (row->status != "completed" && !held_now) {
                return Error(StatusCode::kFailedPrecondition, "NOT_HELD_YET",
                             "the outcome follows a session that took place");
              }
              if (!r.note().empty() && !row->consent_to_keep) {
                return Error(StatusCode::kFailedPrecondition, "NO_CONSENT",
                             "the citizen did not consent to keeping a "
                             "record");
              }
              for (int i = 0; i < r.add_items_size(); ++i) {
                const v1::PlanItem& item = r.add_items(i);
                bool catalogue = item.kind() == v1::PLAN_ITEM_KIND_PROGRAMME ||
                                 item.kind() == v1::PLAN_ITEM_KIND_OFFERING;
                if (catalogue &&
                    tx.exec_params(kKnownRef, item.target()).empty()) {
                  return Error(
                      StatusCode::kNotFound,
                      item.kind() == v1::PLAN_ITEM_KIND_PROGRAMME
                          ? "UNKNOWN_PROGRAMME"
                          : "UNKNOWN_OFFERING",
                      "add_items[" + std::to_string(i) +
                          "] names nothing the catalogue has published");
                }
              }
              v1::RecordOutcomeResponse response;
              if (row->status == "confirmed") {
                BookingRow done = BookingRowOf(tx.exec_params(
                    std::string(kComplete) + kBookingColumns, row->id)[0]);
                ev::BookingCompleted completed;
                *completed.mutable_booking() = FactsOf(done);
                Announce(tx, done.id, completed);
                *response.mutable_booking() = BookingOf(done);
              } else {
                *response.mutable_booking() = BookingOf(*row);
              }
              if (!r.note().empty()) {
                tx.exec_params(kUpsertNote, row->id, caller.account, r.note());
              }
              tx.exec_params(kEnsurePlan, row->citizen_id);
              for (const v1::PlanItem& item : r.add_items()) {
                tx.exec_params(kAddItem, row->citizen_id, row->id,
                               kKinds[item.kind()], item.target(), item.text());
              }
              std::string status =
                  r.plan_status() == v1::PLAN_STATUS_UNSPECIFIED
                      ? ""
                      : kStatuses[r.plan_status()];
              tx.exec_params(kUpdatePlan, row->citizen_id, status,
                             r.propose_follow_up());
              AnnouncePlan(tx, row->citizen_id, row->id, "outcome");
              *response.mutable_plan() = LoadPlan(tx, row->citizen_id);
              return response;
            });
      });
}

absl::StatusOr<v1::GetLearningPlanResponse> ConsultingService::GetLearningPlan(
    const common::Caller& caller, const v1::GetLearningPlanRequest& r) {
  FieldViolations v;
  std::string citizen = r.citizen().empty() ? caller.account : r.citizen();
  std::string citizen_id = common::UuidOf(citizen, "citizens", "citizen", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::GetLearningPlanResponse> {
        if (citizen != caller.account) {
          // Staff see the plan when they may see one of its sessions.
          bool may = false;
          for (const pqxx::row& b :
               tx.exec_params(std::string(kCitizenBookings) + kBookingColumns +
                                  kCitizenBookingsFrom,
                              citizen_id)) {
            if (MaySee(caller, BookingRowOf(b))) {
              may = true;
              break;
            }
          }
          if (!may) {
            return Error(StatusCode::kNotFound, "PLAN_NOT_FOUND",
                         "no such learning plan");
          }
        }
        v1::GetLearningPlanResponse response;
        *response.mutable_plan() = LoadPlan(tx, citizen_id);
        return response;
      });
}

absl::StatusOr<v1::UpdatePlanItemResponse> ConsultingService::UpdatePlanItem(
    const common::Caller& caller, const v1::UpdatePlanItemRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string item_id = common::UuidOf(r.item(), "planItems", "item", v);
  if (r.state() == v1::PLAN_ITEM_STATE_UNSPECIFIED ||
      !v1::PlanItemState_IsValid(r.state())) {
    v.Add("state", "REQUIRED", "a plan item state");
  }
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::UpdatePlanItemResponse> {
        return common::Idempotent<v1::UpdatePlanItemResponse>(
            tx,
            {caller.account, "UpdatePlanItem", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::UpdatePlanItemResponse> {
              pqxx::result item = tx.exec_params(kItem, item_id);
              if (item.empty()) {
                return Error(StatusCode::kNotFound, "PLAN_ITEM_NOT_FOUND",
                             "no such plan item");
              }
              std::string citizen_id = item[0][0].as<std::string>();
              if (caller.account != "citizens/" + citizen_id) {
                bool staff = false;
                for (const pqxx::row& b :
                     tx.exec_params(std::string(kCitizenBookings) +
                                        kBookingColumns + kCitizenBookingsFrom,
                                    citizen_id)) {
                  if (MayManage(caller, BookingRowOf(b))) staff = true;
                }
                if (!staff) {
                  return Error(StatusCode::kNotFound, "PLAN_ITEM_NOT_FOUND",
                               "no such plan item");
                }
              }
              tx.exec_params(kSetItemState, item_id, kStates[r.state()]);
              ItemsChanged(tx, citizen_id);
              AnnouncePlan(tx, citizen_id, "",
                           caller.account.rfind("citizens/", 0) == 0 ? "citizen"
                                                                     : "staff");
              v1::UpdatePlanItemResponse response;
              *response.mutable_plan() = LoadPlan(tx, citizen_id);
              return response;
            });
      });
}

absl::StatusOr<v1::GetConsultationNoteResponse>
ConsultingService::GetConsultationNote(
    const common::Caller& caller, const v1::GetConsultationNoteRequest& r) {
  FieldViolations v;
  std::string id = common::UuidOf(r.booking(), "bookings", "booking", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::GetConsultationNoteResponse> {
        std::optional<BookingRow> row = LoadBooking(tx, id, false);
        if (!row || !MayManage(caller, *row)) {
          return Error(StatusCode::kNotFound, "BOOKING_NOT_FOUND",
                       "no such booking");
        }
        v1::GetConsultationNoteResponse response;
        pqxx::result note = tx.exec_params(kSelectNote, id);
        if (!note.empty()) {
          response.set_author(note[0][0].as<std::string>());
          response.set_note(note[0][1].as<std::string>());
        }
        return response;
      });
}

}  // namespace lifelong::consulting
