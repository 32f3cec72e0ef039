// Text lengths as people count them: limits stated "in characters" (the
// protos' and the error messages' word) count Unicode code points of UTF-8,
// so 100 characters are 100 Hangul syllables or 100 Latin letters alike.
//
//   if (common::CodePoints(r.text()) > 100) v.Add("text", "TOO_LONG", ...);
#pragma once

#include <cstddef>
#include <string_view>

namespace lifelong::common {

// The number of code points in UTF-8 `text` (bytes that do not continue a
// sequence; each byte of invalid UTF-8 counts as one).
size_t CodePoints(std::string_view text);

}  // namespace lifelong::common
