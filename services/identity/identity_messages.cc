#include "services/identity/identity_messages.h"

namespace lifelong::identity {

const common::RefusalTexts& IdentityRefusalTexts() {
  static const common::RefusalTexts texts{
      {"EMAIL_TAKEN",
       {"이미 가입된 이메일입니다.", "This email is already registered."}},
      {"PHONE_TAKEN",
       {"이미 가입된 휴대전화 번호입니다.",
        "This phone number is already registered."}},
      {"LOGIN_NUMBER_TAKEN",
       {"로그인 번호를 만들지 못했습니다. 다시 시도해 주십시오.",
        "We could not assign a login number; please try again."}},
      {"NOT_CENTRE_STAFF",
       {"이 센터의 직원만 할 수 있습니다.",
        "Only this centre's staff can do this."}},
      {"CITIZEN_NOT_FOUND",
       {"시민 계정을 찾을 수 없습니다.",
        "That citizen's account could not be found."}},
      {"ONE_OF",
       {"휴대전화 번호, 또는 이름과 출생 연도 중 하나로 찾아 주십시오.",
        "Search by a phone number, or by a name and birth year, not both."}},
      {"STAFF_NOT_FOUND",
       {"직원 계정을 찾을 수 없습니다.",
        "That staff account could not be found."}},
      {"INVALID_CREDENTIALS",
       {"로그인 정보 또는 비밀번호가 올바르지 않습니다.",
        "The login or password is wrong."}},
      {"ACCOUNT_NOT_FOUND",
       {"계정을 찾을 수 없습니다.", "The account could not be found."}},
      {"CLAIM_NOT_FOUND",
       {"해당 우선 대상 신청을 찾을 수 없습니다.",
        "That priority claim could not be found."}},
      {"CLAIM_ALREADY_DECIDED",
       {"이미 처리된 우선 대상 신청입니다.",
        "This priority claim has already been decided."}},
      {"ROLE_ALREADY_GRANTED",
       {"이미 부여된 역할입니다.",
        "The staff account already holds this role."}},
      {"ROLE_NOT_GRANTED",
       {"부여되지 않은 역할입니다.",
        "The staff account does not hold this role."}},
      {"TOO_MANY_LOGIN_ATTEMPTS",
       {"로그인 실패가 너무 많습니다. 잠시 후 다시 시도해 주십시오.",
        "Too many failed logins; please try again later."}},
      {"HASHING_BUSY",
       {"로그인 요청이 몰리고 있습니다. 잠시 후 다시 시도해 주십시오.",
        "Many people are signing in; please try again in a moment."}},
      {"WEAK_PASSWORD",
       {"더 안전한 비밀번호를 정해 주십시오. 10자 이상으로 영문 대문자, "
        "소문자, 숫자, 기호 중 세 가지 이상을 섞어 주십시오.",
        "Please choose a stronger password: at least 10 characters mixing "
        "three of lower case, upper case, digits and symbols."}},
      {"UNKNOWN_DISTRICT",
       {"하남시의 동이 아닙니다. 목록에서 골라 주십시오.",
        "That is not one of the city's districts; please pick one from the "
        "list."}},
      {"INVALID_SCOPE",
       {"이 역할에 맞는 센터 또는 마을을 지정해 주십시오.",
        "This role needs the right kind of scope (a centre or a village)."}},
      {"INVALID_ROLE", {"알 수 없는 역할입니다.", "That role is not known."}},
  };
  return texts;
}

}  // namespace lifelong::identity
