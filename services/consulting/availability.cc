// ListAvailableSlots, and the admin of what slots are computed from:
// session types, weekly rules, date overrides, out-of-office periods and
// closures (public holidays among them).
#include <algorithm>
#include <map>
#include <string_view>

#include "common/errors.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "common/text.h"
#include "services/consulting/consulting_service.h"
#include "services/consulting/schedule_validation.h"

namespace lifelong::consulting {
namespace {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;

constexpr int kMaxSearchDays = 31;

constexpr char kInsertSessionType[] = R"sql(
  INSERT INTO session_types (centre, display_name, length_minutes,
    grid_minutes, buffer_before_minutes, buffer_after_minutes,
    minimum_notice_minutes, horizon_days, cap_per_day, cap_per_week, seats,
    channel, languages, topics, needs_confirmation, cancel_notice_minutes)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
          $16)
  RETURNING id::text)sql";
constexpr char kConsultantCentre[] = R"sql(
  SELECT centre FROM consultants WHERE id = $1 AND active)sql";
constexpr char kDefaultSchedule[] = "default";
// A dated schedule other than $2 whose days meet [$3, $4].
constexpr char kOverlappingSchedule[] = R"sql(
  SELECT name FROM schedules
  WHERE consultant_id = $1 AND name <> 'default' AND name <> $2
    AND daterange(first_day, last_day, '[]') &&
        daterange(DATE '1970-01-01' + $3::int, DATE '1970-01-01' + $4::int,
                  '[]')
  LIMIT 1)sql";
constexpr char kUpsertSchedule[] = R"sql(
  INSERT INTO schedules (consultant_id, name, first_day, last_day)
  VALUES ($1, $2, DATE '1970-01-01' + NULLIF($3::int, -1),
          DATE '1970-01-01' + NULLIF($4::int, -1))
  ON CONFLICT (consultant_id, name) DO UPDATE
    SET first_day = EXCLUDED.first_day, last_day = EXCLUDED.last_day)sql";
constexpr char kDeleteSchedule[] = R"sql(
  DELETE FROM schedules WHERE consultant_id = $1 AND name = $2)sql";
constexpr char kDeleteWeeklyRules[] = R"sql(
  DELETE FROM weekly_rules WHERE consultant_id = $1 AND schedule = $2)sql";
constexpr char kInsertWeeklyRule[] = R"sql(
  INSERT INTO weekly_rules (consultant_id, schedule, iso_dow, start_minute,
                            end_minute, breaks)
  VALUES ($1, $2, $3, $4, $5, $6))sql";
constexpr char kListSchedules[] = R"sql(
  SELECT s.name, s.first_day - DATE '1970-01-01',
         s.last_day - DATE '1970-01-01', w.iso_dow, w.start_minute,
         w.end_minute, w.breaks
  FROM schedules s
  LEFT JOIN weekly_rules w
    ON w.consultant_id = s.consultant_id AND w.schedule = s.name
  WHERE s.consultant_id = $1
  ORDER BY s.first_day NULLS FIRST, s.name, w.iso_dow, w.start_minute)sql";
constexpr char kUpsertOverride[] = R"sql(
  INSERT INTO date_overrides (consultant_id, local_date, windows)
  VALUES ($1, DATE '1970-01-01' + $2::int, $3)
  ON CONFLICT (consultant_id, local_date) DO UPDATE SET windows = $3)sql";
constexpr char kInsertOutOfOffice[] = R"sql(
  INSERT INTO out_of_office (consultant_id, first_day, last_day, colleague_id)
  VALUES ($1, DATE '1970-01-01' + $2::int, DATE '1970-01-01' + $3::int,
          NULLIF($4, '')::uuid))sql";
// Pending and confirmed bookings of the consultant on local days [$2, $3].
constexpr char kActiveBookingsOn[] = R"sql(
  SELECT id::text FROM bookings
  WHERE consultant_id = $1 AND status IN ('pending', 'confirmed')
    AND (start_at AT TIME ZONE 'Asia/Seoul')::date
        BETWEEN DATE '1970-01-01' + $2::int AND DATE '1970-01-01' + $3::int
  ORDER BY start_at, id)sql";
constexpr char kInsertClosure[] = R"sql(
  INSERT INTO closures (centre, first_day, last_day, title)
  VALUES (NULLIF($1, ''), DATE '1970-01-01' + $2::int,
          DATE '1970-01-01' + $3::int, $4)
  RETURNING id)sql";
