// argon2id password hashes (libsodium's crypto_pwhash_str), with the cost
// set by configuration: production keeps libsodium's interactive limits;
// tests may lower them to register thousands of citizens quickly.
//
// Each hash or verification holds its memory cost (64 MiB in production)
// while it runs, so at most `max_concurrent` run at once (the memory budget
// divided by the cost). A call that finds every slot taken waits up to
// `wait` for one, then answers RESOURCE_EXHAUSTED (HASHING_BUSY) with a
// RetryInfo, quickly and without allocating: a burst of logins cannot push
// the process past its memory limit.
//
//   PasswordHasher hasher(2, 64 << 20, /*max_concurrent=*/4);
//   absl::StatusOr<bool> ok = hasher.Verify(stored_hash, password);
//
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace lifelong::identity {

class PasswordHasher {
 public:
  // opslimit and memlimit as in crypto_pwhash_str. Throws
  // std::runtime_error when even one hash does not fit in memory.
  PasswordHasher(
      unsigned long long opslimit, size_t memlimit_bytes, int max_concurrent,
      std::chrono::milliseconds wait = std::chrono::milliseconds(250));

  absl::StatusOr<std::string> Hash(const std::string& password) const;
  absl::StatusOr<bool> Verify(const std::string& hash,
                              const std::string& password) const;
  // Spends as long as a Verify, so that an unknown login is not told apart
  // from a wrong password by the time it takes.
  absl::Status VerifyNothing(const std::string& password) const;

  // Hashes running now (for metrics).
  int running() const;

 private:
  // A slot for one hash, or HASHING_BUSY.
  absl::Status Acquire() const;
  void Release() const;

  unsigned long long opslimit_;
  size_t memlimit_;
  const int max_concurrent_;
  const std::chrono::milliseconds wait_;
  mutable std::mutex mu_;
  mutable std::condition_variable freed_;
  mutable int running_ = 0;
  std::string dummy_hash_;
};

}  // namespace lifelong::identity
