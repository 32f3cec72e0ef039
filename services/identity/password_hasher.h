// argon2id password hashes (libsodium's crypto_pwhash_str), with the cost
// set by configuration: production keeps libsodium's interactive limits;
// tests may lower them to register thousands of citizens quickly.
#pragma once

#include <cstddef>
#include <string>

namespace lifelong::identity {

class PasswordHasher {
 public:
  // opslimit and memlimit as in crypto_pwhash_str.
  PasswordHasher(unsigned long long opslimit, size_t memlimit_bytes);

  // Throws std::runtime_error when out of memory.
  std::string Hash(const std::string& password) const;
  bool Verify(const std::string& hash, const std::string& password) const;
  // Spends as long as a Verify, so that an unknown login is not told apart
  // from a wrong password by the time it takes.
  void VerifyNothing(const std::string& password) const;

 private:
  unsigned long long opslimit_;
  size_t memlimit_;
  std::string dummy_hash_;
};

}  // namespace lifelong::identity
