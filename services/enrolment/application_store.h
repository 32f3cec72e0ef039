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

// The id part of "offerings/{id}", "applications/{id}", ...
std::string IdOf(const std::string& name);

// Priority groups stored as array_to_string(priority_groups, ',').
std::set<int> GroupsFromText(const std::string& text);

}  // namespace lifelong::enrolment
