// Field checks of an event as CreateEvent receives it (UpdateEvent checks
// the fields it changes with the same helpers): every bad field is added to
// `violations` with a stable reason. Pure.
//
//   common::FieldViolations v;
//   ValidateEventFields(request.event(), v);
//   if (!v.empty()) return v.ToStatus();
#pragma once

#include "common/errors.h"
#include "lifelong/community/v1/community_service.pb.h"

namespace lifelong::community {

void ValidateEventFields(const community::v1::Event& event,
                         common::FieldViolations& violations);
void ValidateRegistration(const community::v1::Registration& registration,
                          const std::string& field,
                          common::FieldViolations& violations);
void ValidateEventTexts(const community::v1::Event& event,
                        common::FieldViolations& violations);

}  // namespace lifelong::community
