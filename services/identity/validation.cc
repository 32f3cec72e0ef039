#include "services/identity/validation.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace lifelong::identity {
namespace {

// Counts UTF-8 code points; nullopt when the bytes are not valid UTF-8 or
// contain control characters.
std::optional<size_t> PrintableLength(const std::string& s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2)
        return std::nullopt;
    }
    if (len == 1 && (c < 0x20 || c == 0x7F)) return std::nullopt;
    i += len;
    ++count;
  }
  return count;
}

constexpr std::array<const char*, 8> kCommonPasswords = {
    "password123", "qwerty12345", "1234567890", "abcd1234!!",
    "password1!",  "iloveyou123", "admin12345", "qwer1234!@"};

}  // namespace

std::optional<std::string> NormalizeEmail(const std::string& email,
                                          const std::string& field,
                                          common::FieldViolations& violations) {
  std::string lower = email;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  size_t at = lower.find('@');
  bool ok = lower.size() <= 254 && at != std::string::npos && at > 0 &&
            at <= 64 && lower.find('@', at + 1) == std::string::npos;
  if (ok) {
    std::string domain = lower.substr(at + 1);
    size_t dot = domain.rfind('.');
    ok = dot != std::string::npos && dot > 0 && dot + 2 <= domain.size() &&
         domain.find("..") == std::string::npos && domain.front() != '-';
    for (unsigned char c : lower) {
      ok = ok && c > 0x20 && c < 0x7F && c != '(' && c != ')' && c != ',' &&
           c != ';' && c != '<' && c != '>' && c != '"' && c != '\\';
    }
  }
  if (!ok) {
    violations.Add(
        field, "INVALID_FORMAT",
        "an email address such as name@example.kr, at most 254 characters");
    return std::nullopt;
  }
  return lower;
}

std::optional<std::string> NormalizePhone(const std::string& phone,
                                          const std::string& field,
                                          common::FieldViolations& violations) {
  std::string digits;
  bool ok = phone.size() <= 20;
  for (size_t i = 0; ok && i < phone.size(); ++i) {
    char c = phone[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if (!(c == '-' || c == ' ' || (c == '+' && i == 0))) {
      ok = false;
    }
  }
  if (ok && phone[0] == '+') {
    ok = digits.rfind("82", 0) == 0;
    digits = "0" + digits.substr(std::min<size_t>(2, digits.size()));
  }
  // Korean mobile numbers: 010 with 8 digits; legacy 011/016-019 with 7 or 8.
  ok = ok && digits.size() >= 10 && digits.size() <= 11 &&
       digits.rfind("01", 0) == 0 &&
       std::string("016789").find(digits[2]) != std::string::npos &&
       (digits[2] != '0' || digits.size() == 11);
  if (!ok) {
    violations.Add(field, "INVALID_FORMAT",
                   "a Korean mobile number such as 010-1234-5678");
    return std::nullopt;
  }
  return "+82" + digits.substr(1);
}

void CheckPassword(const std::string& password, const std::string& email,
                   const std::string& field,
                   common::FieldViolations& violations) {
  std::optional<size_t> length = PrintableLength(password);
  if (!length || *length < 10 || *length > 128) {
    violations.Add(field, "WEAK_PASSWORD", "10 to 128 printable characters");
    return;
  }
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : password) {
    if (std::islower(c)) {
      lower = true;
    } else if (std::isupper(c)) {
      upper = true;
    } else if (std::isdigit(c)) {
      digit = true;
    } else {
      other = true;  // symbols, spaces and Hangul count here
    }
  }
  // A passphrase of 16 characters or more is strong by its length alone.
  if (*length < 16 && lower + upper + digit + other < 3) {
    violations.Add(field, "WEAK_PASSWORD",
                   "use at least three of: lower case, upper case, digits, "
                   "other characters");
    return;
  }
  std::string lowered = password;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  std::string local = email.substr(0, email.find('@'));
  if (local.size() >= 3 && lowered.find(local) != std::string::npos) {
    violations.Add(field, "WEAK_PASSWORD",
                   "must not contain the email address");
    return;
  }
  for (const char* common : kCommonPasswords) {
    if (lowered == common) {
      violations.Add(field, "WEAK_PASSWORD", "a well-known password");
      return;
    }
  }
}

