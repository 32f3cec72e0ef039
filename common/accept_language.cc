#include "common/accept_language.h"

#include <cctype>
#include <cstdlib>
#include <optional>
#include <string>

namespace lifelong::common {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(c));
  return out;
}

// The weight of "q=0.8" (0 to 1, at most three decimals); nullopt if bad.
std::optional<double> Weight(std::string_view parameter) {
  parameter = Trim(parameter);
  if (parameter.size() < 3 || (parameter[0] != 'q' && parameter[0] != 'Q') ||
      parameter[1] != '=') {
    return std::nullopt;
  }
  std::string value(Trim(parameter.substr(2)));
  if (value.empty() || value.size() > 5) return std::nullopt;
  for (char c : value) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') {
      return std::nullopt;
    }
  }
  double q = std::strtod(value.c_str(), nullptr);
  if (q < 0 || q > 1) return std::nullopt;
  return q;
}

}  // namespace

Language LanguageOf(std::string_view accept_language) {
  std::optional<Language> best;
  double best_q = 0;
  while (!accept_language.empty()) {
    size_t comma = accept_language.find(',');
    std::string_view entry = accept_language.substr(0, comma);
    accept_language = comma == std::string_view::npos
                          ? std::string_view()
                          : accept_language.substr(comma + 1);
    size_t semicolon = entry.find(';');
    std::string tag = Lower(Trim(entry.substr(0, semicolon)));
    double q = 1;
    if (semicolon != std::string_view::npos) {
      std::optional<double> weight = Weight(entry.substr(semicolon + 1));
      if (!weight) continue;  // a malformed entry counts for nothing
      q = *weight;
    }
    std::string primary = tag.substr(0, tag.find('-'));
    std::optional<Language> language;
    if (primary == "ko" || primary == "*") language = Language::kKorean;
    if (primary == "en") language = Language::kEnglish;
    if (!language || q <= 0) continue;
    if (!best || q > best_q) {
      best = language;
      best_q = q;
    }
  }
  return best.value_or(Language::kKorean);
}

std::string_view LocaleOf(Language language) {
  return language == Language::kEnglish ? "en" : "ko";
}

}  // namespace lifelong::common
