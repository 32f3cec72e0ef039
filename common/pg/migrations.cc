#include "common/pg/migrations.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>

#include "common/logging.h"

namespace lifelong::common {
namespace {

namespace fs = std::filesystem;

constexpr char kCreateTable[] = R"sql(
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  ))sql";

// One lock per schema: replicas of one service serialise, services do not.
constexpr char kLock[] =
    "SELECT pg_advisory_lock(hashtext('lifelong.migrations.' || "
    "current_schema()))";
constexpr char kUnlock[] =
    "SELECT pg_advisory_unlock(hashtext('lifelong.migrations.' || "
    "current_schema()))";

struct Migration {
  std::string version;  // "identity/0001_accounts.sql"
  fs::path path;
};

std::vector<Migration> ListMigrations(
    const std::vector<MigrationSource>& sources) {
  std::vector<Migration> all;
  for (const MigrationSource& source : sources) {
    std::vector<Migration> in_dir;
    for (const auto& entry : fs::directory_iterator(source.dir)) {
      if (entry.path().extension() != ".sql") continue;
      in_dir.push_back({source.owner + "/" + entry.path().filename().string(),
                        entry.path()});
    }
    std::sort(in_dir.begin(), in_dir.end(),
              [](const Migration& a, const Migration& b) {
                return a.version < b.version;
              });
    all.insert(all.end(), in_dir.begin(), in_dir.end());
  }
  return all;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

absl::StatusOr<int> ApplyMigrations(
    const std::string& dsn, const std::vector<MigrationSource>& sources) {
  std::vector<Migration> migrations;
  try {
    migrations = ListMigrations(sources);
  } catch (const fs::filesystem_error& e) {
    return absl::NotFoundError(std::string("migrations: ") + e.what());
  }
  int applied = 0;
  try {
    pqxx::connection conn(dsn);
    {
      pqxx::nontransaction lock(conn);
      lock.exec(kLock);
    }
    try {
      {
        pqxx::work tx(conn);
        tx.exec(kCreateTable);
        tx.commit();
      }
      for (const Migration& m : migrations) {
        pqxx::work tx(conn);
        pqxx::result done = tx.exec_params(
            "SELECT 1 FROM schema_migrations WHERE version = $1", m.version);
        if (!done.empty()) continue;
        tx.exec(ReadFile(m.path));
        tx.exec_params("INSERT INTO schema_migrations (version) VALUES ($1)",
                       m.version);
        tx.commit();
        ++applied;
        log::Info("migration_applied", {{"version", m.version}});
      }
    } catch (...) {
      pqxx::nontransaction unlock(conn);
      unlock.exec(kUnlock);
      throw;
    }
    pqxx::nontransaction unlock(conn);
    unlock.exec(kUnlock);
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(std::string("migrations: ") + e.what());
  } catch (const std::exception& e) {
    return absl::InternalError(std::string("migrations: ") + e.what());
  }
  return applied;
}

}  // namespace lifelong::common
