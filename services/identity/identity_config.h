// The identity process's settings, from environment variables (besides the
// common ones in common/config.h):
//   IDENTITY_DISTRICTS                  comma-separated districts (required)
//   IDENTITY_BOOTSTRAP_ADMIN_EMAIL      first admin, created at first start
//   IDENTITY_BOOTSTRAP_ADMIN_PASSWORD   (both or neither)
//   IDENTITY_SESSION_SLIDING_SECONDS    idle time that ends a session (7200)
//   IDENTITY_SESSION_ABSOLUTE_SECONDS   longest a session lives (86400)
//   IDENTITY_LOGIN_MAX_FAILURES_ACCOUNT failed logins per account per window
//   (5) IDENTITY_LOGIN_MAX_FAILURES_PEER    failed logins per address per
//   window (50) IDENTITY_LOGIN_WINDOW_SECONDS       the window (900)
//   IDENTITY_ARGON2_OPSLIMIT            argon2id passes (libsodium interactive:
//   2) IDENTITY_ARGON2_MEMLIMIT_KIB        argon2id memory (65536)
#pragma once

#include <string>
#include <vector>

#include "common/auth/session_store.h"
#include "common/config.h"
#include "services/identity/login_limiter.h"

namespace lifelong::identity {

struct IdentityConfig {
  std::vector<std::string> districts;
  std::string bootstrap_admin_email;
  std::string bootstrap_admin_password;
  common::SessionPolicy sessions;
  LoginLimits login;
  int argon2_opslimit = 2;
  int argon2_memlimit_kib = 65536;
};

IdentityConfig ReadIdentityConfig(common::EnvReader& env);

}  // namespace lifelong::identity
