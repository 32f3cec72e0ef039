#include "services/identity/password_hasher.h"

#include <sodium.h>

#include <stdexcept>

#include "common/errors.h"

namespace lifelong::identity {
namespace {

// Releases a hashing slot when it goes out of scope.
template <typename Release>
struct SlotGuard {
  Release release;
  ~SlotGuard() { release(); }
};
template <typename Release>
SlotGuard(Release) -> SlotGuard<Release>;

}  // namespace

PasswordHasher::PasswordHasher(unsigned long long opslimit,
                               size_t memlimit_bytes, int max_concurrent,
                               std::chrono::milliseconds wait)
    : opslimit_(opslimit),
      memlimit_(memlimit_bytes),
      max_concurrent_(max_concurrent < 1 ? 1 : max_concurrent),
      wait_(wait) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, "lifelong-dummy-password", 23, opslimit_,
                        memlimit_) != 0) {
    throw std::runtime_error("argon2id: out of memory");
  }
  dummy_hash_ = out;
}

absl::Status PasswordHasher::Acquire() const {
  std::unique_lock<std::mutex> lock(mu_);
  if (!freed_.wait_for(lock, wait_,
                       [this] { return running_ < max_concurrent_; })) {
    return common::WithRetryDelay(
        common::Error(absl::StatusCode::kResourceExhausted, "HASHING_BUSY",
                      "too many sign-ins at once; retry in a second"),
        std::chrono::seconds(1));
  }
  ++running_;
  return absl::OkStatus();
}

void PasswordHasher::Release() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    --running_;
  }
  freed_.notify_one();
}

int PasswordHasher::running() const {
  std::lock_guard<std::mutex> lock(mu_);
  return running_;
}

absl::StatusOr<std::string> PasswordHasher::Hash(
    const std::string& password) const {
  if (absl::Status s = Acquire(); !s.ok()) return s;
  SlotGuard guard{[this] { Release(); }};
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), opslimit_,
                        memlimit_) != 0) {
    return common::WithRetryDelay(
        common::Error(absl::StatusCode::kResourceExhausted, "HASHING_BUSY",
                      "no memory for a password hash now; retry"),
        std::chrono::seconds(1));
  }
  return std::string(out);
}

absl::StatusOr<bool> PasswordHasher::Verify(const std::string& hash,
                                            const std::string& password) const {
  if (absl::Status s = Acquire(); !s.ok()) return s;
  SlotGuard guard{[this] { Release(); }};
  return crypto_pwhash_str_verify(hash.c_str(), password.data(),
                                  password.size()) == 0;
}

absl::Status PasswordHasher::VerifyNothing(const std::string& password) const {
  return Verify(dummy_hash_, password).status();
}

}  // namespace lifelong::identity
