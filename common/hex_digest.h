// Lowercase hex of bytes, and of their SHA-256: for keys that store only a
// hash (session tokens) and for values people compare by eye (a lottery's
// seed and rank keys).
#pragma once

#include <string>
#include <string_view>

namespace lifelong::common {

std::string HexOf(std::string_view bytes);
std::string Sha256Hex(std::string_view bytes);

}  // namespace lifelong::common
