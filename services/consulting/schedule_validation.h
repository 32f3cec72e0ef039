// Checks of the admin's schedule input before anything is written: local
// dates and times, weekly rules that do not overlap, breaks inside their
// hours, windows that end after they start. Each problem is a field
// violation naming the field ("rules[1].hours", "windows[0].end").
//
//   FieldViolations v;
//   std::vector<WeeklyRule> rules = CheckWeeklyRules(request.rules(), v);
//   if (!v.empty()) return v.ToStatus();
#pragma once

#include <string>
#include <vector>

#include "common/errors.h"
#include "google/protobuf/repeated_field.h"
#include "lifelong/consulting/v1/consulting_service.pb.h"
#include "services/consulting/slots.h"

namespace lifelong::consulting {

// Days since 1970-01-01 of a local date, and back.
int DayOf(const lifelong::types::v1::LocalDate& date);
lifelong::types::v1::LocalDate DateOf(int day);
// A real calendar date between 2000 and 2100.
bool ValidDate(const lifelong::types::v1::LocalDate& date);
// Checks `first`/`last` (named by the fields) and a span of at most
// `max_days` days; returns false with violations otherwise.
bool CheckDateRange(const lifelong::types::v1::LocalDate& first,
                    const lifelong::types::v1::LocalDate& last,
                    const std::string& first_field,
                    const std::string& last_field, int max_days,
                    common::FieldViolations& v);

// The window in minutes from midnight; violations on `field`.start/.end.
Window CheckWindow(const v1::TimeWindow& window, const std::string& field,
                   common::FieldViolations& v);
// Windows of one day, sorted, none overlapping another.
std::vector<Window> CheckWindows(
    const google::protobuf::RepeatedPtrField<v1::TimeWindow>& windows,
    const std::string& field, common::FieldViolations& v);
// One WeeklyRule per day it names.
std::vector<WeeklyRule> CheckWeeklyRules(
    const google::protobuf::RepeatedPtrField<v1::WeeklyRule>& rules,
    common::FieldViolations& v);

}  // namespace lifelong::consulting
