#include "common/page_token.h"

#include <sodium.h>

#include <cstring>

#include "nlohmann/json.hpp"

namespace lifelong::common {
namespace {

std::string QueryTag(const std::string& query) {
  unsigned char hash[8];
  crypto_generichash(hash, sizeof(hash),
                     reinterpret_cast<const unsigned char*>(query.data()),
                     query.size(), nullptr, 0);
  char hex[sizeof(hash) * 2 + 1];
  sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
  return hex;
}

absl::Status BadToken() {
  FieldViolations v;
  v.Add("page_token", "INVALID_PAGE_TOKEN",
        "not a token from the previous page of this same query");
  return v.ToStatus();
}

}  // namespace

int PageSize(int requested, FieldViolations& violations) {
  if (requested < 0) {
    violations.Add("page_size", "OUT_OF_RANGE", "0 to 100");
    return kDefaultPageSize;
  }
  if (requested == 0) return kDefaultPageSize;
  return std::min(requested, kMaxPageSize);
}

std::string EncodePageToken(const PageCursor& cursor,
                            const std::string& query) {
  std::string json = nlohmann::json{
      {"k", cursor.sort_key},
      {"i", cursor.id},
      {"q",
       QueryTag(query)}}.dump();
  std::string out(sodium_base64_ENCODED_LEN(
                      json.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(json.data()),
                    json.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

absl::StatusOr<std::optional<PageCursor>> DecodePageToken(
    const std::string& token, const std::string& query) {
  if (token.empty()) return std::optional<PageCursor>();
  if (token.size() > 1024) return BadToken();
  std::string json(token.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(json.data()),
                        json.size(), token.c_str(), token.size(), nullptr, &len,
                        nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return BadToken();
  }
  json.resize(len);
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
  if (!parsed.is_object() || parsed.value("q", "") != QueryTag(query) ||
      !parsed["k"].is_string() || !parsed["i"].is_string()) {
    return BadToken();
  }
  return std::optional<PageCursor>(PageCursor{parsed["k"].get<std::string>(),
                                              parsed["i"].get<std::string>()});
}

}  // namespace lifelong::common
