#include "common/resource_name.h"

#include <cctype>

namespace lifelong::common {

std::string CanonicalName(const std::string& name) {
  std::string out = name;
  size_t slash = out.rfind('/');
  for (size_t i = slash == std::string::npos ? 0 : slash + 1; i < out.size();
       ++i) {
    out[i] =
        static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
  }
  return out;
}

bool IsUuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

std::string UuidOf(const std::string& name, const std::string& collection,
                   const std::string& field, FieldViolations& violations) {
  std::string prefix = collection + "/";
  std::string id = name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : "";
  if (!IsUuid(id)) {
    violations.Add(field, name.empty() ? "REQUIRED" : "INVALID_NAME",
                   "a resource name \"" + prefix + "{uuid}\"");
    return "";
  }
  return id;
}

}  // namespace lifelong::common
