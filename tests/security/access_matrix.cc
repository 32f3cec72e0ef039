#include "tests/security/access_matrix.h"

#include <gtest/gtest.h>

#include <fstream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/testing/test_stack.h"

namespace lifelong::testing {
namespace {

AccessCell ParseCell(const std::string& text) {
  AccessCell cell;
  if (text == "yes") {
    cell.allowed_always = true;
  } else if (absl::StartsWith(text, "no: ")) {
    cell.refusal = text.substr(4);
  } else {
    std::vector<std::string> parts = absl::StrSplit(text, "; else ");
    EXPECT_EQ(parts.size(), 2u) << "cell: " << text;
    if (parts.size() == 2) {
      cell.qualifier = parts[0];
      cell.refusal = parts[1];
    }
  }
  return cell;
}

}  // namespace

AccessMatrix ReadAccessMatrix(const std::string& name) {
  std::ifstream in(RepoRoot() + "/docs/security/access.md");
  EXPECT_TRUE(in.good()) << "docs/security/access.md";
  std::string line;
  bool inside = false;
  std::vector<std::string> columns;
  AccessMatrix matrix;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, "<!-- " + name + "-matrix")) inside = true;
    if (absl::StartsWith(line, "<!-- end " + name + "-matrix")) break;
    if (!inside || !absl::StartsWith(line, "|")) continue;
    std::vector<std::string> cells;
    for (absl::string_view c : absl::StrSplit(line, '|')) {
      cells.emplace_back(absl::StripAsciiWhitespace(c));
    }
    // "| a | b |" splits into "", "a", "b", "".
    cells = std::vector<std::string>(cells.begin() + 1, cells.end() - 1);
    if (columns.empty()) {
      columns = cells;
      continue;
    }
    if (absl::StartsWith(cells[0], "---")) continue;
    EXPECT_EQ(cells.size(), columns.size()) << line;
    for (size_t i = 1; i < cells.size() && i < columns.size(); ++i) {
      matrix[cells[0]][columns[i]] = ParseCell(cells[i]);
    }
  }
  EXPECT_FALSE(matrix.empty()) << "no " << name << "-matrix table";
  return matrix;
}

grpc::StatusCode AccessCode(const std::string& name) {
  static const std::map<std::string, grpc::StatusCode> kCodes = {
      {"UNAUTHENTICATED", grpc::StatusCode::UNAUTHENTICATED},
      {"PERMISSION_DENIED", grpc::StatusCode::PERMISSION_DENIED},
      {"NOT_FOUND", grpc::StatusCode::NOT_FOUND}};
  auto it = kCodes.find(name);
  EXPECT_NE(it, kCodes.end()) << "unknown code in the table: " << name;
  return it == kCodes.end() ? grpc::StatusCode::UNKNOWN : it->second;
}

bool IsRefusal(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAUTHENTICATED ||
         code == grpc::StatusCode::PERMISSION_DENIED ||
         code == grpc::StatusCode::NOT_FOUND;
}

}  // namespace lifelong::testing