constexpr char kClosureCentre[] = R"sql(
  SELECT COALESCE(centre, '') FROM closures WHERE id = $1)sql";
constexpr char kDeleteClosure[] = R"sql(
  DELETE FROM closures WHERE id = $1)sql";
constexpr char kListClosures[] = R"sql(
  SELECT id, COALESCE(centre, ''), first_day - DATE '1970-01-01',
         last_day - DATE '1970-01-01', title
  FROM closures
  WHERE (centre IS NULL OR centre = $1)
    AND ($2 = 0 OR EXTRACT(YEAR FROM first_day) = $2
         OR EXTRACT(YEAR FROM last_day) = $2)
  ORDER BY first_day, id)sql";

// Admin, or staff of the centre (consultants manage only their own hours).
bool ManagesCentre(const common::Caller& caller, const std::string& centre) {
  return IsAdmin(caller) ||
         caller.HasIn(common::kRoleCentreStaff, "centres/" + centre);
}

// The consultant exists and the caller may change their hours: the
// consultant, their centre's staff or an admin.
absl::Status MayManageHours(pqxx::work& tx, const common::Caller& caller,
                            const std::string& consultant) {
  pqxx::result centre = tx.exec_params(kConsultantCentre, consultant);
  if (centre.empty()) {
    return Error(StatusCode::kNotFound, "UNKNOWN_CONSULTANT",
                 "no such consultant");
  }
  if (!ManagesCentre(caller, centre[0][0].as<std::string>()) &&
      StaffIdOf(caller) != consultant) {
    return Error(StatusCode::kPermissionDenied, "NOT_CENTRE_STAFF",
                 "the consultant, their centre's staff or admin");
  }
  return absl::OkStatus();
}

lifelong::types::v1::LocalTime TimeOf(int minute) {
  lifelong::types::v1::LocalTime t;
  t.set_hours(minute / 60);
  t.set_minutes(minute % 60);
  return t;
}

v1::TimeWindow WindowOf(const Window& w) {
  v1::TimeWindow out;
  *out.mutable_start() = TimeOf(w.start);
  *out.mutable_end() = TimeOf(w.end);
  return out;
}

// A schedule's name: "default" (also for empty), or 1 to 40 of [a-z0-9-].
std::string CheckScheduleName(const std::string& name, FieldViolations& v) {
  if (name.empty()) return kDefaultSchedule;
  bool ok = name.size() <= 40;
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  }
  if (!ok) v.Add("schedule", "INVALID_SCHEDULE_NAME", "1 to 40 of [a-z0-9-]");
  return name;
}

bool Serves(const v1::SessionType& t, const v1::ListAvailableSlotsRequest& r) {
  if (r.channel() != v1::CHANNEL_UNSPECIFIED && t.channel() != r.channel()) {
    return false;
  }
  if (r.topic() != v1::TOPIC_UNSPECIFIED && !t.topics().empty() &&
      std::find(t.topics().begin(), t.topics().end(), r.topic()) ==
          t.topics().end()) {
    return false;
  }
  if (r.language() != lifelong::types::v1::LANGUAGE_UNSPECIFIED) {
    bool korean_only = t.languages().empty();
    bool offered = korean_only
                       ? r.language() == lifelong::types::v1::LANGUAGE_KO
                       : std::find(t.languages().begin(), t.languages().end(),
                                   r.language()) != t.languages().end();
    if (!offered) return false;
  }
  return true;
}

void CheckRange(FieldViolations& v, const std::string& field, int value,
                int min, int max) {
  if (value < min || value > max) {
    v.Add(field, "OUT_OF_RANGE",
          std::to_string(min) + " to " + std::to_string(max));
  }
}

}  // namespace