void CheckDisplayName(const std::string& name, const std::string& field,
                      common::FieldViolations& violations) {
  std::optional<size_t> length = PrintableLength(name);
  if (name.empty()) {
    violations.Add(field, "REQUIRED", "a name is required");
  } else if (!length || *length > 100) {
    violations.Add(field, "INVALID_FORMAT", "1 to 100 printable characters");
  }
}

void CheckBirthYear(int year, int current_year, const std::string& field,
                    common::FieldViolations& violations) {
  if (year == 0) {
    violations.Add(field, "REQUIRED", "the four-digit birth year is required");
  } else if (year < 1900 || year > current_year) {
    violations.Add(field, "OUT_OF_RANGE",
                   "from 1900 to " + std::to_string(current_year));
  }
}

void CheckDistrict(const std::string& district,
                   const std::vector<std::string>& districts, bool required,
                   const std::string& field,
                   common::FieldViolations& violations) {
  if (district.empty()) {
    if (required) violations.Add(field, "REQUIRED", "a district is required");
    return;
  }
  if (std::find(districts.begin(), districts.end(), district) ==
      districts.end()) {
    violations.Add(field, "UNKNOWN_DISTRICT",
                   "not one of the city's districts");
  }
}

void CheckCentreName(const std::string& centre, const std::string& field,
                     common::FieldViolations& violations) {
  constexpr size_t kPrefix = sizeof("centres/") - 1;
  if (centre.rfind("centres/", 0) != 0 || centre.size() == kPrefix ||
      centre.size() > kPrefix + 36) {
    violations.Add(field, centre.empty() ? "REQUIRED" : "INVALID_FORMAT",
                   "\"centres/{id}\"");
  }
}

void CheckRoleGrant(const v1::RoleGrant& grant, const std::string& field,
                    common::FieldViolations& violations) {
  auto scoped = [](const std::string& scope, const std::string& prefix) {
    if (scope.rfind(prefix, 0) != 0 || scope.size() == prefix.size() ||
        scope.size() > prefix.size() + 36) {
      return false;
    }
    return std::all_of(scope.begin() + prefix.size(), scope.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    });
  };
  switch (grant.role()) {
    case v1::ROLE_CENTRE_STAFF:
    case v1::ROLE_CONSULTANT:
      if (!scoped(grant.scope(), "centres/")) {
        violations.Add(field + ".scope", "INVALID_SCOPE",
                       "this role needs a centre: \"centres/{id}\"");
      }
      break;
    case v1::ROLE_VILLAGE_COORDINATOR:
      if (!scoped(grant.scope(), "villages/")) {
        violations.Add(field + ".scope", "INVALID_SCOPE",
                       "this role needs a village: \"villages/{id}\"");
      }
      break;
    case v1::ROLE_ADMIN:
    case v1::ROLE_INSTRUCTOR:
    case v1::ROLE_CITY_SYSTEM:
    case v1::ROLE_PRIORITY_VERIFIER:  // city-wide: identity cannot tell
                                      // which centre a citizen belongs to
      if (!grant.scope().empty()) {
        violations.Add(field + ".scope", "INVALID_SCOPE",
                       "this role has no scope");
      }
      break;
    default:
      violations.Add(field + ".role", "INVALID_ROLE",
                     "one of ADMIN, CENTRE_STAFF, CONSULTANT, INSTRUCTOR, "
                     "VILLAGE_COORDINATOR, CITY_SYSTEM, PRIORITY_VERIFIER");
  }
}

}  // namespace lifelong::identity
