// Search over published offerings: the SQL for a citizen's filters, built
// with numbered parameters (never with the citizen's text inside the SQL).
//
//   SearchQuery q = BuildSearchQuery(request, cursor, page_size);
//   pqxx::result r = tx.exec_params(q.sql, pqxx::prepare::make_dynamic_params(q.params));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/page_token.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"

namespace lifelong::catalogue {

struct SearchQuery {
  std::string sql;                  // selects the offering columns, then sort key
  std::string count_sql;            // counts matches, at most 10,000
  std::vector<std::string> params;  // $1.. of sql
  std::vector<std::string> count_params;
  bool by_relevance = false;
};

// Lower-cased words of the text, at most 8. ASCII punctuation separates
// words, so no LIKE wildcard (% _ \) survives into a word.
std::vector<std::string> SearchWords(const std::string& text);

// Subcategories match through the stored category paths. `limit` rows are
// selected (page size + 1); `now` (UTC seconds, the service's clock) decides
// which windows are open.
SearchQuery BuildSearchQuery(const v1::SearchOfferingsRequest& request,
                             const std::optional<common::PageCursor>& after,
                             int limit, int64_t now);

}  // namespace lifelong::catalogue