absl::StatusOr<std::shared_ptr<const std::string>>
ConsultingService::ListAvailableSlots(const common::Caller& caller,
                                      const v1::ListAvailableSlotsRequest& r) {
  (void)caller;
  FieldViolations v;
  FactsScope scope;
  if (!r.centre().empty()) {
    std::string centre = CentreIdOf(r.centre());
    if (centre.empty()) v.Add("centre", "INVALID_NAME", "centres/{id}");
    scope.centres = {centre};
  }
  if (!r.session_type().empty()) {
    scope.session_type =
        common::UuidOf(r.session_type(), "sessionTypes", "session_type", v);
  }
  if (!r.consultant().empty()) {
    scope.consultants = {
        common::UuidOf(r.consultant(), "staff", "consultant", v)};
  }
  if (!v1::Topic_IsValid(r.topic())) {
    v.Add("topic", "UNKNOWN_TOPIC", "not a known topic");
  }
  if (!v1::Channel_IsValid(r.channel())) {
    v.Add("channel", "UNKNOWN_CHANNEL", "not a known channel");
  }
  if (!lifelong::types::v1::Language_IsValid(r.language())) {
    v.Add("language", "UNKNOWN_LANGUAGE", "not a known language");
  }
  CheckDateRange(r.first_day(), r.last_day(), "first_day", "last_day",
                 kMaxSearchDays, v);
  if (!v.empty()) return v.ToStatus();
  int first_day = DayOf(r.first_day());
  int last_day = DayOf(r.last_day());
  int64_t now = Now();
  std::shared_ptr<const Snapshot> snapshot = snapshot_.Get();
  // Which centres' facts to search.
  std::vector<const Facts*> searched;
  std::string consultant;
  if (!scope.consultants.empty()) {
    consultant = scope.consultants[0];
    auto it = snapshot->centre_of_consultant.find(consultant);
    if (it == snapshot->centre_of_consultant.end()) {
      return Error(StatusCode::kNotFound, "UNKNOWN_CONSULTANT",
                   "no such consultant");
    }
    // (Asked at another centre: none.)
    if (scope.centres.empty() || scope.centres[0] == it->second) {
      searched.push_back(&snapshot->by_centre.at(it->second));
    }
  } else if (!scope.centres.empty()) {
    auto it = snapshot->by_centre.find(scope.centres[0]);
    if (it == snapshot->by_centre.end()) {
      return Error(StatusCode::kNotFound, "UNKNOWN_CENTRE",
                   "no consulting at this centre");
    }
    searched.push_back(&it->second);
  } else {
    for (const auto& [centre, facts] : snapshot->by_centre) {
      searched.push_back(&facts);
    }
  }
  if (!scope.session_type.empty() &&
      snapshot->types.count(scope.session_type) == 0) {
    return Error(StatusCode::kNotFound, "UNKNOWN_SESSION_TYPE",
                 "no such session type");
  }
  std::string question = r.SerializeAsString();
  if (auto answer = snapshot->answers->Find(question)) return answer;
  google::protobuf::Arena arena;
  auto* response =
      google::protobuf::Arena::CreateMessage<v1::ListAvailableSlotsResponse>(
          &arena);
  for (const Facts* facts : searched) {
    SlotQuery query{first_day, last_day, consultant, {}, now};
    query.any_consultant = consultant.empty();
    for (const SessionTypeRules& t : facts->session_types) {
      if (!scope.session_type.empty() && t.id != scope.session_type) continue;
      if (Serves(snapshot->types.at(t.id), r)) {
        query.session_types.push_back(t.id);
      }
    }
    if (query.session_types.empty()) continue;
    std::vector<Slot> slots = ComputeSlots(*facts, query);
    // Names and channels once per centre, not once per slot: slots' ids
    // are views into the snapshot, so the same id has the same address.
    struct Named {
      const char* id;
      std::string name;
      v1::Channel channel;
    };
    std::vector<Named> names;
    names.reserve(8);
    auto named = [&](const char* collection, std::string_view id,
                     bool is_type) -> const Named& {
      for (const Named& n : names) {
        if (n.id == id.data()) return n;
      }
      v1::Channel channel = is_type
                                ? snapshot->types.at(std::string(id)).channel()
                                : v1::CHANNEL_UNSPECIFIED;
      names.push_back({id.data(), collection + std::string(id), channel});
      return names.back();
    };
    response->mutable_slots()->Reserve(response->slots_size() + slots.size());
    for (const Slot& s : slots) {
      v1::Slot* slot = response->add_slots();
      if (!s.consultant.empty()) {
        slot->set_consultant(named("staff/", s.consultant, false).name);
      }
      const Named& type = named("sessionTypes/", s.session_type, true);
      slot->set_session_type(type.name);
      slot->set_channel(type.channel);
      slot->set_centre(named("centres/", s.centre, false).name);
      slot->mutable_start_time()->set_seconds(s.start);
      slot->mutable_end_time()->set_seconds(s.end);
      slot->set_seats_left(s.seats_left);
      slot->set_free_consultants(s.free_consultants);
      if (!s.redirected_from.empty()) {
        slot->set_redirected_from(
            named("staff/", s.redirected_from, false).name);
      }
    }
  }
  auto answer =
      std::make_shared<const std::string>(response->SerializeAsString());
  snapshot->answers->Remember(question, answer);
  return answer;
}

