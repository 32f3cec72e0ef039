#include "services/identity/identity_config.h"

#include <gtest/gtest.h>

#include <map>

namespace lifelong::identity {
namespace {

common::EnvReader From(std::map<std::string, std::string> vars) {
  return common::EnvReader(
      [vars](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
      });
}

TEST(IdentityConfigTest, DistrictsMayCarryTheirKoreanNames) {
  common::EnvReader env = From(
      {{"IDENTITY_DISTRICTS", "Misa:미사동,Wirye,,Gamil:감일동"},
       {"IDENTITY_LIMITER_SECRET", "0123456789abcdef0123456789abcdef"},
       {"LIFELONG_CONTACT_TICKET_KEY", "fedcba9876543210fedcba9876543210"}});
  IdentityConfig config = ReadIdentityConfig(env);
  EXPECT_EQ(config.districts,
            (std::vector<std::string>{"Misa", "Wirye", "Gamil"}));
  EXPECT_EQ(config.district_names_ko.at("Misa"), "미사동");
  EXPECT_EQ(config.district_names_ko.at("Gamil"), "감일동");
  EXPECT_EQ(config.district_names_ko.count("Wirye"), 0u);
}

}  // namespace
}  // namespace lifelong::identity
