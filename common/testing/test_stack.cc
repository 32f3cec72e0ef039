#include "common/testing/test_stack.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <pqxx/pqxx>

#include "common/kafka/kafka_config.h"

namespace lifelong::testing {

std::string Env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') {
    ADD_FAILURE() << name << " is not set: run integration tests through "
                  << "deploy/local/test (or source .state/test/env)";
    return "";
  }
  return value;
}

std::string Brokers() { return Env("LIFELONG_KAFKA_BROKERS"); }

std::pair<std::string, int> RedisAddress() {
  std::string addr = Env("LIFELONG_REDIS_ADDR");
  size_t colon = addr.rfind(':');
  if (colon == std::string::npos) return {addr, 6379};
  return {addr.substr(0, colon), std::stoi(addr.substr(colon + 1))};
}
std::string RepoRoot() { return Env("LIFELONG_ROOT"); }

std::string RandomSuffix() {
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  for (int i = 0; i < 10; ++i) out += kAlphabet[randombytes_uniform(36)];
  return out;
}

std::string AdminQuery(const std::string& sql) {
  pqxx::connection conn(Env("LIFELONG_PG_ADMIN_DSN"));
  pqxx::nontransaction tx(conn);
  pqxx::result r = tx.exec(sql);
  if (r.empty() || r[0].empty() || r[0][0].is_null()) return "";
  return r[0][0].as<std::string>();
}

ScratchSchema::ScratchSchema(const std::string& prefix,
                             std::vector<common::MigrationSource> extra) {
  name_ = prefix + "_" + RandomSuffix();
  std::string admin = Env("LIFELONG_PG_ADMIN_DSN");
  AdminQuery("CREATE ROLE " + name_ + " LOGIN PASSWORD '" + name_ +
             "'; CREATE SCHEMA " + name_ + " AUTHORIZATION " + name_ +
             "; ALTER ROLE " + name_ + " SET search_path = " + name_ +
             ", public");
  // Same host and database as the admin DSN, as the schema's own role.
  std::string host_part = admin.substr(admin.find('@'));
  dsn_ = "postgresql://" + name_ + ":" + name_ + host_part;
  std::vector<common::MigrationSource> sources = {
      {"common", RepoRoot() + "/common/pg/migrations"}};
  sources.insert(sources.end(), extra.begin(), extra.end());
  absl::StatusOr<int> applied = common::ApplyMigrations(dsn_, sources);
  EXPECT_TRUE(applied.ok()) << applied.status();
}

ScratchSchema::~ScratchSchema() {
  try {
    AdminQuery("DROP SCHEMA " + name_ + " CASCADE; DROP OWNED BY " + name_ +
               "; DROP ROLE " + name_);
  } catch (const std::exception& e) {
    // Leftovers in a throwaway test database are harmless.
  }
}

std::string ScratchSchema::AdminQuery(const std::string& sql) const {
  return testing::AdminQuery(sql);
}

std::vector<common::ConsumedMessage> ReadTopic(
    const std::string& topic,
    const std::function<bool(const common::ConsumedMessage&)>& match,
    size_t wanted, std::chrono::seconds timeout) {
  std::string error;
  // MakeKafkaConf: the stack's security settings (SASL_SSL) apply here too.
  std::unique_ptr<RdKafka::Conf> conf =
      common::MakeKafkaConf({{"bootstrap.servers", Brokers()},
                             {"group.id", "test-reader-" + RandomSuffix()},
                             {"auto.offset.reset", "earliest"},
                             {"enable.auto.commit", "false"},
                             {"allow.auto.create.topics", "true"}},
                            {}, "test reader");
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  EXPECT_TRUE(consumer) << error;
  if (!consumer) return {};
  consumer->subscribe({topic});
  std::vector<common::ConsumedMessage> out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  // Once enough are seen, read a moment longer: a duplicate would arrive
  // right behind.
  std::optional<std::chrono::steady_clock::time_point> linger;
  while (std::chrono::steady_clock::now() < (linger ? *linger : deadline)) {
    std::unique_ptr<RdKafka::Message> m(consumer->consume(200));
    if (m->err() == RdKafka::ERR_NO_ERROR) {
      common::ConsumedMessage c = common::ToConsumedMessage(*m);
      if (match(c)) out.push_back(std::move(c));
    }
    if (!linger && out.size() >= wanted) {
      linger = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    }
  }
  consumer->close();
  return out;
}

void StackCtl(const std::string& command) {
  std::string cmd = Env("LIFELONG_STACKCTL") + " " + command;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

}  // namespace lifelong::testing
