// Opaque page tokens for List and Search calls (AIP-158), by keyset: a token
// holds the sort key and id of the last item returned, so pages stay stable
// while rows are inserted. A token is bound to the query it came from; used
// with other filters it is refused (INVALID_ARGUMENT, field page_token).
//
//   int size = PageSize(request.page_size(), violations);   // 0 -> 50, max 100
//   absl::StatusOr<PageCursor> after = DecodePageToken(request.page_token(),
//   query);
//   ... WHERE (created_at, id) > (after.sort_key, after.id) LIMIT size + 1 ...
//   response.set_next_page_token(EncodePageToken({last_key, last_id}, query));
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/errors.h"

namespace lifelong::common {

struct PageCursor {
  std::string sort_key;  // the last item's sort value, as text
  std::string id;
};

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 100;

// 0 means the default; above the maximum is clamped; negative is a violation.
int PageSize(int requested, FieldViolations& violations);

// `query` is any string that identifies the filters (a fingerprint).
std::string EncodePageToken(const PageCursor& cursor, const std::string& query);
// nullopt for an empty token (the first page).
absl::StatusOr<std::optional<PageCursor>> DecodePageToken(
    const std::string& token, const std::string& query);

}  // namespace lifelong::common