absl::StatusOr<v1::CreateSessionTypeResponse>
ConsultingService::CreateSessionType(const common::Caller& caller,
                                     const v1::CreateSessionTypeRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  // Unset numbers take their documented defaults.
  v1::SessionType t = r.session_type();
  if (t.seats() == 0) t.set_seats(1);
  if (t.horizon_days() == 0) t.set_horizon_days(60);
  if (t.grid_minutes() == 0) t.set_grid_minutes(t.length_minutes());
  std::string centre = CentreIdOf(t.centre());
  if (centre.empty()) {
    v.Add("session_type.centre", "INVALID_NAME", "centres/{id}");
  }
  if (t.display_name().empty() || common::CodePoints(t.display_name()) > 200) {
    v.Add("session_type.display_name", "REQUIRED", "1 to 200 characters");
  }
  CheckRange(v, "session_type.length_minutes", t.length_minutes(), 10, 480);
  CheckRange(v, "session_type.grid_minutes", t.grid_minutes(), 1, 240);
  CheckRange(v, "session_type.buffer_before_minutes", t.buffer_before_minutes(),
             0, 120);
  CheckRange(v, "session_type.buffer_after_minutes", t.buffer_after_minutes(),
             0, 120);
  CheckRange(v, "session_type.minimum_notice_minutes",
             t.minimum_notice_minutes(), 0, 20160);
  CheckRange(v, "session_type.horizon_days", t.horizon_days(), 1, 365);
  CheckRange(v, "session_type.cap_per_day", t.cap_per_day(), 0, 100);
  CheckRange(v, "session_type.cap_per_week", t.cap_per_week(), 0, 500);
  CheckRange(v, "session_type.seats", t.seats(), 1, 200);
  CheckRange(v, "session_type.cancel_notice_minutes", t.cancel_notice_minutes(),
             0, 20160);
  if (t.channel() == v1::CHANNEL_UNSPECIFIED ||
      !v1::Channel_IsValid(t.channel())) {
    v.Add("session_type.channel", "REQUIRED", "in person, video or phone");
  }
  std::vector<int> languages, topics;
  for (int l : t.languages()) {
    if (l <= 0 || !lifelong::types::v1::Language_IsValid(l)) {
      v.Add("session_type.languages", "UNKNOWN_LANGUAGE", "a known language");
    }
    languages.push_back(l);
  }
  if (languages.empty()) languages.push_back(lifelong::types::v1::LANGUAGE_KO);
  for (int topic : t.topics()) {
    if (topic <= 0 || !v1::Topic_IsValid(topic)) {
      v.Add("session_type.topics", "UNKNOWN_TOPIC", "a known topic");
    }
    topics.push_back(topic);
  }
  if (!v.empty()) return v.ToStatus();
  if (!ManagesCentre(caller, centre)) {
    return Error(StatusCode::kPermissionDenied, "NOT_CENTRE_STAFF",
                 "only the centre's staff or an admin");
  }
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateSessionTypeResponse> {
        return common::Idempotent<v1::CreateSessionTypeResponse>(
            tx,
            {caller.account, "CreateSessionType", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::CreateSessionTypeResponse> {
              std::string id =
                  tx.exec_params1(
                        kInsertSessionType, centre, t.display_name(),
                        t.length_minutes(), t.grid_minutes(),
                        t.buffer_before_minutes(), t.buffer_after_minutes(),
                        t.minimum_notice_minutes(), t.horizon_days(),
                        t.cap_per_day(), t.cap_per_week(), t.seats(),
                        static_cast<int>(t.channel()), TextOf(languages),
                        TextOf(topics), t.needs_confirmation(),
                        t.cancel_notice_minutes())[0]
                      .as<std::string>();
              v1::CreateSessionTypeResponse response;
              *response.mutable_session_type() = *LoadSessionType(tx, id);
              return response;
            });
      });
}

