#include "services/identity/desk_codes.h"

#include <sodium.h>

#include <cctype>

namespace lifelong::identity {

std::string NewEightDigits() {
  std::string digits = std::to_string(randombytes_uniform(100000000));
  return std::string(8 - digits.size(), '0') + digits;
}

std::optional<std::string> LoginNumberOf(const std::string& text) {
  if (text.size() > 12) return std::nullopt;
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if ((c == '-' || c == ' ') && digits.size() == 4) {
      continue;  // one separator in the middle
    } else {
      return std::nullopt;
    }
  }
  if (digits.size() != 8) return std::nullopt;
  return digits;
}

}  // namespace lifelong::identity
