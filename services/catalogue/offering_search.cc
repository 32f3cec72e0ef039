#include "services/catalogue/offering_search.h"

#include <cctype>

#include "services/catalogue/sql_values.h"

namespace lifelong::catalogue {
namespace {

// Accumulates WHERE clauses and their parameters.
class Filters {
 public:
  // Adds `clause` with "$?" standing for the next parameter.
  void Add(const std::string& clause, const std::string& value) {
    params_.push_back(value);
    std::string text = clause;
    size_t at = text.find("$?");
    text.replace(at, 2, "$" + std::to_string(params_.size()));
    where_ += " AND " + text;
  }
  void Add(const std::string& clause) { where_ += " AND " + clause; }
  std::string Param(const std::string& value) {
    params_.push_back(value);
    return "$" + std::to_string(params_.size());
  }
  const std::string& where() const { return where_; }
  const std::vector<std::string>& params() const { return params_; }

 private:
  std::string where_ = "state = 'published'";
  std::vector<std::string> params_;
};

}  // namespace

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

SearchQuery BuildSearchQuery(const v1::SearchOfferingsRequest& r,
                             const std::optional<common::PageCursor>& after,
                             int limit, int64_t now) {
  Filters f;
  std::vector<std::string> words = SearchWords(r.text());
  for (const std::string& w : words) {
    f.Add("search_text LIKE '%' || $? || '%'", w);
  }
  if (!r.category().empty()) {
    f.Add("category_path @> ARRAY[$?]::text[]", r.category().substr(11));
  }
  if (!r.audiences().empty()) {
    f.Add("audiences && $?::int[]",
          IntArray(std::vector<int>(r.audiences().begin(), r.audiences().end())));
  }
  if (!r.centre().empty()) f.Add("centre_id = $?", r.centre().substr(8));
  if (!r.district().empty()) f.Add("district = $?", r.district());
  if (!r.days_of_week().empty()) {
    f.Add("days_of_week && $?::int[]",
          IntArray(std::vector<int>(r.days_of_week().begin(), r.days_of_week().end())));
  }
  if (r.time_of_day() != v1::TIME_OF_DAY_UNSPECIFIED) {
    f.Add("times_of_day @> ARRAY[$?::int]", std::to_string(r.time_of_day()));
  }
  if (!r.delivery().empty()) {
    f.Add("delivery = ANY($?::int[])",
          IntArray(std::vector<int>(r.delivery().begin(), r.delivery().end())));
  }
  if (!r.accessibility().empty()) {
    f.Add("accessibility @> $?::int[]",
          IntArray(std::vector<int>(r.accessibility().begin(), r.accessibility().end())));
  }
  if (r.free_only()) f.Add("fee_krw = 0");
  if (r.open_for_application_now()) {
    f.Add("windows @> to_timestamp($?::bigint)", std::to_string(now));
  }
  if (r.age() > 0) {
    std::string age = f.Param(std::to_string(r.age()));
    f.Add("(min_age = 0 OR min_age <= " + age + "::int) AND (max_age = 0 OR max_age >= " +
          age + "::int)");
  }

  SearchQuery q;
  q.count_sql = "SELECT count(*) FROM (SELECT 1 FROM offerings WHERE " + f.where() +
                " LIMIT 10000) matches";
  q.count_params = f.params();

  q.by_relevance = !words.empty() && r.order() != v1::SEARCH_ORDER_START_DATE;
  std::string columns =
      "body, centre_id, state, version, EXTRACT(EPOCH FROM created_at)::bigint, "
      "EXTRACT(EPOCH FROM updated_at)::bigint, id::text, programme_id::text";
  if (q.by_relevance) {
    // Higher score first, then id; the cursor holds the last score.
    std::string text = f.Param(r.text());
    std::string score = "word_similarity(lower(" + text + "), search_text)";
    std::string where = f.where();
    if (after) {
      std::string key = f.Param(after->sort_key);
      std::string id = f.Param(after->id);
      where += " AND (" + score + " < " + key + "::real OR (" + score + " = " + key +
               "::real AND id > " + id + "::uuid))";
    }
    q.sql = "SELECT " + columns + ", " + score + "::text FROM offerings WHERE " + where +
            " ORDER BY " + score + " DESC, id LIMIT " + std::to_string(limit);
  } else {
    std::string where = f.where();
    if (after) {
      std::string key = f.Param(after->sort_key);
      std::string id = f.Param(after->id);
      where += " AND (first_start, id) > (" + key + "::timestamptz, " + id + "::uuid)";
    }
    q.sql = "SELECT " + columns +
            ", to_char(first_start AT TIME ZONE 'UTC', "
            "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM offerings WHERE " +
            where + " ORDER BY first_start, id LIMIT " + std::to_string(limit);
  }
  q.params = f.params();
  return q;
}

}  // namespace lifelong::catalogue
