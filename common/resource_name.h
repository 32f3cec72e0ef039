// Resource names (AIP-122) whose ids are UUIDs: "citizens/{uuid}",
// "offerings/{uuid}".
//
//   FieldViolations v;
//   std::string id = UuidOf(request.offering(), "offerings", "offering", v);
#pragma once

#include <string>

#include "common/errors.h"

namespace lifelong::common {

// A resource name with its id in canonical lower-case form
// ("offerings/3F2A..." -> "offerings/3f2a..."; a bare id too): what events
// are keyed by, so one resource's events share a partition.
std::string CanonicalName(const std::string& name);

// 8-4-4-4-12 hexadecimal digits.
bool IsUuid(const std::string& s);

// The id of "<collection>/{uuid}", or "" with a violation (REQUIRED or
// INVALID_NAME) on `field`.
std::string UuidOf(const std::string& name, const std::string& collection,
                   const std::string& field, FieldViolations& violations);

}  // namespace lifelong::common