absl::StatusOr<v1::ListSessionTypesResponse>
ConsultingService::ListSessionTypes(const common::Caller& caller,
                                    const v1::ListSessionTypesRequest& r) {
  (void)caller;
  FieldViolations v;
  FactsScope scope;
  if (!r.centre().empty()) {
    std::string centre = CentreIdOf(r.centre());
    if (centre.empty()) v.Add("centre", "INVALID_NAME", "centres/{id}");
    scope.centres = {centre};
  }
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::ListSessionTypesResponse> {
        // No consultants needed: an empty day range with a consultant that
        // cannot exist keeps the load to the session types.
        scope.consultants = {"00000000-0000-0000-0000-000000000000"};
        Loaded loaded = LoadFacts(tx, scope);
        v1::ListSessionTypesResponse response;
        for (const SessionTypeRules& t : loaded.facts.session_types) {
          *response.add_session_types() = loaded.types[t.id];
        }
        return response;
      });
}

absl::StatusOr<v1::SetWeeklyRulesResponse> ConsultingService::SetWeeklyRules(
    const common::Caller& caller, const v1::SetWeeklyRulesRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string consultant =
      common::UuidOf(r.consultant(), "staff", "consultant", v);
  std::vector<WeeklyRule> rules = CheckWeeklyRules(r.rules(), v);
  std::string schedule = CheckScheduleName(r.schedule(), v);
  bool dated = schedule != kDefaultSchedule;
  if (dated) {
    CheckDateRange(r.effective_from(), r.effective_until(), "effective_from",
                   "effective_until", 3660, v);
  } else if (r.has_effective_from() || r.has_effective_until()) {
    v.Add(r.has_effective_from() ? "effective_from" : "effective_until",
          "NOT_FOR_DEFAULT_SCHEDULE", "only a dated schedule has dates");
  }
  if (!v.empty()) return v.ToStatus();
  // The default schedule's days are NULL: -1 here.
  int first = -1, last = -1;
  if (dated) {
    first = DayOf(r.effective_from());
    last = DayOf(r.effective_until());
  }
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::SetWeeklyRulesResponse> {
        return common::Idempotent<v1::SetWeeklyRulesResponse>(
            tx,
            {caller.account, "SetWeeklyRules", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::SetWeeklyRulesResponse> {
              if (absl::Status s = MayManageHours(tx, caller, consultant);
                  !s.ok()) {
                return s;
              }
              v1::SetWeeklyRulesResponse response;
              *response.mutable_rules() = r.rules();
              if (dated && rules.empty()) {
                tx.exec_params(kDeleteSchedule, consultant, schedule);
                return response;
              }
              if (dated) {
                pqxx::result other = tx.exec_params(
                    kOverlappingSchedule, consultant, schedule, first, last);
                if (!other.empty()) {
                  return Error(StatusCode::kFailedPrecondition,
                               "SCHEDULES_OVERLAP",
                               "its days meet schedule \"" +
                                   other[0][0].as<std::string>() + "\"");
                }
              }
              tx.exec_params(kUpsertSchedule, consultant, schedule, first,
                             last);
              tx.exec_params(kDeleteWeeklyRules, consultant, schedule);
              for (const WeeklyRule& rule : rules) {
                tx.exec_params(kInsertWeeklyRule, consultant, schedule,
                               rule.iso_weekday, rule.hours.start,
                               rule.hours.end, WindowsText(rule.breaks));
              }
              v1::Schedule* out = response.mutable_schedule();
              out->set_name(schedule);
              if (dated) {
                *out->mutable_effective_from() = r.effective_from();
                *out->mutable_effective_until() = r.effective_until();
              }
              *out->mutable_rules() = r.rules();
              return response;
            });
      });
}

