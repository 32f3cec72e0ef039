#include "common/accept_language.h"

#include <gtest/gtest.h>

#include "common/refusal_texts.h"

namespace lifelong::common {
namespace {

TEST(AcceptLanguageTest, KoreanWhenAbsentOrNeitherLanguage) {
  EXPECT_EQ(LanguageOf(""), Language::kKorean);
  EXPECT_EQ(LanguageOf("fr-FR,de;q=0.8"), Language::kKorean);
  EXPECT_EQ(LanguageOf(";;,,"), Language::kKorean);
  EXPECT_EQ(LanguageOf("*"), Language::kKorean);
}

TEST(AcceptLanguageTest, MostPreferredOfKoreanAndEnglish) {
  EXPECT_EQ(LanguageOf("en-US,en;q=0.9"), Language::kEnglish);
  EXPECT_EQ(LanguageOf("ko-KR"), Language::kKorean);
  EXPECT_EQ(LanguageOf("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"),
            Language::kKorean);
  EXPECT_EQ(LanguageOf("fr, en;q=0.5, ko;q=0.4"), Language::kEnglish);
  EXPECT_EQ(LanguageOf("en;q=0.3, KO;Q=0.6"), Language::kKorean);
  EXPECT_EQ(LanguageOf("EN-gb"), Language::kEnglish);
}

TEST(AcceptLanguageTest, FirstListedWinsATie) {
  EXPECT_EQ(LanguageOf("en, ko"), Language::kEnglish);
  EXPECT_EQ(LanguageOf("ko;q=0.5, en;q=0.5"), Language::kKorean);
}

TEST(AcceptLanguageTest, ZeroRefusesAndMalformedWeightsCountForNothing) {
  EXPECT_EQ(LanguageOf("ko;q=0, en;q=0.1"), Language::kEnglish);
  EXPECT_EQ(LanguageOf("ko;q=abc, en;q=0.2"), Language::kEnglish);
  EXPECT_EQ(LanguageOf("ko;q=2, en;q=0.2"), Language::kEnglish);
}

TEST(AcceptLanguageTest, Locales) {
  EXPECT_EQ(LocaleOf(Language::kKorean), "ko");
  EXPECT_EQ(LocaleOf(Language::kEnglish), "en");
}

TEST(RefusalTextsTest, ServiceTextThenCommonThenGenericNeverEmpty) {
  RefusalTexts service{{"SLOT_TAKEN", {"이미 예약된 시간입니다.", "Taken."}}};
  EXPECT_EQ(RefusalTextFor(&service, "SLOT_TAKEN",
                           absl::StatusCode::kFailedPrecondition)
                .In(Language::kEnglish),
            "Taken.");
  EXPECT_EQ(
      RefusalTextFor(&service, "TOO_LONG", absl::StatusCode::kInvalidArgument)
          .ko,
      CommonRefusalTexts().Find("TOO_LONG")->ko);
  EXPECT_EQ(
      RefusalTextFor(nullptr, "NO_SUCH_REASON", absl::StatusCode::kNotFound).ko,
      GenericRefusalText(absl::StatusCode::kNotFound).ko);
  for (int code = 1; code <= 16; ++code) {
    const RefusalText& text =
        GenericRefusalText(static_cast<absl::StatusCode>(code));
    EXPECT_FALSE(text.ko.empty()) << code;
    EXPECT_FALSE(text.en.empty()) << code;
  }
  for (const auto& [reason, text] : CommonRefusalTexts().all()) {
    EXPECT_FALSE(text.ko.empty()) << reason;
    EXPECT_FALSE(text.en.empty()) << reason;
  }
}

}  // namespace
}  // namespace lifelong::common
