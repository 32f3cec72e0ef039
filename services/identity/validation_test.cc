#include "services/identity/validation.h"

#include <gtest/gtest.h>

namespace lifelong::identity {
namespace {

using common::FieldViolations;

std::string ReasonFor(const FieldViolations& v) {
  return v.empty() ? "" : v.violations()[0].reason;
}

TEST(EmailTest, NormalisesCaseAndRejectsMalformed) {
  FieldViolations v;
  EXPECT_EQ(NormalizeEmail("Kim.MinJi@Example.KR", "email", v),
            "kim.minji@example.kr");
  EXPECT_TRUE(v.empty());
  for (const std::string& bad : std::vector<std::string>{
           "", "no-at.example.kr", "a@b", "two@@example.kr", "@example.kr",
           "sp ace@example.kr", "a@example..kr",
           std::string(250, 'a') + "@x.kr"}) {
    FieldViolations one;
    EXPECT_FALSE(NormalizeEmail(bad, "email", one).has_value()) << bad;
    EXPECT_EQ(ReasonFor(one), "INVALID_FORMAT") << bad;
  }
}

TEST(PhoneTest, AcceptsKoreanMobileNumbersInCommonForms) {
  FieldViolations v;
  EXPECT_EQ(NormalizePhone("010-1234-5678", "phone", v), "+821012345678");
  EXPECT_EQ(NormalizePhone("01012345678", "phone", v), "+821012345678");
  EXPECT_EQ(NormalizePhone("+82 10 1234 5678", "phone", v), "+821012345678");
  EXPECT_EQ(NormalizePhone("011-234-5678", "phone", v), "+82112345678");
  EXPECT_TRUE(v.empty());
  for (const std::string& bad :
       std::vector<std::string>{"02-123-4567", "010-123-456", "+1 415 555 0100",
                                "010-1234-5678x", "phone", "0101234567890"}) {
    FieldViolations one;
    EXPECT_FALSE(NormalizePhone(bad, "phone", one).has_value()) << bad;
  }
}

TEST(PasswordTest, NeedsLengthVarietyAndNoEmail) {
  auto reason = [](const std::string& password, const std::string& email = "") {
    FieldViolations v;
    CheckPassword(password, email, "password", v);
    return ReasonFor(v);
  };
  EXPECT_EQ(reason("Correct-Horse-42"), "");
  EXPECT_EQ(reason("한강의 봄날 Spring 2026"), "");  // Hangul counts as "other"
  EXPECT_EQ(reason("한강의 봄날에 자전거를 탑니다"), "");  // 16: a passphrase
  EXPECT_EQ(reason("한강의 봄날 2026"), "WEAK_PASSWORD");
  EXPECT_EQ(reason("Short-1"), "WEAK_PASSWORD");
  EXPECT_EQ(reason("lowercaseonly"), "WEAK_PASSWORD");
  EXPECT_EQ(reason(std::string(129, 'a') + "A1"), "WEAK_PASSWORD");
  EXPECT_EQ(reason("Minji-Kim-2026", "minji@example.kr"), "WEAK_PASSWORD");
  EXPECT_EQ(reason("Password1!"), "WEAK_PASSWORD");
  EXPECT_EQ(reason(std::string("Bad\x01Control-9")), "WEAK_PASSWORD");
}

TEST(DisplayNameTest, CountsCharactersNotBytes) {
  FieldViolations v;
  CheckDisplayName(std::string(100, 'a'), "display_name", v);
  std::string hangul;
  for (int i = 0; i < 100; ++i) hangul += "김";  // 300 bytes, 100 characters
  CheckDisplayName(hangul, "display_name", v);
  EXPECT_TRUE(v.empty());
  CheckDisplayName(hangul + "김", "display_name", v);
  CheckDisplayName("", "display_name", v);
  CheckDisplayName("\xff\xfe", "display_name", v);
  ASSERT_EQ(v.violations().size(), 3u);
  EXPECT_EQ(v.violations()[1].reason, "REQUIRED");
}

TEST(BirthYearTest, FromNineteenHundredToThisYear) {
  FieldViolations v;
  CheckBirthYear(1900, 2026, "birth_year", v);
  CheckBirthYear(2026, 2026, "birth_year", v);
  EXPECT_TRUE(v.empty());
  CheckBirthYear(2027, 2026, "birth_year", v);
  CheckBirthYear(1899, 2026, "birth_year", v);
  CheckBirthYear(0, 2026, "birth_year", v);
  ASSERT_EQ(v.violations().size(), 3u);
  EXPECT_EQ(v.violations()[2].reason, "REQUIRED");
}

TEST(DistrictTest, MustBeOneOfTheCitys) {
  std::vector<std::string> districts = {"Misa", "Wirye"};
  FieldViolations v;
  CheckDistrict("Misa", districts, true, "district", v);
  CheckDistrict("", districts, false, "workplace_district", v);
  EXPECT_TRUE(v.empty());
  CheckDistrict("misa", districts, true, "district", v);
  CheckDistrict("", districts, true, "district", v);
  ASSERT_EQ(v.violations().size(), 2u);
  EXPECT_EQ(v.violations()[0].reason, "UNKNOWN_DISTRICT");
  EXPECT_EQ(v.violations()[1].reason, "REQUIRED");
}

TEST(RoleGrantTest, ScopeMatchesRole) {
  auto reason = [](v1::Role role, const std::string& scope) {
    v1::RoleGrant grant;
    grant.set_role(role);
    grant.set_scope(scope);
    FieldViolations v;
    CheckRoleGrant(grant, "grant", v);
    return v.empty() ? ""
                     : v.violations()[0].field + ":" + v.violations()[0].reason;
  };
  EXPECT_EQ(reason(v1::ROLE_CENTRE_STAFF, "centres/misa"), "");
  EXPECT_EQ(reason(v1::ROLE_VILLAGE_COORDINATOR, "villages/misa-lake"), "");
  EXPECT_EQ(reason(v1::ROLE_ADMIN, ""), "");
  EXPECT_EQ(reason(v1::ROLE_CENTRE_STAFF, ""), "grant.scope:INVALID_SCOPE");
  EXPECT_EQ(reason(v1::ROLE_CONSULTANT, "villages/x"),
            "grant.scope:INVALID_SCOPE");
  EXPECT_EQ(reason(v1::ROLE_CENTRE_STAFF, "centres/a b"),
            "grant.scope:INVALID_SCOPE");
  EXPECT_EQ(reason(v1::ROLE_INSTRUCTOR, "centres/misa"),
            "grant.scope:INVALID_SCOPE");
  EXPECT_EQ(reason(v1::ROLE_CITIZEN, ""), "grant.role:INVALID_ROLE");
  EXPECT_EQ(reason(static_cast<v1::Role>(99), ""), "grant.role:INVALID_ROLE");
}

}  // namespace
}  // namespace lifelong::identity
