// How search text is cut into words: the same for the index and queries.
#pragma once

#include <string>
#include <vector>

namespace lifelong::catalogue {

// Lower-cased (ASCII) words of the text, at most 8, split at spaces and
// ASCII punctuation.
std::vector<std::string> SearchWords(const std::string& text);

}  // namespace lifelong::catalogue
