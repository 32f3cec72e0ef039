// The text stored in the database and in sessions for the API's enums:
// PRIORITY_GROUP_BASIC_LIVELIHOOD <-> "basic_livelihood", ROLE_CENTRE_STAFF
// <-> "centre_staff" (the names common/auth/caller.h uses), and so on.
#pragma once

#include <string>

#include "lifelong/identity/v1/identity_service.pb.h"

namespace lifelong::identity {

std::string GroupCode(v1::PriorityGroup group);
v1::PriorityGroup GroupFromCode(const std::string& code);

std::string RoleCode(v1::Role role);
v1::Role RoleFromCode(const std::string& code);

std::string ClaimStatusCode(v1::ClaimStatus status);
v1::ClaimStatus ClaimStatusFromCode(const std::string& code);

std::string LanguageCode(v1::Language language);
v1::Language LanguageFromCode(const std::string& code);

std::string AccessReasonCode(v1::AccessReason reason);
v1::AccessReason AccessReasonFromCode(const std::string& code);

}  // namespace lifelong::identity
