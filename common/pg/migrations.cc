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

// Where the connection would create its tables, as whom, and who owns that.
constexpr char kWhereAmI[] = R"sql(
  SELECT current_schema(), current_user, current_setting('search_path'),
         (SELECT pg_get_userbyid(nspowner) FROM pg_namespace
           WHERE nspname = current_schema()))sql";

// The first relation in the schema that another role owns, outbox first.
constexpr char kForeignRelation[] = R"sql(
  SELECT c.relname, pg_get_userbyid(c.relowner)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = current_schema()
     AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
     AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
   ORDER BY c.relname <> 'outbox', c.relname
   LIMIT 1)sql";

constexpr char kHasMigrationsTable[] =
    "SELECT to_regclass(quote_ident(current_schema()) || '.schema_migrations') "
    "IS NOT NULL";

// The first recorded migration of another service ($1: this run's owners as
// a text array literal). "common" is every service's.
constexpr char kForeignMigration[] = R"sql(
  SELECT version FROM schema_migrations
   WHERE split_part(version, '/', 1) <> 'common'
     AND NOT split_part(version, '/', 1) = ANY ($1::text[])
   ORDER BY version
   LIMIT 1)sql";

constexpr char kBootstrapHint[] =
    " Each service needs its own role, a schema of its own owned by that role "
    "and search_path = <schema>, public: see deploy/postgres/bootstrap.sql.";

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

absl::Status CheckSchemaIsOwn(pqxx::connection& conn,
                              const std::vector<std::string>& owners) {
  pqxx::nontransaction tx(conn);
  pqxx::row where = tx.exec(kWhereAmI)[0];
  std::string user = where[1].as<std::string>();
  if (where[0].is_null()) {
    return absl::FailedPreconditionError(
        "schema: the search_path of role " + user + " (" +
        where[2].as<std::string>() + ") names no schema it can use." +
        kBootstrapHint);
  }
  std::string schema = where[0].as<std::string>();
  if (schema == "public") {
    return absl::FailedPreconditionError(
        "schema: role " + user +
        " would create its tables in the shared schema public (search_path " +
        where[2].as<std::string>() + ")." + kBootstrapHint);
  }
  std::string schema_owner = where[3].as<std::string>();
  if (schema_owner != user) {
    return absl::FailedPreconditionError(
        "schema: schema " + schema + " is owned by role " + schema_owner +
        ", not by role " + user + " that this service connects as." +
        kBootstrapHint);
  }
  pqxx::result foreign = tx.exec(kForeignRelation);
  if (!foreign.empty()) {
    return absl::FailedPreconditionError(
        "schema: " + schema + "." + foreign[0][0].as<std::string>() +
        " is owned by role " + foreign[0][1].as<std::string>() +
        ", not by role " + user +
        ": another service's tables share this "
        "schema." +
        kBootstrapHint);
  }
  if (tx.exec(kHasMigrationsTable)[0][0].as<bool>()) {
    std::string array = "{";
    for (size_t i = 0; i < owners.size(); ++i) {
      array += (i ? ",\"" : "\"") + owners[i] + "\"";
    }
    array += "}";
    pqxx::result other = tx.exec_params(kForeignMigration, array);
    if (!other.empty()) {
      return absl::FailedPreconditionError(
          "schema: schema " + schema +
          " already holds another service's "
          "migration " +
          other[0][0].as<std::string>() +
          ": services share one role or schema." + kBootstrapHint);
    }
  }
  return absl::OkStatus();
}

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
    std::vector<std::string> owners;
    for (const MigrationSource& source : sources) {
      owners.push_back(source.owner);
    }
    if (absl::Status own = CheckSchemaIsOwn(conn, owners); !own.ok()) {
      return own;
    }
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
