#include "services/consulting/facts.h"

#include <optional>
#include <set>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/consulting/booking_rows.h"

namespace lifelong::consulting {
namespace {

constexpr char kSessionTypeColumns[] = R"sql(
  id::text, centre, display_name, length_minutes, grid_minutes,
  buffer_before_minutes, buffer_after_minutes, minimum_notice_minutes,
  horizon_days, cap_per_day, cap_per_week, seats, channel, languages, topics,
  needs_confirmation, cancel_notice_minutes )sql";

constexpr char kSelectSessionTypes[] = R"sql(
  FROM session_types
  WHERE ($1 = '{}' OR centre = ANY($1::text[])) AND ($2 = '' OR id::text = $2)
  ORDER BY centre, display_name, id)sql";

constexpr char kSelectConsultants[] = R"sql(
  SELECT id::text, centre FROM consultants
  WHERE active AND ($1 = '{}' OR centre = ANY($1::text[]))
  ORDER BY id)sql";

// The consultants named and the colleagues their out-of-office periods in
// the range hand over to.
constexpr char kSelectConsultantsNamed[] = R"sql(
  SELECT id::text, centre FROM consultants
  WHERE active
    AND (id = ANY($1::uuid[])
         OR id IN (SELECT colleague_id FROM out_of_office
                   WHERE consultant_id = ANY($1::uuid[])
                     AND last_day >= DATE '1970-01-01' + $2::int
                     AND first_day <= DATE '1970-01-01' + $3::int))
  ORDER BY id)sql";

// Weekly rules with their schedule's days (-1 for the default schedule),
// dated schedules in the range also when they have no rules (their
// weekdays are days off).
constexpr char kSelectWeeklyRules[] = R"sql(
  SELECT s.consultant_id::text, w.iso_dow, w.start_minute, w.end_minute,
         w.breaks, COALESCE(s.first_day - DATE '1970-01-01', -1),
         COALESCE(s.last_day - DATE '1970-01-01', -1)
  FROM schedules s
  LEFT JOIN weekly_rules w
    ON w.consultant_id = s.consultant_id AND w.schedule = s.name
  WHERE s.consultant_id = ANY($1::uuid[])
    AND (s.first_day IS NULL
         OR (s.last_day >= DATE '1970-01-01' + $2::int
             AND s.first_day <= DATE '1970-01-01' + $3::int))
  ORDER BY s.consultant_id, s.first_day NULLS FIRST, w.iso_dow,
           w.start_minute)sql";

constexpr char kSelectOverrides[] = R"sql(
  SELECT consultant_id::text, local_date - DATE '1970-01-01', windows
  FROM date_overrides
  WHERE consultant_id = ANY($1::uuid[])
    AND local_date BETWEEN DATE '1970-01-01' + $2::int
                       AND DATE '1970-01-01' + $3::int)sql";

constexpr char kSelectOutOfOffice[] = R"sql(
  SELECT consultant_id::text, first_day - DATE '1970-01-01',
         last_day - DATE '1970-01-01', COALESCE(colleague_id::text, '')
  FROM out_of_office
  WHERE consultant_id = ANY($1::uuid[])
    AND last_day >= DATE '1970-01-01' + $2::int
    AND first_day <= DATE '1970-01-01' + $3::int)sql";

constexpr char kSelectClosures[] = R"sql(
  SELECT COALESCE(centre, ''), first_day - DATE '1970-01-01',
         last_day - DATE '1970-01-01'
  FROM closures
  WHERE last_day >= DATE '1970-01-01' + $1::int
    AND first_day <= DATE '1970-01-01' + $2::int
    AND (centre IS NULL OR $3 = '{}' OR centre = ANY($3::text[])))sql";

// Held (not lapsed), pending, confirmed and completed bookings: they take
// time and count towards caps.
constexpr char kSelectBooked[] = R"sql(
  SELECT consultant_id::text, session_type_id::text,
         EXTRACT(EPOCH FROM start_at)::bigint,
         EXTRACT(EPOCH FROM end_at)::bigint,
         EXTRACT(EPOCH FROM lower(occupied))::bigint,
         EXTRACT(EPOCH FROM upper(occupied))::bigint, occupancy
  FROM bookings
  WHERE consultant_id = ANY($1::uuid[])
    AND status IN ('held', 'pending', 'confirmed', 'completed')
    AND (status <> 'held' OR hold_expires_at > to_timestamp($2))
    AND occupied && tstzrange(to_timestamp($3), to_timestamp($4)))sql";

