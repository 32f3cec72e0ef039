// The client's address behind trusted proxies, and never from anyone else.
#include "common/server/client_address.h"

#include <gtest/gtest.h>

namespace lifelong::common {
namespace {

TEST(ClientAddressTest, WithoutTrustedProxiesTheDirectPeerIsTheClient) {
  TrustedProxies none;
  EXPECT_EQ(none.ClientOf("198.51.100.7", "1.2.3.4"), "198.51.100.7");
}

TEST(ClientAddressTest, HeaderFromAnUntrustedPeerIsIgnored) {
  TrustedProxies proxies = *TrustedProxies::Parse("10.0.0.0/8");
  EXPECT_EQ(proxies.ClientOf("198.51.100.7", "1.2.3.4"), "198.51.100.7");
}

TEST(ClientAddressTest, TrustedProxyHopsAreSkippedFromTheRight) {
  TrustedProxies proxies = *TrustedProxies::Parse(" 10.0.0.0/8, 127.0.0.1 ");
  EXPECT_EQ(proxies.ClientOf("127.0.0.1", "203.0.113.9"), "203.0.113.9");
  // A client that forges the first entry gains nothing: the hop our
  // proxy saw is the rightmost untrusted one.
  EXPECT_EQ(proxies.ClientOf("10.1.2.3", "6.6.6.6, 203.0.113.9, 10.1.2.4"),
            "203.0.113.9");
  EXPECT_EQ(proxies.ClientOf("10.1.2.3", ""), "10.1.2.3");
}

TEST(ClientAddressTest, RangesAndIpv6AndBadEntries) {
  TrustedProxies proxies = *TrustedProxies::Parse("192.168.4.0/22,::1");
  EXPECT_TRUE(proxies.Contains("192.168.7.255"));
  EXPECT_FALSE(proxies.Contains("192.168.8.0"));
  EXPECT_TRUE(proxies.Contains("::1"));
  EXPECT_FALSE(proxies.Contains("::2"));
  EXPECT_FALSE(TrustedProxies::Parse("10.0.0.0/33").ok());
  EXPECT_FALSE(TrustedProxies::Parse("gateway.local").ok());
  EXPECT_FALSE(TrustedProxies::Parse("::1/64").ok());
}

}  // namespace
}  // namespace lifelong::common
