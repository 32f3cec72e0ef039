// The registration form's lists (GetRegistrationOptions), from the
// deployment's districts and the country's priority groups: a pure function,
// so every replica answers alike and a test reads it without a server.
//
//   v1::GetRegistrationOptionsResponse form =
//       RegistrationOptions({"Misa", "Wirye"}, {{"Misa", "미사동"}}, 2026);
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lifelong/identity/v1/identity_service.pb.h"

namespace lifelong::identity {

inline constexpr int kSeniorAge = 65;

// `districts` are the codes registration accepts, in order; `names_ko` their
// Korean names where known (IDENTITY_DISTRICTS "Misa:미사동").
v1::GetRegistrationOptionsResponse RegistrationOptions(
    const std::vector<std::string>& districts,
    const std::map<std::string, std::string>& names_ko, int current_year);

}  // namespace lifelong::identity