v1::SessionType SessionTypeOf(const pqxx::row& r) {
  v1::SessionType t;
  t.set_name("sessionTypes/" + r[0].as<std::string>());
  t.set_centre("centres/" + r[1].as<std::string>());
  t.set_display_name(r[2].as<std::string>());
  t.set_length_minutes(r[3].as<int>());
  t.set_grid_minutes(r[4].as<int>());
  t.set_buffer_before_minutes(r[5].as<int>());
  t.set_buffer_after_minutes(r[6].as<int>());
  t.set_minimum_notice_minutes(r[7].as<int>());
  t.set_horizon_days(r[8].as<int>());
  t.set_cap_per_day(r[9].as<int>());
  t.set_cap_per_week(r[10].as<int>());
  t.set_seats(r[11].as<int>());
  t.set_channel(static_cast<v1::Channel>(r[12].as<int>()));
  for (int l : NumbersOf(r[13].as<std::string>())) {
    t.add_languages(static_cast<lifelong::types::v1::Language>(l));
  }
  for (int topic : NumbersOf(r[14].as<std::string>())) {
    t.add_topics(static_cast<v1::Topic>(topic));
  }
  t.set_needs_confirmation(r[15].as<bool>());
  t.set_cancel_notice_minutes(r[16].as<int>());
  return t;
}

std::string IdOf(const std::string& name) {
  return name.substr(name.find('/') + 1);
}

}  // namespace

SessionTypeRules RulesOf(const v1::SessionType& t) {
  SessionTypeRules r;
  r.id = IdOf(t.name());
  r.centre = IdOf(t.centre());
  r.length_minutes = t.length_minutes();
  r.grid_minutes = t.grid_minutes();
  r.buffer_before_minutes = t.buffer_before_minutes();
  r.buffer_after_minutes = t.buffer_after_minutes();
  r.minimum_notice_minutes = t.minimum_notice_minutes();
  r.horizon_days = t.horizon_days();
  r.cap_per_day = t.cap_per_day();
  r.cap_per_week = t.cap_per_week();
  r.seats = t.seats();
  return r;
}

std::optional<v1::SessionType> LoadSessionType(pqxx::work& tx,
                                               const std::string& id) {
  pqxx::result r = tx.exec_params(
      std::string("SELECT ") + kSessionTypeColumns + kSelectSessionTypes, "{}",
      id);
  if (r.empty()) return std::nullopt;
  return SessionTypeOf(r[0]);
}

std::vector<Window> WindowsOf(const std::string& text) {
  std::vector<Window> out;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    std::vector<std::string> ends = absl::StrSplit(part, '-');
    if (ends.size() == 2)
      out.push_back({std::stoi(ends[0]), std::stoi(ends[1])});
  }
  return out;
}

std::string WindowsText(const std::vector<Window>& windows) {
  std::vector<std::string> parts;
  for (const Window& w : windows) {
    parts.push_back(std::to_string(w.start) + "-" + std::to_string(w.end));
  }
  return absl::StrJoin(parts, ",");
}

std::string ArrayLiteral(const std::vector<std::string>& values) {
  return "{" + absl::StrJoin(values, ",") + "}";
}

Loaded LoadFacts(pqxx::work& tx, const FactsScope& scope) {
  Loaded loaded;
  Facts& facts = loaded.facts;
  facts.now = scope.now;
  std::string centres = ArrayLiteral(scope.centres);
  for (const pqxx::row& r : tx.exec_params(
           std::string("SELECT ") + kSessionTypeColumns + kSelectSessionTypes,
           centres, scope.session_type)) {
    v1::SessionType t = SessionTypeOf(r);
    facts.session_types.push_back(RulesOf(t));
    loaded.types[facts.session_types.back().id] = std::move(t);
  }
  pqxx::result consultants =
      scope.consultants.empty()
          ? tx.exec_params(kSelectConsultants, centres)
          : tx.exec_params(kSelectConsultantsNamed,
                           ArrayLiteral(scope.consultants), scope.first_day,
                           scope.last_day);
  std::map<std::string, size_t> index;
  std::vector<std::string> ids;
  for (const pqxx::row& r : consultants) {
    Consultant c;
    c.id = r[0].as<std::string>();
    c.centre = r[1].as<std::string>();
    index[c.id] = facts.consultants.size();
    ids.push_back(c.id);
    facts.consultants.push_back(std::move(c));
  }
  if (ids.empty()) return loaded;
  std::string id_array = ArrayLiteral(ids);
  for (const pqxx::row& r : tx.exec_params(kSelectWeeklyRules, id_array,
                                           scope.first_day, scope.last_day)) {
    Consultant& c = facts.consultants[index[r[0].as<std::string>()]];
    std::vector<WeeklyRule>* weekly = &c.weekly;
    if (int first = r[5].as<int>(); first >= 0) {
      if (c.dated.empty() || c.dated.back().first_day != first) {
        c.dated.push_back({first, r[6].as<int>(), {}});
      }
      weekly = &c.dated.back().weekly;
    }
    if (r[1].is_null()) continue;  // a schedule without rules
    WeeklyRule rule;
    rule.iso_weekday = r[1].as<int>();
    rule.hours = {r[2].as<int>(), r[3].as<int>()};
    rule.breaks = WindowsOf(r[4].as<std::string>());
    weekly->push_back(rule);
  }
  for (const pqxx::row& r : tx.exec_params(kSelectOverrides, id_array,
                                           scope.first_day, scope.last_day)) {
    facts.consultants[index[r[0].as<std::string>()]].overrides[r[1].as<int>()] =
        WindowsOf(r[2].as<std::string>());
  }
  for (const pqxx::row& r : tx.exec_params(kSelectOutOfOffice, id_array,
                                           scope.first_day, scope.last_day)) {
    facts.consultants[index[r[0].as<std::string>()]].away.push_back(
        {r[1].as<int>(), r[2].as<int>(), r[3].as<std::string>()});
  }
  for (const pqxx::row& r : tx.exec_params(kSelectClosures, scope.first_day,
                                           scope.last_day, centres)) {
    facts.closures.push_back(
        {r[0].as<std::string>(), r[1].as<int>(), r[2].as<int>()});
  }
  // Whole ISO weeks around the range, for the weekly caps, and a day more
  // on each side for buffers.
  int64_t from = InstantOf(WeekStart(scope.first_day), 0) - 86400;
  int64_t to = InstantOf(WeekStart(scope.last_day) + 7, 0) + 86400;
  for (const pqxx::row& r :
       tx.exec_params(kSelectBooked, id_array, scope.now, from, to)) {
    facts.booked.push_back({r[0].as<std::string>(), r[1].as<std::string>(),
                            r[2].as<int64_t>(), r[3].as<int64_t>(),
                            r[4].as<int64_t>(), r[5].as<int64_t>(),
                            r[6].as<std::string>()});
  }
  return loaded;
}

}  // namespace lifelong::consulting

