// Loads the facts that slot decisions (slots.h) need from the database, in
// the caller's transaction: session types, consultants with their weekly
// rules, date overrides and out-of-office periods, closures, and the
// held (not lapsed), pending, confirmed and completed bookings around the
// days asked for (whole ISO weeks, for the weekly caps).
//
//   Loaded loaded = LoadFacts(tx, {{"misa"}, {}, first_day, last_day, now});
//   std::vector<Slot> slots = ComputeSlots(loaded.facts, {...});
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "lifelong/consulting/v1/consulting_service.pb.h"
#include "services/consulting/slots.h"

namespace lifelong::consulting {

struct FactsScope {
  std::vector<std::string> centres;      // "misa"; empty: every centre
  std::vector<std::string> consultants;  // uuids; empty: all of the centres
  int first_day = 0;                     // local days, inclusive
  int last_day = 0;
  int64_t now = 0;
  // Only this session type (uuid); empty: all of the centres'.
  std::string session_type;
};

struct Loaded {
  Facts facts;
  // Session types by id, as the API shows them.
  std::map<std::string, v1::SessionType> types;
};

Loaded LoadFacts(pqxx::work& tx, const FactsScope& scope);

// The session type with `id`, or nullopt.
std::optional<v1::SessionType> LoadSessionType(pqxx::work& tx,
                                               const std::string& id);
SessionTypeRules RulesOf(const v1::SessionType& type);

// "540-720,780-1020" <-> windows.
std::vector<Window> WindowsOf(const std::string& text);
std::string WindowsText(const std::vector<Window>& windows);

// A PostgreSQL array literal of plain values: {a,b}.
std::string ArrayLiteral(const std::vector<std::string>& values);

}  // namespace lifelong::consulting