absl::StatusOr<v1::ListSchedulesResponse> ConsultingService::ListSchedules(
    const common::Caller& caller, const v1::ListSchedulesRequest& r) {
  FieldViolations v;
  std::string consultant =
      common::UuidOf(r.consultant(), "staff", "consultant", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListSchedulesResponse> {
        if (absl::Status s = MayManageHours(tx, caller, consultant); !s.ok()) {
          return s;
        }
        v1::ListSchedulesResponse response;
        for (const pqxx::row& row :
             tx.exec_params(kListSchedules, consultant)) {
          std::string name = row[0].as<std::string>();
          int n = response.schedules_size();
          if (n == 0 || response.schedules(n - 1).name() != name) {
            v1::Schedule* s = response.add_schedules();
            s->set_name(name);
            if (!row[1].is_null()) {
              *s->mutable_effective_from() = DateOf(row[1].as<int>());
              *s->mutable_effective_until() = DateOf(row[2].as<int>());
            }
          }
          if (row[3].is_null()) continue;  // no rules
          v1::WeeklyRule* rule =
              response.mutable_schedules(response.schedules_size() - 1)
                  ->add_rules();
          rule->add_days(row[3].as<int>());
          *rule->mutable_hours() =
              WindowOf({row[4].as<int>(), row[5].as<int>()});
          for (const Window& b : WindowsOf(row[6].as<std::string>())) {
            *rule->add_breaks() = WindowOf(b);
          }
        }
        return response;
      });
}

