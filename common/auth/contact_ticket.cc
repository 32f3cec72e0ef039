#include "common/auth/contact_ticket.h"

#include <sodium.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"

namespace lifelong::common {
namespace {

constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

bool FromBase64(std::string_view text, std::string& out) {
  out.assign(text.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()),
                        out.size(), text.data(), text.size(), nullptr, &length,
                        nullptr, kVariant) != 0) {
    return false;
  }
  out.resize(length);
  return true;
}

std::string Mac(std::string_view payload, std::string_view key) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(
      &state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(
      &state, reinterpret_cast<const unsigned char*>(payload.data()),
      payload.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return std::string(reinterpret_cast<char*>(mac), sizeof mac);
}

absl::Status Invalid(std::string_view why) {
  return Error(absl::StatusCode::kPermissionDenied, "INVALID_TICKET", why);
}

}  // namespace

std::string SignContactTicket(const ContactTicket& ticket,
                              std::string_view key) {
  std::string payload = absl::StrCat("v1\n", ticket.staff, "\n", ticket.as.role,
                                     "\n", ticket.as.scope, "\n",
                                     ticket.offering, "\n", ticket.expire_unix,
                                     "\n", absl::StrJoin(ticket.citizens, ","));
  return Base64(payload) + "." + Base64(Mac(payload, key));
}

absl::StatusOr<ContactTicket> VerifyContactTicket(std::string_view ticket,
                                                  std::string_view key,
                                                  int64_t now_unix) {
  size_t dot = ticket.find('.');
  std::string payload, mac;
  if (dot == std::string_view::npos ||
      !FromBase64(ticket.substr(0, dot), payload) ||
      !FromBase64(ticket.substr(dot + 1), mac)) {
    return Invalid("the ticket is not one enrolment issued");
  }
  std::string expected = Mac(payload, key);
  if (mac.size() != expected.size() ||
      sodium_memcmp(mac.data(), expected.data(), mac.size()) != 0) {
    return Invalid("the ticket is not one enrolment issued");
  }
  std::vector<std::string> lines = absl::StrSplit(payload, '\n');
  ContactTicket out;
  if (lines.size() != 7 || lines[0] != "v1" ||
      !absl::SimpleAtoi(lines[5], &out.expire_unix)) {
    return Invalid("the ticket is not one enrolment issued");
  }
  if (out.expire_unix <= now_unix) {
    return Error(absl::StatusCode::kPermissionDenied, "TICKET_EXPIRED",
                 "the ticket has lapsed; list the roster again");
  }
  out.staff = lines[1];
  out.as = {lines[2], lines[3]};
  out.offering = lines[4];
  if (!lines[6].empty()) out.citizens = absl::StrSplit(lines[6], ',');
  return out;
}

}  // namespace lifelong::common
