// Applies a service's numbered SQL migrations, each exactly once.
//
// Files are named NNNN_description.sql and applied in order, each in its own
// transaction together with its row in schema_migrations. The whole run holds
// a PostgreSQL advisory lock keyed by the schema, so replicas that start at
// the same moment apply each file once: the others wait, then find nothing
// left to do.
//
//   absl::StatusOr<int> applied = ApplyMigrations(dsn,
//       {{"common", "common/pg/migrations"},
//        {"identity", "services/identity/migrations"}});
//
// Sources are applied in the order given; each file is recorded as
// "<owner>/<file name>" ("common/0001_outbox.sql"), so the record does not
// depend on where the files are installed.
//
// Before anything else the run checks that the connection's schema is the
// service's own (deploy/postgres/bootstrap.sql makes it so) and refuses with
// FAILED_PRECONDITION, naming the problem, when
//   - the role's search_path names no schema it can use, or names public;
//   - the schema is owned by another role than the connecting one;
//   - a table or sequence in it (outbox, inbox, ...) is owned by another role;
//   - it already holds another service's migrations (an owner other than
//     "common" that this run does not apply): one user shared by services.
#pragma once

#include <pqxx/connection>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace lifelong::common {

struct MigrationSource {
  std::string owner;  // "common", "identity"
  std::string dir;
};

// Returns how many migrations this call applied. Runs in the connection's
// current schema (the role's search_path).
absl::StatusOr<int> ApplyMigrations(
    const std::string& dsn, const std::vector<MigrationSource>& sources);

// The schema checks above alone: OK, or FAILED_PRECONDITION naming the
// problem. `owners` are the sources' owners.
absl::Status CheckSchemaIsOwn(pqxx::connection& conn,
                              const std::vector<std::string>& owners);

}  // namespace lifelong::common