absl::StatusOr<v1::SetDateOverrideResponse> ConsultingService::SetDateOverride(
    const common::Caller& caller, const v1::SetDateOverrideRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string consultant =
      common::UuidOf(r.consultant(), "staff", "consultant", v);
  if (!ValidDate(r.date())) v.Add("date", "INVALID_DATE", "a calendar date");
  std::vector<Window> windows = CheckWindows(r.windows(), "windows", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::SetDateOverrideResponse> {
        return common::Idempotent<v1::SetDateOverrideResponse>(
            tx,
            {caller.account, "SetDateOverride", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::SetDateOverrideResponse> {
              if (absl::Status s = MayManageHours(tx, caller, consultant);
                  !s.ok()) {
                return s;
              }
              tx.exec_params(kUpsertOverride, consultant, DayOf(r.date()),
                             WindowsText(windows));
              return v1::SetDateOverrideResponse();
            });
      });
}

absl::StatusOr<v1::AddOutOfOfficeResponse> ConsultingService::AddOutOfOffice(
    const common::Caller& caller, const v1::AddOutOfOfficeRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string consultant =
      common::UuidOf(r.consultant(), "staff", "consultant", v);
  std::string colleague;
  if (!r.colleague().empty()) {
    colleague = common::UuidOf(r.colleague(), "staff", "colleague", v);
    if (!colleague.empty() && colleague == consultant) {
      v.Add("colleague", "SAME_CONSULTANT", "a colleague, not themself");
    }
  }
  CheckDateRange(r.first_day(), r.last_day(), "first_day", "last_day", 366, v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::AddOutOfOfficeResponse> {
        return common::Idempotent<v1::AddOutOfOfficeResponse>(
            tx,
            {caller.account, "AddOutOfOffice", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::AddOutOfOfficeResponse> {
              if (absl::Status s = MayManageHours(tx, caller, consultant);
                  !s.ok()) {
                return s;
              }
              if (!colleague.empty() &&
                  tx.exec_params(kConsultantCentre, colleague).empty()) {
                return Error(StatusCode::kNotFound, "UNKNOWN_CONSULTANT",
                             "no such colleague");
              }
              tx.exec_params(kInsertOutOfOffice, consultant,
                             DayOf(r.first_day()), DayOf(r.last_day()),
                             colleague);
              // Their bookings of those days go to the colleague.
              v1::AddOutOfOfficeResponse response;
              for (const pqxx::row& id :
                   tx.exec_params(kActiveBookingsOn, consultant,
                                  DayOf(r.first_day()), DayOf(r.last_day()))) {
                std::optional<BookingRow> row =
                    LoadBooking(tx, id[0].as<std::string>(), true);
                std::string name = "bookings/" + row->id;
                absl::StatusOr<BookingRow> moved =
                    colleague.empty()
                        ? Error(StatusCode::kFailedPrecondition, "NO_COLLEAGUE",
                                "no colleague named")
                        : MoveBooking(
                              tx, *row,
                              {colleague,
                               v1::ASSIGNMENT_REASON_OUT_OF_OFFICE_REDIRECT,
                               "staff/" + consultant +
                                   " is out of office; their colleague takes "
                                   "the booking",
                               "", caller.account});
                if (moved.ok()) {
                  response.add_moved_bookings(name);
                } else {
                  v1::UnmovedBooking* unmoved = response.add_unmoved_bookings();
                  unmoved->set_booking(name);
                  unmoved->set_reason(common::ReasonOf(moved.status()));
                }
              }
              return response;
            });
      });
}

absl::StatusOr<v1::AddClosureResponse> ConsultingService::AddClosure(
    const common::Caller& caller, const v1::AddClosureRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  const v1::Closure& c = r.closure();
  std::string centre;
  if (!c.centre().empty()) {
    centre = CentreIdOf(c.centre());
    if (centre.empty()) v.Add("closure.centre", "INVALID_NAME", "centres/{id}");
  }
  if (c.title().empty() || common::CodePoints(c.title()) > 200) {
    v.Add("closure.title", "REQUIRED", "1 to 200 characters");
  }
  CheckDateRange(c.first_day(), c.last_day(), "closure.first_day",
                 "closure.last_day", 366, v);
  if (!v.empty()) return v.ToStatus();
  if (centre.empty() ? !IsAdmin(caller) : !ManagesCentre(caller, centre)) {
    return Error(StatusCode::kPermissionDenied, "NOT_CENTRE_STAFF",
                 "city-wide closures are the admin's; a centre's its staff's");
  }
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::AddClosureResponse> {
        return common::Idempotent<v1::AddClosureResponse>(
            tx,
            {caller.account, "AddClosure", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::AddClosureResponse> {
              std::string id =
                  tx.exec_params1(kInsertClosure, centre, DayOf(c.first_day()),
                                  DayOf(c.last_day()), c.title())[0]
                      .as<std::string>();
              v1::AddClosureResponse response;
              *response.mutable_closure() = c;
              response.mutable_closure()->set_name("closures/" + id);
              return response;
            });
      });
}

absl::StatusOr<v1::DeleteClosureResponse> ConsultingService::DeleteClosure(
    const common::Caller& caller, const v1::DeleteClosureRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id;
  const std::string prefix = "closures/";
  if (r.name().compare(0, prefix.size(), prefix) == 0) {
    id = r.name().substr(prefix.size());
  }
  if (id.empty() || id.size() > 18 ||
      !std::all_of(id.begin(), id.end(), ::isdigit)) {
    v.Add("name", "INVALID_NAME", "closures/{number}");
  }
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::DeleteClosureResponse> {
        return common::Idempotent<v1::DeleteClosureResponse>(
            tx,
            {caller.account, "DeleteClosure", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::DeleteClosureResponse> {
              pqxx::result found = tx.exec_params(kClosureCentre, id);
              if (found.empty()) {
                return Error(StatusCode::kNotFound, "CLOSURE_NOT_FOUND",
                             "no such closure");
              }
              std::string centre = found[0][0].as<std::string>();
              if (centre.empty() ? !IsAdmin(caller)
                                 : !ManagesCentre(caller, centre)) {
                return Error(StatusCode::kPermissionDenied, "NOT_CENTRE_STAFF",
                             "city-wide closures are the admin's");
              }
              tx.exec_params(kDeleteClosure, id);
              return v1::DeleteClosureResponse();
            });
      });
}

absl::StatusOr<v1::ListClosuresResponse> ConsultingService::ListClosures(
    const common::Caller& caller, const v1::ListClosuresRequest& r) {
  (void)caller;
  FieldViolations v;
  std::string centre;
  if (!r.centre().empty()) {
    centre = CentreIdOf(r.centre());
    if (centre.empty()) v.Add("centre", "INVALID_NAME", "centres/{id}");
  }
  if (r.year() != 0) CheckRange(v, "year", r.year(), 2000, 2100);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListClosuresResponse> {
        v1::ListClosuresResponse response;
        for (const pqxx::row& row :
             tx.exec_params(kListClosures, centre, r.year())) {
          v1::Closure* c = response.add_closures();
          c->set_name("closures/" + row[0].as<std::string>());
          std::string centre_id = row[1].as<std::string>();
          if (!centre_id.empty()) c->set_centre("centres/" + centre_id);
          *c->mutable_first_day() = DateOf(row[2].as<int>());
          *c->mutable_last_day() = DateOf(row[3].as<int>());
          c->set_title(row[4].as<std::string>());
        }
        return response;
      });
}

}  // namespace lifelong::consulting
