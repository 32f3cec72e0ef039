#include "common/server/client_address.h"

#include <arpa/inet.h>

#include <sstream>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace lifelong::common {
namespace {

bool ParseIpv4(const std::string& text, uint32_t* out) {
  in_addr addr{};
  if (inet_pton(AF_INET, text.c_str(), &addr) != 1) return false;
  *out = ntohl(addr.s_addr);
  return true;
}

std::string Trimmed(absl::string_view s) {
  return std::string(absl::StripAsciiWhitespace(s));
}

}  // namespace

absl::StatusOr<TrustedProxies> TrustedProxies::Parse(const std::string& list) {
  TrustedProxies proxies;
  for (absl::string_view part : absl::StrSplit(list, ',')) {
    std::string entry = Trimmed(part);
    if (entry.empty()) continue;
    std::string address = entry;
    int bits = 32;
    size_t slash = entry.find('/');
    if (slash != std::string::npos) {
      address = entry.substr(0, slash);
      std::string prefix = entry.substr(slash + 1);
      bits = prefix.empty() || prefix.size() > 2 ||
                     prefix.find_first_not_of("0123456789") != std::string::npos
                 ? -1
                 : std::stoi(prefix);
    }
    uint32_t network = 0;
    if (ParseIpv4(address, &network) && bits >= 0 && bits <= 32) {
      uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
      proxies.ipv4_.push_back({network & mask, mask});
      continue;
    }
    in6_addr v6{};
    if (slash == std::string::npos &&
        inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
      proxies.exact_.push_back(address);
      continue;
    }
    return absl::InvalidArgumentError(
        "LIFELONG_TRUSTED_PROXIES: \"" + entry +
        "\" is not an IPv4 address, an IPv4 CIDR range or an IPv6 address");
  }
  return proxies;
}

bool TrustedProxies::Contains(const std::string& address) const {
  uint32_t ip = 0;
  if (ParseIpv4(address, &ip)) {
    for (const Range& r : ipv4_) {
      if ((ip & r.mask) == r.network) return true;
    }
    return false;
  }
  for (const std::string& e : exact_) {
    if (e == address) return true;
  }
  return false;
}

std::string TrustedProxies::ClientOf(const std::string& peer,
                                     const std::string& forwarded_for) const {
  if (!Contains(peer) || forwarded_for.empty()) return peer;
  // Each proxy appends the address it received from; walk back from the
  // nearest hop past every trusted proxy.
  std::vector<std::string> hops;
  for (absl::string_view hop : absl::StrSplit(forwarded_for, ',')) {
    hops.push_back(Trimmed(hop));
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (it->empty()) break;  // malformed: trust nothing further
    if (!Contains(*it)) return *it;
  }
  // Every hop is a proxy of ours: the first one is the closest we know.
  return hops.empty() || hops.front().empty() ? peer : hops.front();
}

}  // namespace lifelong::common
