// Every refusal reason a service's code names has a text for people in
// Korean and English (its services/<svc>/<svc>_messages.cc, or the common
// texts of common/refusal_texts.cc) and a row in its refusal table
// (docs/<svc>/refusals.md, or docs/common/refusals.md), so a new reason
// cannot reach a portal without a message or a meaning. Reads the sources:
// a reason is any UPPER_SNAKE string literal outside comments and tests,
// except the few literals below that are not reasons (Redis commands, SQL
// and enum values). A unit test: needs no running service.
#include "common/refusal_texts.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "services/catalogue/catalogue_messages.h"
#include "services/community/community_messages.h"
#include "services/consulting/consulting_messages.h"
#include "services/enrolment/enrolment_messages.h"
#include "services/identity/identity_messages.h"

namespace lifelong {
namespace {

namespace fs = std::filesystem;

std::string RepoRoot() {
  std::string file = __FILE__;
  return file.substr(0, file.rfind("/tests/refusals/"));
}

// UPPER_SNAKE literals that are not reasons, by source folder.
const std::map<std::string, std::set<std::string>>& NotReasons() {
  static const std::map<std::string, std::set<std::string>> kNot{
      // Redis commands and replies, health states, an RFC 3339 format.
      {"common",
       {"AUTH",       "BUSY",     "DEL",         "DISCARD",  "EVAL", "EXEC",
        "EXPIRE",     "GET",      "GT",          "HMGET",    "HSET", "LOADING",
        "MASTERDOWN", "MULTI",    "NOT_SERVING", "NX",       "OK",   "SADD",
        "SERVING",    "SMEMBERS", "SREM",        "TRYAGAIN", "T",    "Z"}},
      // Redis commands, SQL, an enum value's name, settings' names.
      {"identity",
       {"DEL", "EXPIRE", "GET", "HGET", "INCR", "NX", "TTL", "UPDATE",
        "PRIORITY_GROUP_BASIC_LIVELIHOOD", "EMAIL", "PASSWORD"}},
      {"catalogue", {}},
      // Parts of an RFC 3339 format.
      {"enrolment", {"T", "Z"}},
      // Slot verdicts that are never a refusal.
      {"consulting", {"FREE", "UNKNOWN"}},
      // Stored statuses and kinds, the check-in code alphabet, a log word.
      {"community",
       {"CANCELLED", "CONFIRMED", "POSTPONED", "RESCHEDULED", "SCHEDULED",
        "SERIES", "WAITLISTED", "ABCDEFGHJKMNPQRSTUVWXYZ23456789", "NO", "OK"}},
  };
  return kNot;
}

bool IsTestOrTool(const fs::path& path) {
  std::string name = path.filename().string();
  std::string folder = path.parent_path().string();
  return name.find("_test") != std::string::npos ||
         name.find("_try.") != std::string::npos ||
         name.find("test_server") != std::string::npos ||
         name.find("test_fixture") != std::string::npos ||
         name.find("_messages.") != std::string::npos ||
         name.find("refusal_texts.") != std::string::npos ||
         folder.find("/testing") != std::string::npos;
}

// reason -> the first file:line naming it, under `folder`.
std::map<std::string, std::string> ReasonsIn(const std::string& folder) {
  static const std::regex kLiteral("\"([A-Z][A-Z0-9]*(_[A-Z0-9]+)*)\"");
  static const std::regex kSetting(
      "^(LIFELONG|IDENTITY|CATALOGUE|ENROLMENT|CONSULTING|COMMUNITY)_.*");
  const std::set<std::string>& skip = NotReasons().at(
      folder == "common" ? "common" : folder.substr(folder.rfind('/') + 1));
  std::map<std::string, std::string> reasons;
  for (const auto& entry :
       fs::recursive_directory_iterator(RepoRoot() + "/" + folder)) {
    const fs::path& path = entry.path();
    if (path.extension() != ".cc" && path.extension() != ".h") continue;
    if (IsTestOrTool(path)) continue;
    std::ifstream in(path);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      size_t first = line.find_first_not_of(" \t");
      if (first != std::string::npos && line.compare(first, 2, "//") == 0) {
        continue;  // a comment's example is not a use
      }
      for (std::sregex_iterator it(line.begin(), line.end(), kLiteral), end;
           it != end; ++it) {
        std::string literal = (*it)[1];
        if (std::regex_match(literal, kSetting) || skip.count(literal)) {
          continue;
        }
        reasons.emplace(
            literal, path.filename().string() + ":" + std::to_string(number));
      }
    }
  }
  return reasons;
}

// The reasons in the first column of a refusal table: "| `REASON` |".
std::set<std::string> DocumentedIn(const std::string& doc) {
  std::ifstream in(RepoRoot() + "/" + doc);
  EXPECT_TRUE(in.good()) << doc;
  static const std::regex kRow("^\\| *`([A-Z][A-Z0-9_]*)` *\\|");
  std::set<std::string> documented;
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, kRow)) documented.insert(m[1]);
  }
  return documented;
}

