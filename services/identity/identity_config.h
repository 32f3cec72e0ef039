// The identity process's settings, from environment variables (besides the
// common ones in common/config.h):
//   IDENTITY_DISTRICTS                  comma-separated districts (required),
//                                       each "Code" or "Code:한국어 이름"
//                                       ("Misa:미사동") for the form's lists
//   IDENTITY_BOOTSTRAP_ADMIN_EMAIL      first admin, created at first start
//   IDENTITY_BOOTSTRAP_ADMIN_PASSWORD   (both or neither)
//   IDENTITY_SESSION_SLIDING_SECONDS    idle time that ends a session (7200)
//   IDENTITY_SESSION_ABSOLUTE_SECONDS   longest a session lives (86400)
//   IDENTITY_LOGIN_MAX_FAILURES_ACCOUNT  failed logins per account per
//                                        window (5)
//   IDENTITY_LOGIN_MAX_FAILURES_PEER     failed logins per address per
//                                        window before it is throttled (50)
//   IDENTITY_LOGIN_WINDOW_SECONDS        the window (900)
//   IDENTITY_LIMITER_SECRET              HMAC key of the limiter's Redis keys
//                                        (required; 32+ random characters,
//                                        the same on every replica)
//   IDENTITY_ARGON2_OPSLIMIT             argon2id passes (libsodium
//                                        interactive: 2)
//   IDENTITY_ARGON2_MEMLIMIT_KIB         argon2id memory (65536)
//   IDENTITY_HASH_MEMORY_MIB             memory for password hashes running
//                                        at once (256: 4 at 64 MiB); beyond
//                                        it logins answer HASHING_BUSY
//   LIFELONG_CONTACT_TICKET_KEY          HMAC key of the roster's contact
//                                        tickets (required; 32+ random
//                                        characters, the same as enrolment's)
//   LIFELONG_TRUSTED_PROXIES             proxies whose X-Forwarded-For names
//                                        the client (common/server/
//                                        client_address.h); empty: none
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/auth/session_store.h"
#include "common/config.h"
#include "services/identity/login_limiter.h"

namespace lifelong::identity {

struct IdentityConfig {
  std::vector<std::string> districts;
  std::map<std::string, std::string> district_names_ko;
  std::string bootstrap_admin_email;
  std::string bootstrap_admin_password;
  common::SessionPolicy sessions;
  LoginLimits login;
  int argon2_opslimit = 2;
  int argon2_memlimit_kib = 65536;
  int hash_memory_mib = 256;
  std::string trusted_proxies;
  std::string contact_ticket_key;
};

IdentityConfig ReadIdentityConfig(common::EnvReader& env);

}  // namespace lifelong::identity
