// The language of a caller's refusal texts, from its `accept-language`
// request metadata (RFC 9110: "en-US,en;q=0.9,ko;q=0.8"). The services write
// texts in Korean and English; the caller's most preferred of the two wins
// (highest q, the first listed on a tie; q=0 refuses a language; "*" stands
// for Korean). Korean when the header is absent, malformed, or names neither:
// Hanam's portal is Korean first, and a header-less caller (grpcurl, a
// server) reads the same text a citizen's browser set to Korean would.
//
//   Language language = LanguageOf("en-US,en;q=0.9");   // kEnglish
//   LocaleOf(language)                                   // "en"
#pragma once

#include <string_view>

namespace lifelong::common {

enum class Language { kKorean, kEnglish };

Language LanguageOf(std::string_view accept_language);

// The BCP 47 tag sent in google.rpc.LocalizedMessage.locale: "ko" or "en".
std::string_view LocaleOf(Language language);

}  // namespace lifelong::common
