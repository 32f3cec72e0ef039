// Login numbers and one-time desk codes, for citizens registered at a
// centre's desk who may have neither phone nor email: 8 random digits each
// (libsodium's randombytes_uniform). A login number names the account (like
// an email); a desk code is a one-time password, stored only as an argon2id
// hash, that expires after kDeskCodeLifetime and is used up by a login.
//
//   std::string number = NewEightDigits();             // "04817263"
//   std::optional<std::string> n = LoginNumberOf("0481-7263");  // "04817263"
//   if (LooksLikeDeskCode(password)) { ... try the account's desk code ... }
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace lifelong::identity {

inline constexpr std::chrono::hours kDeskCodeLifetime{24 * 7};

std::string NewEightDigits();

// "12345678" for "1234-5678", "1234 5678" or "12345678"; nullopt for
// anything else.
std::optional<std::string> LoginNumberOf(const std::string& text);

// A desk code is typed the way a login number is.
inline bool LooksLikeDeskCode(const std::string& text) {
  return LoginNumberOf(text).has_value();
}

}  // namespace lifelong::identity