namespace lifelong::consulting {

Snapshot LoadSnapshot(pqxx::work& tx, int64_t now) {
  FactsScope scope;
  scope.now = now;
  scope.first_day = LocalDayOf(now) - 7;
  scope.last_day = LocalDayOf(now) + 366;
  Loaded all = LoadFacts(tx, scope);
  Snapshot snapshot;
  snapshot.loaded_at = now;
  snapshot.types = std::move(all.types);
  std::map<std::string, const Consultant*> consultants;
  for (const Consultant& c : all.facts.consultants) {
    consultants[c.id] = &c;
    snapshot.centre_of_consultant[c.id] = c.centre;
  }
  for (const SessionTypeRules& t : all.facts.session_types) {
    snapshot.by_centre[t.centre].session_types.push_back(t);
  }
  for (const Consultant& c : all.facts.consultants) {
    Facts& f = snapshot.by_centre[c.centre];
    f.consultants.push_back(c);
  }
  for (auto& [centre, f] : snapshot.by_centre) {
    f.now = now;
    // Colleagues from other centres who take over a consultant's days.
    std::set<std::string> ids;
    for (const Consultant& c : f.consultants) ids.insert(c.id);
    std::vector<Consultant> colleagues;
    for (const Consultant& c : f.consultants) {
      for (const OutOfOffice& a : c.away) {
        auto it = consultants.find(a.colleague);
        if (it != consultants.end() && ids.insert(a.colleague).second) {
          colleagues.push_back(*it->second);
        }
      }
    }
    f.consultants.insert(f.consultants.end(), colleagues.begin(),
                         colleagues.end());
    for (const Closure& c : all.facts.closures) {
      if (c.centre.empty() || c.centre == centre) f.closures.push_back(c);
    }
    for (const Booked& b : all.facts.booked) {
      if (ids.count(b.consultant)) f.booked.push_back(b);
    }
  }
  return snapshot;
}

std::shared_ptr<const std::string> AnswerCache::Find(
    const std::string& request) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = answers_.find(request);
  return it == answers_.end() ? nullptr : it->second;
}

void AnswerCache::Remember(const std::string& request,
                           std::shared_ptr<const std::string> answer) {
  std::lock_guard<std::mutex> lock(mu_);
  if (answers_.size() < kMaxAnswers) answers_.emplace(request, answer);
}

std::shared_ptr<const Snapshot> SnapshotCache::Get() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (current_ && std::chrono::steady_clock::now() - loaded_ < max_age_) {
      return current_;
    }
  }
  // Stale or missing: one caller reloads; the others use the previous one.
  std::unique_lock<std::mutex> reload(reload_mu_, std::defer_lock);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (current_ && max_age_.count() > 0 && !reload.try_lock()) {
      return current_;
    }
  }
  if (!reload.owns_lock()) reload.lock();
  auto started = std::chrono::steady_clock::now();
  std::shared_ptr<const Snapshot> fresh = loader_();
  std::lock_guard<std::mutex> lock(mu_);
  current_ = fresh;
  loaded_ = started;
  return current_;
}

}  // namespace lifelong::consulting
