#include "services/identity/identity_config.h"

#include "absl/strings/str_split.h"

namespace lifelong::identity {

IdentityConfig ReadIdentityConfig(common::EnvReader& env) {
  IdentityConfig config;
  for (absl::string_view d : absl::StrSplit(env.String("IDENTITY_DISTRICTS"),
                                            ',', absl::SkipEmpty())) {
    // "Misa" or "Misa:미사동".
    std::vector<std::string> parts = absl::StrSplit(d, absl::MaxSplits(':', 1));
    config.districts.push_back(parts[0]);
    if (parts.size() == 2 && !parts[1].empty()) {
      config.district_names_ko[parts[0]] = parts[1];
    }
  }
  config.bootstrap_admin_email =
      env.String("IDENTITY_BOOTSTRAP_ADMIN_EMAIL", "");
  config.bootstrap_admin_password =
      env.String("IDENTITY_BOOTSTRAP_ADMIN_PASSWORD", "");
  if (config.bootstrap_admin_email.empty() !=
      config.bootstrap_admin_password.empty()) {
    env.String("IDENTITY_BOOTSTRAP_ADMIN_" +
               std::string(config.bootstrap_admin_email.empty() ? "EMAIL"
                                                                : "PASSWORD"));
  }
  config.sessions.sliding =
      env.Seconds("IDENTITY_SESSION_SLIDING_SECONDS", 7200, 1, 30 * 86400);
  config.sessions.absolute =
      env.Seconds("IDENTITY_SESSION_ABSOLUTE_SECONDS", 86400, 1, 90 * 86400);
  config.login.failures_per_account =
      env.Int("IDENTITY_LOGIN_MAX_FAILURES_ACCOUNT", 5, 1, 1000);
  config.login.failures_per_peer =
      env.Int("IDENTITY_LOGIN_MAX_FAILURES_PEER", 50, 1, 100000);
  config.login.window =
      env.Seconds("IDENTITY_LOGIN_WINDOW_SECONDS", 900, 1, 86400);
  config.argon2_opslimit = env.Int("IDENTITY_ARGON2_OPSLIMIT", 2, 1, 20);
  config.argon2_memlimit_kib =
      env.Int("IDENTITY_ARGON2_MEMLIMIT_KIB", 65536, 8, 4 * 1024 * 1024);
  config.hash_memory_mib =
      env.Int("IDENTITY_HASH_MEMORY_MIB", 256, 1, 64 * 1024);
  config.login.secret = env.String("IDENTITY_LIMITER_SECRET");
  config.contact_ticket_key = env.Secret("LIFELONG_CONTACT_TICKET_KEY", 32);
  config.trusted_proxies = env.String("LIFELONG_TRUSTED_PROXIES", "");
  return config;
}

}  // namespace lifelong::identity
