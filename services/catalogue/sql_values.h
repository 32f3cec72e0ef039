// Turns C++ values into PostgreSQL text literals for parameters: arrays,
// timestamps and multiranges, which libpqxx 6 cannot pass directly.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lifelong::catalogue {

// {1,2,3}
std::string IntArray(const std::vector<int>& values);
// {"a","b \"c\""}
std::string TextArray(const std::vector<std::string>& values);
// 2027-03-02T10:00:00Z
std::string IsoUtc(int64_t seconds);
// {[2027-03-01T00:00:00Z,2027-03-10T00:00:00Z),...}
std::string TimeRanges(const std::vector<std::pair<int64_t, int64_t>>& ranges);

}  // namespace lifelong::catalogue
