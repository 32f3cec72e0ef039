// Enrolment's applications as the database holds them: the one column list
// and its conversion (so every answer shows the waitlist rank the same way),
// the status names, loading one application and locking it, and the stored
// forms every part reads (resource ids, priority-group arrays). What to
// write is decided elsewhere (apply_decision.h, cancel_decision.h,
// promotion.h, seat_offer_decision.h, completion.h); this file is how a
// transaction reads an application back.
//
//   std::optional<v1::Application> a = LockApplication(tx, id);
//   if (!a) ...  // no such application
//   pqxx::result rows = tx.exec_params(
//       std::string("SELECT ") + kApplicationColumns +
//       " FROM applications a WHERE a.offering_id = $1", offering_id);
//   for (const pqxx::row& row : rows) Use(ApplicationOf(row));
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <string>

#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.pb.h"

namespace lifelong::enrolment {

// "SELECT " + kApplicationColumns + " FROM applications a WHERE ...". The
// waitlist position shown is the rank among those still waiting. Column 7
// is created_at as text, for page tokens.
extern const char kApplicationColumns[];
v1::Application ApplicationOf(const pqxx::row& row);

// The API status of a stored status name ("confirmed", "waitlisted", ...).
v1::ApplicationStatus StatusOf(const std::string& status);

// The application with `id`, or nullopt.
std::optional<v1::Application> LoadApplication(pqxx::work& tx,
                                               const std::string& id);

// The application with `id` as of its row lock (held until commit), or
// nullopt. Lock the offering's row first when seats may move (seats.h).
std::optional<v1::Application> LockApplication(pqxx::work& tx,
                                               const std::string& id);

// A new application as Apply decided it (apply_decision.h).
struct NewApplication {
  std::string offering_id;
  std::string citizen_id;
  std::string status;         // stored name: applied, confirmed, waitlisted
  int waitlist_position = 0;  // the stored position; 0: none
  std::string applied_by;     // the caller's account
  std::set<int> priority_groups;
  events::v1::ApplicationFee fee;
};
struct InsertedApplication {
  std::string id;
  int64_t create_time = 0;  // UTC seconds
};
// Inserts it; nullopt when the citizen already applied to the offering.
std::optional<InsertedApplication> InsertApplication(
    pqxx::work& tx, const NewApplication& application);
// The id of the citizen's application to the offering (it exists).
std::string ExistingApplicationId(pqxx::work& tx,
                                  const std::string& offering_id,
                                  const std::string& citizen_id);

// The citizen's live (not cancelled, not expired) applications to offerings
// of `limit_group`.
int LiveInLimitGroup(pqxx::work& tx, const std::string& citizen_id,
                     const std::string& limit_group);

// Status changes, as the decisions say; the seat counts move in seats.h.
// Cancelled by `cancelled_by` (an account) for `reason`.
void MarkCancelled(pqxx::work& tx, const std::string& id,
                   const std::string& cancelled_by, const std::string& reason);
// Offered a seat held until `expires_at` (UTC seconds), a reserved seat of
// `quota_group` (0: general).
void MarkOffered(pqxx::work& tx, const std::string& id, int64_t expires_at,
                 int quota_group);
// The offer accepted.
void MarkConfirmed(pqxx::work& tx, const std::string& id);
// The offer lapsed.
void MarkExpired(pqxx::work& tx, const std::string& id);
void MarkCompleted(pqxx::work& tx, const std::string& id);

// The id part of "offerings/{id}", "applications/{id}", ...
std::string IdOf(const std::string& name);

// Priority groups stored as array_to_string(priority_groups, ',').
std::set<int> GroupsFromText(const std::string& text);

}  // namespace lifelong::enrolment