bool HasHangul(std::string_view text) {
  // U+AC00..U+D7A3 in UTF-8 start with 0xEA..0xED.
  for (unsigned char c : text) {
    if (c >= 0xEA && c <= 0xED) return true;
  }
  return false;
}

void ExpectComplete(const common::RefusalTexts& texts, const std::string& who) {
  for (const auto& [reason, text] : texts.all()) {
    EXPECT_TRUE(HasHangul(text.ko)) << who << " " << reason << ": no Korean";
    EXPECT_FALSE(text.en.empty()) << who << " " << reason << ": no English";
    EXPECT_TRUE(!text.ko.empty() && text.ko.back() == '.')
        << who << " " << reason << ": a sentence, please";
  }
}

struct Service {
  const char* name;
  const common::RefusalTexts& texts;
};

const Service kServices[] = {
    {"identity", identity::IdentityRefusalTexts()},
    {"catalogue", catalogue::CatalogueRefusalTexts()},
    {"enrolment", enrolment::EnrolmentRefusalTexts()},
    {"consulting", consulting::ConsultingRefusalTexts()},
    {"community", community::CommunityRefusalTexts()},
};

TEST(RefusalTextsTest, EveryReasonInAServiceHasKoreanAndEnglishTexts) {
  for (const Service& service : kServices) {
    std::map<std::string, std::string> reasons =
        ReasonsIn(std::string("services/") + service.name);
    EXPECT_GT(reasons.size(), 5u) << service.name;
    for (const auto& [reason, where] : reasons) {
      EXPECT_TRUE(service.texts.Find(reason) != nullptr ||
                  common::CommonRefusalTexts().Find(reason) != nullptr)
          << reason << " (" << where << ") has no text in services/"
          << service.name << "/" << service.name
          << "_messages.cc or common/refusal_texts.cc";
    }
    ExpectComplete(service.texts, service.name);
  }
}

TEST(RefusalTextsTest, EveryReasonOfCommonCodeHasKoreanAndEnglishTexts) {
  for (const auto& [reason, where] : ReasonsIn("common")) {
    EXPECT_NE(common::CommonRefusalTexts().Find(reason), nullptr)
        << reason << " (" << where << ") has no text in "
        << "common/refusal_texts.cc";
  }
  ExpectComplete(common::CommonRefusalTexts(), "common");
}

TEST(RefusalDocsTest, EveryReasonInAServiceIsInItsRefusalTable) {
  std::set<std::string> common_rows = DocumentedIn("docs/common/refusals.md");
  for (const Service& service : kServices) {
    std::string doc = std::string("docs/") + service.name + "/refusals.md";
    std::set<std::string> rows = DocumentedIn(doc);
    for (const auto& [reason, where] :
         ReasonsIn(std::string("services/") + service.name)) {
      EXPECT_TRUE(rows.count(reason) || common_rows.count(reason))
          << reason << " (" << where << ") is not in " << doc
          << " or docs/common/refusals.md";
    }
    // A text without a meaning is a reason nobody can look up.
    for (const auto& [reason, text] : service.texts.all()) {
      EXPECT_TRUE(rows.count(std::string(reason)))
          << reason << " has a text but no row in " << doc;
    }
  }
}

TEST(RefusalDocsTest, EveryCommonReasonIsInTheCommonTable) {
  std::set<std::string> rows = DocumentedIn("docs/common/refusals.md");
  for (const auto& [reason, where] : ReasonsIn("common")) {
    EXPECT_TRUE(rows.count(reason))
        << reason << " (" << where << ") is not in docs/common/refusals.md";
  }
  for (const auto& [reason, text] : common::CommonRefusalTexts().all()) {
    EXPECT_TRUE(rows.count(std::string(reason)))
        << reason << " has a text but no row in docs/common/refusals.md";
  }
}

}  // namespace
}  // namespace lifelong
