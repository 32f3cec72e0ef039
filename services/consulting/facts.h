// Loads the facts that slot decisions (slots.h) need from the database, in
// the caller's transaction: session types, consultants with their weekly
// rules, date overrides and out-of-office periods, closures, and the
// held (not lapsed), pending, confirmed and completed bookings around the
// days asked for (whole ISO weeks, for the weekly caps).
//
//   Loaded loaded = LoadFacts(tx, {{"misa"}, {}, first_day, last_day, now});
//   std::vector<Slot> slots = ComputeSlots(loaded.facts, {...});
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <unordered_map>
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

namespace lifelong::consulting {

// Serialized ListAvailableSlots answers made from one snapshot, by the
// request's bytes: citizens ask the same questions (a centre's week), and
// an answer is exactly as fresh as the snapshot it was computed from (its
// "now" included), so it lives as long as the snapshot. Thread-safe; holds
// at most kMaxAnswers, then stops remembering.
class AnswerCache {
 public:
  static constexpr size_t kMaxAnswers = 4096;
  std::shared_ptr<const std::string> Find(const std::string& request) const;
  void Remember(const std::string& request,
                std::shared_ptr<const std::string> answer);

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> answers_;
};

// Everything slot search needs, for every centre, from the database at one
// moment: the facts of each centre (its session types, its consultants and
// the colleagues they hand over to, its and the city's closures, those
// consultants' bookings from a week back to a year ahead).
struct Snapshot {
  int64_t loaded_at = 0;  // UTC seconds
  std::map<std::string, Facts> by_centre;
  std::map<std::string, std::string> centre_of_consultant;
  std::map<std::string, v1::SessionType> types;
  // Answers already computed from this snapshot.
  std::unique_ptr<AnswerCache> answers = std::make_unique<AnswerCache>();
};

Snapshot LoadSnapshot(pqxx::work& tx, int64_t now);

// The snapshot that searches share, reloaded when older than `max_age`.
// Thread-safe: one caller reloads while the others go on with the previous
// snapshot; with max_age 0 every call reloads (tests see their own writes).
// Search results may lag bookings by up to max_age; a booking is always
// decided against the database.
class SnapshotCache {
 public:
  using Loader = std::function<std::shared_ptr<const Snapshot>()>;
  SnapshotCache(Loader loader, std::chrono::milliseconds max_age)
      : loader_(std::move(loader)), max_age_(max_age) {}

  std::shared_ptr<const Snapshot> Get();

 private:
  Loader loader_;
  const std::chrono::milliseconds max_age_;
  std::mutex mu_;         // guards current_ and loaded_
  std::mutex reload_mu_;  // one reload at a time
  std::shared_ptr<const Snapshot> current_;
  std::chrono::steady_clock::time_point loaded_;
};

}  // namespace lifelong::consulting
