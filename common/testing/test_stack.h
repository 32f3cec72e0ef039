// Helpers for tests that run against the real stack that deploy/local/test
// starts. They find it from the environment variables the stack script
// exports (LIFELONG_PG_ADMIN_DSN, LIFELONG_REDIS_ADDR, LIFELONG_KAFKA_BROKERS,
// LIFELONG_STACKCTL, LIFELONG_ROOT, LIFELONG_<SERVICE>_ADDR), and connect the
// way the services do: the Kafka and Redis security variables of that
// environment (LIFELONG_KAFKA_SECURITY_PROTOCOL, LIFELONG_REDIS_PASSWORD, ...;
// docs/operations/security.md) apply to ReadTopic and to every RedisClient.
//
//   ScratchSchema db("outbox_test");              // own role + schema,
//   migrated common::PgPool pool(db.dsn(), 4); auto records =
//   ReadTopic(Brokers(), "lifelong.identity.account.v1",
//                            [](const auto& m) { return ...; }, 200, 60s);
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "common/kafka/inbox_consumer.h"
#include "common/pg/migrations.h"

namespace lifelong::testing {

// The variable's value; the test fails loudly when the stack did not set it.
std::string Env(const std::string& name);
std::string Brokers();
// LIFELONG_REDIS_ADDR as host and port.
std::pair<std::string, int> RedisAddress();
std::string RepoRoot();
// A short random [a-z0-9] string for unique names.
std::string RandomSuffix();

// A schema of its own, owned by a role of its own (as each service has),
// with the common migrations and `extra` applied. Dropped when destroyed.
class ScratchSchema {
 public:
  explicit ScratchSchema(const std::string& prefix,
                         std::vector<common::MigrationSource> extra = {});
  ~ScratchSchema();
  ScratchSchema(const ScratchSchema&) = delete;
  ScratchSchema& operator=(const ScratchSchema&) = delete;

  const std::string& name() const { return name_; }
  // Connects as the schema's role; its search_path is the schema.
  const std::string& dsn() const { return dsn_; }
  // Runs one statement as the superuser and returns the first column of the
  // first row ("" when none).
  std::string AdminQuery(const std::string& sql) const;

 private:
  std::string name_;
  std::string dsn_;
};

// Runs SQL as the superuser; returns the first column of the first row.
std::string AdminQuery(const std::string& sql);

// Reads `topic` from the beginning with a fresh consumer group until
// `wanted` messages that `match` accepts have been seen or `timeout` passes.
std::vector<common::ConsumedMessage> ReadTopic(
    const std::string& topic,
    const std::function<bool(const common::ConsumedMessage&)>& match,
    size_t wanted, std::chrono::seconds timeout);

// deploy/local/stackctl on the test stack: "kafka-stop", "kafka-start", ...
void StackCtl(const std::string& command);

}  // namespace lifelong::testing
