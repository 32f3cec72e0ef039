#include "services/identity/password_hasher.h"

#include <sodium.h>

#include <stdexcept>

namespace lifelong::identity {

PasswordHasher::PasswordHasher(unsigned long long opslimit,
                               size_t memlimit_bytes)
    : opslimit_(opslimit), memlimit_(memlimit_bytes) {
  dummy_hash_ = Hash("lifelong-dummy-password");
}

std::string PasswordHasher::Hash(const std::string& password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), opslimit_,
                        memlimit_) != 0) {
    throw std::runtime_error("argon2id: out of memory");
  }
  return out;
}

bool PasswordHasher::Verify(const std::string& hash,
                            const std::string& password) const {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(),
                                  password.size()) == 0;
}

void PasswordHasher::VerifyNothing(const std::string& password) const {
  Verify(dummy_hash_, password);
}

}  // namespace lifelong::identity
