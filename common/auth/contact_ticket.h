// A contact ticket: enrolment's signed statement that one staff account may,
// for a few minutes, read the names and phone numbers of the citizens on a
// page of an offering's roster. Identity (BatchGetCitizenContacts) checks the
// signature, the holder and the expiry, and logs each citizen it shows. The
// two services share only the key (LIFELONG_CONTACT_TICKET_KEY); identity
// never learns applications, and enrolment never holds contact data.
//
//   std::string t = SignContactTicket(
//       {caller.account, as, offering, citizens, now + 600}, key);
//   absl::StatusOr<ContactTicket> ticket = VerifyContactTicket(t, key, now);
//
// Format: base64url(payload) "." base64url(HMAC-SHA-256(key, payload)), the
// payload being "v1", staff, role, scope, offering, expiry (Unix seconds)
// and the citizens separated by commas, on seven lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"

namespace lifelong::common {

struct ContactTicket {
  std::string staff;     // "staff/{uuid}": who may use it
  RoleGrant as;          // the role that lets them run the offering
  std::string offering;  // "offerings/{uuid}": why
  std::vector<std::string> citizens;  // "citizens/{uuid}", at most 100
  int64_t expire_unix = 0;
};

// How long a ticket is good for.
inline constexpr int64_t kContactTicketSeconds = 600;

std::string SignContactTicket(const ContactTicket& ticket,
                              std::string_view key);

// The ticket, or PERMISSION_DENIED: INVALID_TICKET when it is malformed or
// not signed with `key`, TICKET_EXPIRED when it lapsed by `now_unix` (the
// screen lists the roster again).
absl::StatusOr<ContactTicket> VerifyContactTicket(std::string_view ticket,
                                                  std::string_view key,
                                                  int64_t now_unix);

}  // namespace lifelong::common
