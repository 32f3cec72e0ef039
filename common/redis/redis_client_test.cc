// The Redis client against the test stack's Redis, which (a secured stack,
// deploy/local/lib/security.sh) refuses every command until AUTH.
#include "common/redis/redis_client.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "common/testing/test_stack.h"

namespace lifelong::common {
namespace {

bool StackIsSecured() {
  const char* password = std::getenv("LIFELONG_REDIS_PASSWORD");
  return password != nullptr && *password != '\0';
}

RedisClient ClientWith(RedisAuth auth) {
  auto [host, port] = testing::RedisAddress();
  return RedisClient(host, port, 2, std::chrono::seconds(2), std::move(auth));
}

TEST(RedisClientTest, TheStacksCredentialsAreUsedOnEveryNewConnection) {
  auto [host, port] = testing::RedisAddress();
  RedisClient redis(host, port, 4);  // credentials from the environment
  std::string key = "test:auth:" + testing::RandomSuffix();
  // More calls at once than connections: several connections open, each
  // authenticates.
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 20; ++j) {
        if (redis.Command({"INCR", key}).ok()) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 160);
  EXPECT_EQ(redis.Command({"GET", key})->str, "160");
  redis.Command({"DEL", key}).IgnoreError();
}

TEST(RedisClientTest, WithoutCredentialsNothingIsServed) {
  if (!StackIsSecured()) GTEST_SKIP() << "this stack's Redis has no password";
  RedisClient anonymous = ClientWith({});
  absl::StatusOr<RedisReply> reply = anonymous.Command({"PING"});
  ASSERT_FALSE(reply.ok());
  EXPECT_NE(reply.status().message().find("NOAUTH"), std::string::npos)
      << reply.status();
}

TEST(RedisClientTest, AWrongPasswordIsUnavailableNotServed) {
  if (!StackIsSecured()) GTEST_SKIP() << "this stack's Redis has no password";
  RedisClient wrong = ClientWith({"lifelong", "not-the-password"});
  absl::StatusOr<RedisReply> reply = wrong.Command({"PING"});
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(reply.status().message().find("refused the credentials"),
            std::string::npos)
      << reply.status();
  RedisClient other_user = ClientWith(
      {"default", std::getenv("LIFELONG_REDIS_PASSWORD")});  // user is off
  EXPECT_FALSE(other_user.Command({"PING"}).ok());
}

}  // namespace
}  // namespace lifelong::common
