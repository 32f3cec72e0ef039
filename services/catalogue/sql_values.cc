#include "services/catalogue/sql_values.h"

#include <ctime>

namespace lifelong::catalogue {

std::string IntArray(const std::vector<int>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ",";
    out += std::to_string(values[i]);
  }
  return out + "}";
}

std::string TextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ",";
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string IsoUtc(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

std::string TimeRanges(const std::vector<std::pair<int64_t, int64_t>>& ranges) {
  std::string out = "{";
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (i > 0) out += ",";
    out += "[" + IsoUtc(ranges[i].first) + "," + IsoUtc(ranges[i].second) + ")";
  }
  return out + "}";
}

}  // namespace lifelong::catalogue
