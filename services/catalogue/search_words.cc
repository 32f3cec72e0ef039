#include "services/catalogue/search_words.h"

#include <cctype>

namespace lifelong::catalogue {

std::vector<std::string> SearchWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && words.size() < 8) words.push_back(word.substr(0, 120));
    word.clear();
  };
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && (std::isspace(u) || std::ispunct(u))) {
      flush();
    } else {
      word += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
    }
  }
  flush();
  return words;
}

}  // namespace lifelong::catalogue
