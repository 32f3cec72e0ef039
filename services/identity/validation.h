// Checks and normalises what citizens and staff type in, before anything is
// written. Pure functions: each adds a violation naming the field and a
// stable reason, so one answer lists every bad field.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/errors.h"
#include "lifelong/identity/v1/identity_service.pb.h"

namespace lifelong::identity {

// Lower-cased address, or nullopt (and a violation) when malformed.
std::optional<std::string> NormalizeEmail(const std::string& email,
                                          const std::string& field,
                                          common::FieldViolations& violations);

// "+821012345678" for "010-1234-5678", "01012345678" or "+82 10 1234 5678";
// nullopt (and a violation) when it is not a Korean mobile number.
std::optional<std::string> NormalizePhone(const std::string& phone,
                                          const std::string& field,
                                          common::FieldViolations& violations);

// 10 to 128 characters; under 16 they need at least three of lower case,
// upper case, digits and others. Never containing `email`'s local part, not a
// well-known password.
void CheckPassword(const std::string& password, const std::string& email,
                   const std::string& field,
                   common::FieldViolations& violations);

// 1 to 100 characters of printable UTF-8.
void CheckDisplayName(const std::string& name, const std::string& field,
                      common::FieldViolations& violations);

void CheckBirthYear(int year, int current_year, const std::string& field,
                    common::FieldViolations& violations);

// One of the city's districts (exact match). `required` false accepts "".
void CheckDistrict(const std::string& district,
                   const std::vector<std::string>& districts, bool required,
                   const std::string& field,
                   common::FieldViolations& violations);

// "centres/{id}", id 1 to 36 characters.
void CheckCentreName(const std::string& centre, const std::string& field,
                     common::FieldViolations& violations);

// The scope a role needs: "centres/{id}", "villages/{id}" or empty.
void CheckRoleGrant(const v1::RoleGrant& grant, const std::string& field,
                    common::FieldViolations& violations);

}  // namespace lifelong::identity
