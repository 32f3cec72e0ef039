// What enrolment keeps of citizens (from identity's events, read_model.cc
// writes it) and of their standing here: the facts Apply decides on,
// locked for the length of an application (so that two applications at
// once cannot both pass the per-person limit), and the no-show strikes
// and block that attendance decides (no_shows.h).
//
//   std::optional<StoredCitizen> c = LockCitizen(tx, citizen_id);
//   if (!c) ...  // identity's CitizenRegistered has not arrived yet
#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "services/enrolment/eligibility.h"

namespace lifelong::enrolment {

struct StoredCitizen {
  CitizenFacts facts;
  int64_t blocked_until = 0;  // UTC seconds; 0: never blocked
};

// The citizen, locked until commit; nullopt when unknown here.
std::optional<StoredCitizen> LockCitizen(pqxx::work& tx,
                                         const std::string& citizen_id);

// The citizen's no-show strikes, locked until commit; nullopt when unknown.
std::optional<int> LockStrikes(pqxx::work& tx, const std::string& citizen_id);

// Sets the strikes and, unless `blocked_until` is 0, the block's end (UTC
// seconds).
void SetStrikes(pqxx::work& tx, const std::string& citizen_id, int strikes,
                int64_t blocked_until);

}  // namespace lifelong::enrolment
