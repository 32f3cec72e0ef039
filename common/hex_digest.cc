#include "common/hex_digest.h"

#include <sodium.h>

namespace lifelong::common {

std::string HexOf(std::string_view bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(),
                 reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  hex.pop_back();
  return hex;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest,
                     reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return HexOf(
      std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

}  // namespace lifelong::common
