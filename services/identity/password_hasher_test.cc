// Password hashes: verification, and the bound on hashes running at once.
#include "services/identity/password_hasher.h"

#include <gtest/gtest.h>

#include <future>

#include "common/errors.h"

namespace lifelong::identity {
namespace {

TEST(PasswordHasherTest, VerifiesWhatItHashed) {
  PasswordHasher hasher(1, 8192 * 1024, 2);
  absl::StatusOr<std::string> hash = hasher.Hash("Correct-Horse-42");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(*hasher.Verify(*hash, "Correct-Horse-42"));
  EXPECT_FALSE(*hasher.Verify(*hash, "Correct-Horse-43"));
  EXPECT_TRUE(hasher.VerifyNothing("anything").ok());
}

TEST(PasswordHasherTest, BeyondTheMemoryBudgetACallIsRefusedQuickly) {
  // One slot; a slow hash (many passes) holds it.
  PasswordHasher hasher(40, 8192 * 1024, 1, std::chrono::milliseconds(20));
  auto slow = std::async(std::launch::async,
                         [&] { return hasher.Hash("Correct-Horse-42"); });
  while (hasher.running() == 0) std::this_thread::yield();
  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<bool> refused = hasher.Verify("$argon2id$x", "pw");
  EXPECT_LT(std::chrono::steady_clock::now() - start,
            std::chrono::milliseconds(500));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(common::ReasonOf(refused.status()), "HASHING_BUSY");
  EXPECT_TRUE(slow.get().ok());
  EXPECT_EQ(hasher.running(), 0);
  EXPECT_TRUE(hasher.Hash("Correct-Horse-42").ok());  // the slot is free again
}

}  // namespace
}  // namespace lifelong::identity
