#include "common/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace lifelong::common {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

EnvReader ReaderOf(std::map<std::string, std::string> vars) {
  return EnvReader(
      [vars](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
      });
}

TEST(EnvReaderTest, ReadsValuesAndDefaults) {
  EnvReader env = ReaderOf({{"PORT", "8080"}, {"DSN", "postgresql://x"}});
  EXPECT_EQ(env.Int("PORT", 1, 1, 65535), 8080);
  EXPECT_EQ(env.Int("OTHER_PORT", 7, 1, 65535), 7);
  EXPECT_EQ(env.String("DSN"), "postgresql://x");
  EXPECT_EQ(env.String("MISSING", "fallback"), "fallback");
  EXPECT_TRUE(env.Finish().ok());
}

TEST(EnvReaderTest, NamesEveryBadVariable) {
  EnvReader env =
      ReaderOf({{"PORT", "eighty"}, {"LEVEL", "loud"}, {"ADDR", "nohost"}});
  env.Int("PORT", 1, 1, 65535);
  env.String("REQUIRED_DSN");
  env.OneOf("LEVEL", "info", {"info", "debug"});
  env.HostPort("ADDR", "127.0.0.1:1");
  absl::Status status = env.Finish();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("PORT: must be an integer from 1 to 65535"),
                    HasSubstr("REQUIRED_DSN: required"),
                    HasSubstr("LEVEL: must be one of info, debug"),
                    HasSubstr("ADDR: must be host:port")));
}

TEST(EnvReaderTest, RejectsOutOfRangeAndEmpty) {
  EnvReader env = ReaderOf({{"POOL", "0"}, {"DSN", ""}});
  env.Int("POOL", 8, 1, 256);
  env.String("DSN");
  EXPECT_THAT(std::string(env.Finish().message()),
              AllOf(HasSubstr("POOL"), HasSubstr("DSN: required")));
}

TEST(EnvReaderTest, SecretsAreRequiredLongAndNeverEchoed) {
  EnvReader env = ReaderOf({{"SHORT_KEY", "hunter2"}, {"KEY", "k"}});
  env.Secret("SHORT_KEY", 32);
  env.Secret("MISSING_KEY", 32);
  std::string message(env.Finish().message());
  EXPECT_THAT(message, AllOf(HasSubstr("SHORT_KEY: shorter than 32"),
                             HasSubstr("MISSING_KEY: required")));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("hunter2")));
  EnvReader good = ReaderOf({{"KEY", std::string(32, 'k')}});
  EXPECT_EQ(good.Secret("KEY", 32), std::string(32, 'k'));
  EXPECT_TRUE(good.Finish().ok());
}

TEST(EnvReaderTest, SplitsHostAndPort) {
  EnvReader env = ReaderOf({{"REDIS", "10.0.0.5:6380"}});
  auto [host, port] = env.HostPort("REDIS", "127.0.0.1:6379");
  EXPECT_EQ(host, "10.0.0.5");
  EXPECT_EQ(port, 6380);
  EXPECT_TRUE(env.Finish().ok());
}

TEST(EnvReaderTest, MaxConnectionAgeDefaultsToFiveMinutesAndAllowsNone) {
  EnvReader unset = ReaderOf({});
  EXPECT_EQ(ReadGrpcMaxConnectionAge(unset), std::chrono::seconds(300));
  EnvReader none =
      ReaderOf({{"LIFELONG_GRPC_MAX_CONNECTION_AGE_SECONDS", "0"}});
  EXPECT_EQ(ReadGrpcMaxConnectionAge(none), std::chrono::seconds(0));
  EXPECT_TRUE(none.Finish().ok());
  EnvReader bad =
      ReaderOf({{"LIFELONG_GRPC_MAX_CONNECTION_AGE_SECONDS", "-5"}});
  ReadGrpcMaxConnectionAge(bad);
  EXPECT_THAT(std::string(bad.Finish().message()),
              HasSubstr("LIFELONG_GRPC_MAX_CONNECTION_AGE_SECONDS"));
}

}  // namespace
}  // namespace lifelong::common
