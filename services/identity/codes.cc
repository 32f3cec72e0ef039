#include "services/identity/codes.h"

#include <algorithm>

namespace lifelong::identity {
namespace {

// "PRIORITY_GROUP_BASIC_LIVELIHOOD" with prefix "PRIORITY_GROUP_" ->
// "basic_livelihood".
std::string Code(const std::string& name, const std::string& prefix) {
  std::string code = name.substr(std::min(prefix.size(), name.size()));
  std::transform(code.begin(), code.end(), code.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return code;
}

std::string Name(const std::string& code, const std::string& prefix) {
  std::string name = prefix + code;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return name;
}

}  // namespace

std::string GroupCode(v1::PriorityGroup group) {
  return Code(v1::PriorityGroup_Name(group), "PRIORITY_GROUP_");
}
v1::PriorityGroup GroupFromCode(const std::string& code) {
  v1::PriorityGroup group = v1::PRIORITY_GROUP_UNSPECIFIED;
  v1::PriorityGroup_Parse(Name(code, "PRIORITY_GROUP_"), &group);
  return group;
}

std::string RoleCode(v1::Role role) {
  return Code(v1::Role_Name(role), "ROLE_");
}
v1::Role RoleFromCode(const std::string& code) {
  v1::Role role = v1::ROLE_UNSPECIFIED;
  v1::Role_Parse(Name(code, "ROLE_"), &role);
  return role;
}

std::string ClaimStatusCode(v1::ClaimStatus status) {
  return Code(v1::ClaimStatus_Name(status), "CLAIM_STATUS_");
}
v1::ClaimStatus ClaimStatusFromCode(const std::string& code) {
  v1::ClaimStatus status = v1::CLAIM_STATUS_UNSPECIFIED;
  v1::ClaimStatus_Parse(Name(code, "CLAIM_STATUS_"), &status);
  return status;
}

std::string LanguageCode(v1::Language language) {
  return Code(v1::Language_Name(language), "LANGUAGE_");
}
v1::Language LanguageFromCode(const std::string& code) {
  v1::Language language = v1::LANGUAGE_UNSPECIFIED;
  v1::Language_Parse(Name(code, "LANGUAGE_"), &language);
  return language;
}

std::string AccessReasonCode(v1::AccessReason reason) {
  return Code(v1::AccessReason_Name(reason), "ACCESS_REASON_");
}
v1::AccessReason AccessReasonFromCode(const std::string& code) {
  v1::AccessReason reason = v1::ACCESS_REASON_UNSPECIFIED;
  v1::AccessReason_Parse(Name(code, "ACCESS_REASON_"), &reason);
  return reason;
}

}  // namespace lifelong::identity
