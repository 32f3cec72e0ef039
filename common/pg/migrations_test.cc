// Migrations against the real PostgreSQL of the test stack.
#include "common/pg/migrations.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <pqxx/pqxx>

#include "common/testing/test_stack.h"

namespace lifelong::common {
namespace {

namespace fs = std::filesystem;

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("migrations_" + testing::RandomSuffix());
    fs::create_directories(dir_);
    // Slow on purpose, so concurrent runners overlap; the insert counts how
    // often a file really ran.
    Write("0001_runs.sql",
          "SELECT pg_sleep(0.5); CREATE TABLE runs (file text NOT NULL);"
          "INSERT INTO runs VALUES ('0001');");
    Write("0002_more.sql", "INSERT INTO runs VALUES ('0002');");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& sql) {
    std::ofstream(dir_ / name) << sql;
  }

  std::string Count(const std::string& dsn, const std::string& sql) {
    pqxx::connection conn(dsn);
    pqxx::nontransaction tx(conn);
    return tx.exec(sql)[0][0].as<std::string>();
  }

  fs::path dir_;
};

TEST_F(MigrationsTest, ThreeConcurrentRunnersApplyEachFileOnce) {
  testing::ScratchSchema db("migrations_test");
  std::vector<std::future<absl::StatusOr<int>>> runners;
  for (int i = 0; i < 3; ++i) {
    runners.push_back(std::async(std::launch::async, [&] {
      return ApplyMigrations(db.dsn(), {{"test", dir_.string()}});
    }));
  }
  int applied = 0;
  for (auto& r : runners) {
    absl::StatusOr<int> n = r.get();
    ASSERT_TRUE(n.ok()) << n.status();
    applied += *n;
  }
  EXPECT_EQ(applied, 2);
  EXPECT_EQ(Count(db.dsn(), "SELECT count(*) FROM runs"), "2");
  EXPECT_EQ(
      Count(
          db.dsn(),
          "SELECT count(*) FROM schema_migrations WHERE version LIKE 'test/%'"),
      "2");
}

TEST_F(MigrationsTest, LaterFilesApplyOnTheNextRun) {
  testing::ScratchSchema db("migrations_test");
  ASSERT_EQ(*ApplyMigrations(db.dsn(), {{"test", dir_.string()}}), 2);
  Write("0003_later.sql", "INSERT INTO runs VALUES ('0003');");
  EXPECT_EQ(*ApplyMigrations(db.dsn(), {{"test", dir_.string()}}), 1);
  EXPECT_EQ(*ApplyMigrations(db.dsn(), {{"test", dir_.string()}}), 0);
  EXPECT_EQ(Count(db.dsn(), "SELECT count(*) FROM runs"), "3");
}

TEST_F(MigrationsTest, FailingFileStopsAndLeavesNothingHalfDone) {
  testing::ScratchSchema db("migrations_test");
  Write("0003_broken.sql",
        "INSERT INTO runs VALUES ('0003'); SELECT no_such_column;");
  absl::StatusOr<int> result =
      ApplyMigrations(db.dsn(), {{"test", dir_.string()}});
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(Count(db.dsn(), "SELECT count(*) FROM runs WHERE file = '0003'"),
            "0");
  EXPECT_EQ(
      Count(
          db.dsn(),
          "SELECT count(*) FROM schema_migrations WHERE version LIKE 'test/%'"),
      "2");
}

// A role of its own whose search_path is `search_path`; dropped at the end.
class ExtraRole {
 public:
  explicit ExtraRole(const std::string& search_path)
      : name_("migrations_role_" + testing::RandomSuffix()) {
    testing::AdminQuery("CREATE ROLE " + name_ + " LOGIN PASSWORD '" + name_ +
                        "'; ALTER ROLE " + name_ +
                        " SET search_path = " + search_path);
    std::string admin = testing::Env("LIFELONG_PG_ADMIN_DSN");
    dsn_ =
        "postgresql://" + name_ + ":" + name_ + admin.substr(admin.find('@'));
  }
  ~ExtraRole() {
    testing::AdminQuery("DROP OWNED BY " + name_ + "; DROP ROLE " + name_);
  }
  const std::string& name() const { return name_; }
  const std::string& dsn() const { return dsn_; }

 private:
  std::string name_;
  std::string dsn_;
};

void ExpectRefused(const absl::StatusOr<int>& result,
                   const std::string& names) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition)
      << result.status();
  EXPECT_NE(result.status().message().find(names), std::string::npos)
      << result.status();
  EXPECT_NE(result.status().message().find("deploy/postgres/bootstrap.sql"),
            std::string::npos)
      << result.status();
}

TEST_F(MigrationsTest, RefusesASearchPathWithoutASchema) {
  ExtraRole role("no_such_schema_" + testing::RandomSuffix());
  ExpectRefused(ApplyMigrations(role.dsn(), {{"test", dir_.string()}}),
                "names no schema");
}

TEST_F(MigrationsTest, RefusesThePublicSchema) {
  // What a managed database's one shared user gets by default.
  ExtraRole role("\"$user\", public");
  ExpectRefused(ApplyMigrations(role.dsn(), {{"test", dir_.string()}}),
                "shared schema public");
}

TEST_F(MigrationsTest, RefusesASchemaOwnedByAnotherRole) {
  testing::ScratchSchema other("migrations_test");
  ExtraRole role(other.name());
  testing::AdminQuery("GRANT USAGE, CREATE ON SCHEMA " + other.name() + " TO " +
                      role.name());
  ExpectRefused(ApplyMigrations(role.dsn(), {{"test", dir_.string()}}),
                "schema " + other.name() + " is owned by role " + other.name() +
                    ", not by role " + role.name());
  EXPECT_EQ(Count(other.dsn(), "SELECT to_regclass('runs') IS NULL"), "t");
}

TEST_F(MigrationsTest, RefusesAnOutboxOwnedByAnotherRole) {
  testing::ScratchSchema db("migrations_test");
  testing::AdminQuery("ALTER TABLE " + db.name() + ".outbox OWNER TO postgres");
  ExpectRefused(ApplyMigrations(db.dsn(), {{"test", dir_.string()}}),
                db.name() + ".outbox is owned by role postgres");
}

TEST_F(MigrationsTest, RefusesASchemaHoldingAnotherServicesMigrations) {
  // One user shared by two services: the second one must not move in.
  testing::ScratchSchema db("migrations_test");
  ASSERT_TRUE(ApplyMigrations(db.dsn(), {{"identity", dir_.string()}}).ok());
  ExpectRefused(ApplyMigrations(db.dsn(), {{"catalogue", dir_.string()}}),
                "another service's migration identity/0001_runs.sql");
}

}  // namespace
}  // namespace lifelong::common
