// The address of the client behind a gateway: the direct peer, unless that
// peer is one of the configured trusted proxies, in which case the
// X-Forwarded-For entry the nearest untrusted hop added. The header is never
// believed from anyone else, so a client cannot choose its own address.
//
//   absl::StatusOr<TrustedProxies> proxies =
//       TrustedProxies::Parse("10.0.0.0/8,127.0.0.1");   //
//       LIFELONG_TRUSTED_PROXIES
//   proxies->ClientOf("10.1.2.3", "203.0.113.9, 10.1.2.4") == "203.0.113.9"
//   proxies->ClientOf("198.51.100.7", "1.2.3.4")           == "198.51.100.7"
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace lifelong::common {

class TrustedProxies {
 public:
  TrustedProxies() = default;  // none: the direct peer is the client

  // A comma-separated list of IPv4 addresses or CIDR ranges (10.0.0.0/8)
  // and IPv6 addresses; INVALID_ARGUMENT names a bad entry.
  static absl::StatusOr<TrustedProxies> Parse(const std::string& list);

  bool Contains(const std::string& address) const;

  // The client's address for a call from `peer` with the given
  // X-Forwarded-For header (may be empty).
  std::string ClientOf(const std::string& peer,
                       const std::string& forwarded_for) const;

 private:
  struct Range {
    uint32_t network = 0;
    uint32_t mask = 0;
  };
  std::vector<Range> ipv4_;
  std::vector<std::string> exact_;  // IPv6, compared as written
};

}  // namespace lifelong::common
