// Sessions against the real Redis of the test stack.
#include "common/auth/session_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "common/testing/test_stack.h"

namespace lifelong::common {
namespace {

class SessionStoreTest : public ::testing::Test {
 protected:
  SessionStoreTest()
      : redis_(testing::RedisAddress().first, testing::RedisAddress().second) {}

  std::string account_ = "citizens/" + testing::RandomSuffix();
  RedisClient redis_;
};

TEST_F(SessionStoreTest, CreatedSessionValidatesWithItsRoles) {
  SessionStore store(redis_, {});
  absl::StatusOr<NewSession> session =
      store.Create(account_, {{kRoleCentreStaff, "centres/misa"}});
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(session->token.size(), 43u);  // 256 bits, base64url

  absl::StatusOr<Caller> caller = store.Validate(session->token);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->account, account_);
  EXPECT_TRUE(caller->HasIn(kRoleCentreStaff, "centres/misa"));
  EXPECT_FALSE(caller->HasIn(kRoleCentreStaff, "centres/wirye"));

  EXPECT_EQ(store.Validate(session->token + "x").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(store.Validate("").status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(SessionStoreTest, NoRawTokenAnywhereInRedis) {
  SessionStore store(redis_, {});
  absl::StatusOr<NewSession> session = store.Create(account_, {});
  ASSERT_TRUE(session.ok());
  absl::StatusOr<RedisReply> keys = redis_.Command({"KEYS", "*"});
  ASSERT_TRUE(keys.ok());
  ASSERT_FALSE(keys->elements.empty());
  for (const RedisReply& key : keys->elements) {
    EXPECT_EQ(key.str.find(session->token), std::string::npos) << key.str;
    absl::StatusOr<RedisReply> dump = redis_.Command({"DUMP", key.str});
    ASSERT_TRUE(dump.ok());
    EXPECT_EQ(dump->str.find(session->token), std::string::npos) << key.str;
  }
  absl::StatusOr<RedisReply> hashed = redis_.Command(
      {"EXISTS", "session:" + SessionStore::HashToken(session->token)});
  EXPECT_EQ(hashed->integer, 1);
}

TEST_F(SessionStoreTest, IdleSessionExpiresAfterSlidingTime) {
  SessionStore store(redis_,
                     {std::chrono::seconds(1), std::chrono::seconds(60)});
  absl::StatusOr<NewSession> session = store.Create(account_, {});
  ASSERT_TRUE(session.ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  EXPECT_EQ(store.Validate(session->token).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(SessionStoreTest, UseKeepsSessionAliveButNotPastAbsoluteExpiry) {
  SessionStore store(redis_,
                     {std::chrono::seconds(2), std::chrono::seconds(3)});
  absl::StatusOr<NewSession> session = store.Create(account_, {});
  ASSERT_TRUE(session.ok());
  // Used every second: past the sliding time, still valid.
  for (int i = 0; i < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    EXPECT_TRUE(store.Validate(session->token).ok()) << i;
  }
  // Past the absolute expiry however often it is used.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(store.Validate(session->token).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(SessionStoreTest, LogoutEverywhereEndsEverySessionOfTheAccountOnly) {
  SessionStore store(redis_, {});
  std::vector<std::string> tokens;
  for (int i = 0; i < 3; ++i)
    tokens.push_back(store.Create(account_, {})->token);
  std::string other = store.Create(account_ + "-other", {})->token;

  absl::StatusOr<int> ended = store.RevokeAll(account_);
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(*ended, 3);
  for (const std::string& t : tokens) EXPECT_FALSE(store.Validate(t).ok());
  EXPECT_TRUE(store.Validate(other).ok());
}

TEST_F(SessionStoreTest, RevokeEndsOneSession) {
  SessionStore store(redis_, {});
  std::string a = store.Create(account_, {})->token;
  std::string b = store.Create(account_, {})->token;
  ASSERT_TRUE(store.Revoke(SessionStore::HashToken(a), account_).ok());
  EXPECT_FALSE(store.Validate(a).ok());
  EXPECT_TRUE(store.Validate(b).ok());
}

TEST_F(SessionStoreTest, RoleChangesReachLiveSessions) {
  SessionStore store(redis_, {});
  std::string token = store.Create(account_, {{kRoleInstructor, ""}})->token;
  ASSERT_TRUE(store.UpdateRoles(account_, {{kRoleAdmin, ""}}).ok());
  absl::StatusOr<Caller> caller = store.Validate(token);
  ASSERT_TRUE(caller.ok());
  EXPECT_TRUE(caller->Has(kRoleAdmin));
  EXPECT_FALSE(caller->Has(kRoleInstructor));
}

}  // namespace
}  // namespace lifelong::common
