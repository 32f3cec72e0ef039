#include "services/catalogue/search_index.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <pqxx/pqxx>
#include <unordered_map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/logging.h"
#include "services/catalogue/application_open.h"
#include "services/catalogue/catalogue_repository.h"
#include "services/catalogue/search_words.h"

namespace lifelong::catalogue {
namespace {

// The offering columns OfferingFromRow reads, then the derived search columns.
constexpr char kLoadPublished[] = R"sql(
  SELECT body, centre_id, state, version, EXTRACT(EPOCH FROM created_at)::bigint,
         EXTRACT(EPOCH FROM updated_at)::bigint, id::text, programme_id::text,
         search_text, array_to_string(category_path, ','),
         array_to_string(audiences, ','), district, delivery, fee_krw, min_age,
         max_age, array_to_string(days_of_week, ','),
         array_to_string(times_of_day, ','), array_to_string(accessibility, ','),
         EXTRACT(EPOCH FROM first_start)::bigint
  FROM offerings
  WHERE state = 'published' AND ($1 = '' OR id = NULLIF($1, '')::uuid))sql";

// Venues' kinds: a venue's kind never changes after it is created.
constexpr char kLoadVenues[] = "SELECT id, body FROM venues";

constexpr int kMaxTotal = 10000;

using Bits = std::vector<uint64_t>;

uint32_t BitsOf(const std::string& csv) {
  uint32_t bits = 0;
  for (absl::string_view part : absl::StrSplit(csv, ',', absl::SkipEmpty())) {
    int v = 0;
    if (absl::SimpleAtoi(part, &v) && v >= 0 && v < 32) bits |= 1u << v;
  }
  return bits;
}

uint32_t Trigram(const std::string& s, size_t i) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(s[i])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(s[i + 1])) << 8) |
         static_cast<unsigned char>(s[i + 2]);
}

void Set(Bits& bits, size_t i) { bits[i / 64] |= uint64_t{1} << (i % 64); }
void And(Bits& a, const Bits& b) {
  for (size_t w = 0; w < a.size(); ++w) a[w] &= b[w];
}

// What a result list shows; every field left out is one less to copy,
// send and parse per result.
v1::Offering BasicView(const v1::Offering& o) {
  v1::Offering basic;
  basic.set_name(o.name());
  basic.set_centre(o.centre());
  *basic.mutable_title() = o.title();
  basic.set_term(o.term());
  basic.set_venue(o.venue());
  basic.set_instructor(o.instructor());
  *basic.mutable_centre_display_name() = o.centre_display_name();
  *basic.mutable_venue_display_name() = o.venue_display_name();
  basic.set_delivery(o.delivery());
  basic.set_capacity(o.capacity());
  basic.mutable_fees()->set_fee_krw(o.fees().fee_krw());
  basic.set_selection(o.selection());
  basic.set_state(o.state());
  for (const v1::Session& session : o.sessions()) {
    if (session.state() == v1::SESSION_STATE_SCHEDULED) {
      *basic.add_sessions() = session;
      break;
    }
  }
  return basic;
}

bool Before(const SearchDoc& a, const SearchDoc& b) {
  return a.first_start != b.first_start ? a.first_start < b.first_start
                                        : a.id < b.id;
}

}  // namespace

struct SearchIndex::Snapshot {
  std::vector<std::shared_ptr<const SearchDoc>> docs;  // by (first_start, id)
  std::unordered_map<std::string, uint32_t> position;
  std::unordered_map<uint32_t, std::vector<uint32_t>>
      trigrams;  // ascending positions
  std::array<Bits, 32> audience, delivery, day, time, access, venue_kind;
  Bits free, all;
  std::unordered_map<std::string, Bits> centre, district, category;

  // Words searched before: the documents whose text, and whose title,
  // contains each. Citizens search a small vocabulary, so most queries are
  // answered from here with a few bit-set operations.
  struct WordHits {
    Bits text, title;
  };
  mutable std::mutex cache_mu;
  mutable std::unordered_map<std::string, std::shared_ptr<const WordHits>>
      word_cache;

  Bits Empty() const { return Bits((docs.size() + 63) / 64, 0); }
  std::shared_ptr<const WordHits> Hits(const std::string& word) const;
};

std::shared_ptr<const SearchIndex::Snapshot::WordHits>
SearchIndex::Snapshot::Hits(const std::string& word) const {
  {
    std::lock_guard<std::mutex> lock(cache_mu);
    auto it = word_cache.find(word);
    if (it != word_cache.end()) return it->second;
  }
  auto hits = std::make_shared<WordHits>();
  hits->text = Empty();
  hits->title = Empty();
  auto check = [&](uint32_t p) {
    const SearchDoc& d = *docs[p];
    if (d.text.find(word) == std::string::npos) return;
    Set(hits->text, p);
    if (d.title.find(word) != std::string::npos) Set(hits->title, p);
  };
  if (word.size() < 3) {
    for (uint32_t p = 0; p < docs.size(); ++p) check(p);
  } else {
    // Documents holding every trigram of the word, then checked whole.
    const std::vector<uint32_t>* shortest = nullptr;
    std::vector<const std::vector<uint32_t>*> lists;
    for (size_t k = 0; k + 2 < word.size(); ++k) {
      auto it = trigrams.find(Trigram(word, k));
      if (it == trigrams.end()) {
        lists.clear();
        break;
      }
      lists.push_back(&it->second);
      if (shortest == nullptr || it->second.size() < shortest->size())
        shortest = &it->second;
    }
    if (!lists.empty()) {
      Bits in_all = Empty();
      for (uint32_t p : *shortest) Set(in_all, p);
      for (const auto* list : lists) {
        if (list == shortest) continue;
        Bits in_list = Empty();
        for (uint32_t p : *list) Set(in_list, p);
        And(in_all, in_list);
      }
      for (size_t w = 0; w < in_all.size(); ++w) {
        for (uint64_t bits = in_all[w]; bits != 0; bits &= bits - 1) {
          check(static_cast<uint32_t>(w * 64 + __builtin_ctzll(bits)));
        }
      }
    }
  }
  std::lock_guard<std::mutex> lock(cache_mu);
  if (word_cache.size() >= 4096) word_cache.clear();
  word_cache.emplace(word, hits);
  return hits;
}

SearchIndex::SearchIndex(common::PgPool& pool, std::string listen_dsn)
    : pool_(pool), listen_dsn_(std::move(listen_dsn)), base_(Build({})) {}

SearchIndex::~SearchIndex() { Stop(); }

std::shared_ptr<const SearchIndex::Snapshot> SearchIndex::Build(
    std::vector<std::shared_ptr<const SearchDoc>> docs) const {
  auto s = std::make_shared<Snapshot>();
  std::sort(docs.begin(), docs.end(),
            [](const auto& a, const auto& b) { return Before(*a, *b); });
  s->docs = std::move(docs);
  Bits empty = s->Empty();
  for (auto* group : {&s->audience, &s->delivery, &s->day, &s->time, &s->access,
                      &s->venue_kind}) {
    group->fill(empty);
  }
  s->free = empty;
  s->all = empty;
  auto set_bits = [&](std::array<Bits, 32>& group, uint32_t bits, size_t i) {
    for (int b = 0; b < 32; ++b) {
      if (bits & (1u << b)) Set(group[b], i);
    }
  };
  std::vector<uint32_t> grams;
  for (size_t i = 0; i < s->docs.size(); ++i) {
    const SearchDoc& d = *s->docs[i];
    s->position[d.id] = static_cast<uint32_t>(i);
    Set(s->all, i);
    set_bits(s->audience, d.audiences, i);
    set_bits(s->delivery, d.delivery, i);
    set_bits(s->day, d.days, i);
    set_bits(s->time, d.times, i);
    set_bits(s->access, d.accessibility, i);
    set_bits(s->venue_kind, d.venue_kind, i);
    if (d.fee_krw == 0) Set(s->free, i);
    Set(s->centre.try_emplace(d.centre_id, empty).first->second, i);
    Set(s->district.try_emplace(d.district, empty).first->second, i);
    for (const std::string& c : d.category_path) {
      auto [it, added] = s->category.try_emplace(c, empty);
      Set(it->second, i);
    }
    grams.clear();
    for (size_t k = 0; k + 2 < d.text.size(); ++k)
      grams.push_back(Trigram(d.text, k));
    std::sort(grams.begin(), grams.end());
    grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
    for (uint32_t g : grams) s->trigrams[g].push_back(static_cast<uint32_t>(i));
  }
  return s;
}

std::vector<std::shared_ptr<const SearchDoc>> SearchIndex::Load(
    const std::string& id) {
  std::vector<std::shared_ptr<const SearchDoc>> docs;
  common::PgPool::Lease conn = pool_.Acquire();
  pqxx::read_transaction tx(*conn);
  std::unordered_map<std::string, int> venue_kinds;  // "venues/{id}" -> kind
  for (const pqxx::row& row : tx.exec(kLoadVenues)) {
    v1::Venue venue;
    pqxx::binarystring body(row[1]);
    if (venue.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
      venue_kinds["venues/" + row[0].as<std::string>()] = venue.kind();
    }
  }
  for (const pqxx::row& row : tx.exec_params(kLoadPublished, id)) {
    auto d = std::make_shared<SearchDoc>();
    d->offering = OfferingFromRow(row);
    d->basic = BasicView(d->offering);
    d->id = row[6].as<std::string>();
    d->text = row[8].as<std::string>();
    d->title = d->offering.title().ko() + " " + d->offering.title().en();
    for (char& c : d->title) {
      if (static_cast<unsigned char>(c) < 0x80) c = std::tolower(c);
    }
    d->category_path =
        absl::StrSplit(row[9].as<std::string>(), ',', absl::SkipEmpty());
    d->audiences = BitsOf(row[10].as<std::string>());
    d->centre_id = row[1].as<std::string>();
    d->district = row[11].as<std::string>();
    d->delivery = 1u << row[12].as<int>();
    d->fee_krw = row[13].as<int64_t>();
    d->min_age = row[14].as<int>();
    d->max_age = row[15].as<int>();
    d->days = BitsOf(row[16].as<std::string>());
    d->times = BitsOf(row[17].as<std::string>());
    d->accessibility = BitsOf(row[18].as<std::string>());
    if (auto kind = venue_kinds.find(d->offering.venue());
        kind != venue_kinds.end() && kind->second > 0 && kind->second < 32) {
      d->venue_kind = 1u << kind->second;
    }
    d->first_start = row[19].as<int64_t>();
    d->schedule = ScheduleOf(d->offering);
    docs.push_back(std::move(d));
  }
  return docs;
}

void SearchIndex::Reload() {
  std::shared_ptr<const Snapshot> fresh = Build(Load(""));
  std::unique_lock<std::shared_mutex> lock(mu_);
  base_ = std::move(fresh);
  overlay_.clear();
}

void SearchIndex::Refresh(const std::string& offering_id) {
  std::vector<std::shared_ptr<const SearchDoc>> docs = Load(offering_id);
  std::unique_lock<std::shared_mutex> lock(mu_);
  overlay_[offering_id] = docs.empty() ? nullptr : docs[0];
}

size_t SearchIndex::size() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  size_t n = base_->docs.size();
  for (const auto& [id, doc] : overlay_) {
    bool in_base = base_->position.count(id) > 0;
    n += (doc != nullptr) - in_base;
  }
  return n;
}

void SearchIndex::Start() {
  Reload();
  stopping_ = false;
  listener_ = std::thread([this] { Listen(); });
}

void SearchIndex::Stop() {
  stopping_ = true;
  if (listener_.joinable()) listener_.join();
}

namespace {

class ChangeListener : public pqxx::notification_receiver {
 public:
  ChangeListener(pqxx::connection_base& conn, std::vector<std::string>& changed)
      : pqxx::notification_receiver(conn, kOfferingChannel),
        changed_(changed) {}
  void operator()(const std::string& payload, int) override {
    changed_.push_back(payload);
  }

 private:
  std::vector<std::string>& changed_;
};

}  // namespace

void SearchIndex::Listen() {
  constexpr auto kFullReload = std::chrono::minutes(5);
  auto last_reload = std::chrono::steady_clock::now();
  bool reconnecting = false;  // Start() has just loaded everything
  while (!stopping_) {
    try {
      pqxx::connection conn(listen_dsn_);
      std::vector<std::string> changed;
      ChangeListener listener(conn, changed);
      if (reconnecting) Reload();  // whatever changed while not listening
      reconnecting = true;
      while (!stopping_) {
        conn.await_notification(0, 200000);
        for (const std::string& id : changed) Refresh(id);
        changed.clear();
        bool big_overlay;
        {
          std::shared_lock<std::shared_mutex> lock(mu_);
          big_overlay = overlay_.size() > 256;
        }
        if (big_overlay ||
            std::chrono::steady_clock::now() - last_reload > kFullReload) {
          Reload();
          last_reload = std::chrono::steady_clock::now();
        }
      }
    } catch (const std::exception& e) {
      common::log::Warn("search_index_listen_failed", {{"error", e.what()}});
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
}

SearchPage SearchIndex::Search(const v1::SearchOfferingsRequest& r,
                               const std::optional<common::PageCursor>& after,
                               int limit, int64_t now) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  const Snapshot& s = *base_;
  std::vector<std::string> words = SearchWords(r.text());
  bool by_relevance =
      !words.empty() && r.order() != v1::SEARCH_ORDER_START_DATE;

  // Snapshot candidates: every filter a bit set can answer.
  Bits cand = s.all;
  auto any_of = [&](const std::array<Bits, 32>& group, const auto& values) {
    Bits bits = s.Empty();
    for (int v : values) {
      if (v < 0 || v >= 32) continue;
      for (size_t w = 0; w < bits.size(); ++w) bits[w] |= group[v][w];
    }
    And(cand, bits);
  };
  auto in_map = [&](const std::unordered_map<std::string, Bits>& map,
                    const std::string& key) {
    auto it = map.find(key);
    if (it == map.end()) {
      std::fill(cand.begin(), cand.end(), 0);
    } else {
      And(cand, it->second);
    }
  };
  std::vector<std::shared_ptr<const Snapshot::WordHits>> hits;
  for (const std::string& w : words) {
    hits.push_back(s.Hits(w));
    And(cand, hits.back()->text);
  }
  if (!r.audiences().empty()) any_of(s.audience, r.audiences());
  if (!r.delivery().empty()) any_of(s.delivery, r.delivery());
  if (!r.days_of_week().empty()) any_of(s.day, r.days_of_week());
  if (r.time_of_day() != 0) any_of(s.time, std::array<int, 1>{r.time_of_day()});
  for (int a : r.accessibility()) any_of(s.access, std::array<int, 1>{a});
  if (!r.venue_kinds().empty()) any_of(s.venue_kind, r.venue_kinds());
  if (r.free_only()) And(cand, s.free);
  if (!r.centre().empty()) in_map(s.centre, r.centre().substr(8));
  if (!r.district().empty()) in_map(s.district, r.district());
  if (!r.category().empty()) in_map(s.category, r.category().substr(11));
  for (const auto& [id, doc] : overlay_) {
    auto it = s.position.find(id);
    if (it != s.position.end())
      cand[it->second / 64] &= ~(uint64_t{1} << (it->second % 64));
  }

  // What bit sets cannot say: age and open for application now.
  auto residual = [&](const SearchDoc& d) {
    if (r.age() > 0 && ((d.min_age > 0 && r.age() < d.min_age) ||
                        (d.max_age > 0 && r.age() > d.max_age))) {
      return false;
    }
    if (r.open_for_application_now()) {
      // The rule Apply follows (common/application_open.h).
      return common::ApplicationsOpen(d.schedule, now);
    }
    return true;
  };
  if (r.age() > 0 || r.open_for_application_now()) {
    for (size_t w = 0; w < cand.size(); ++w) {
      for (uint64_t bits = cand[w]; bits != 0; bits &= bits - 1) {
        int b = __builtin_ctzll(bits);
        if (!residual(*s.docs[w * 64 + b])) cand[w] &= ~(uint64_t{1} << b);
      }
    }
  }
  // Overlay documents (changed since the snapshot) go through every filter.
  auto has = [](uint32_t bits, const auto& values) {
    return values.empty() ||
           std::any_of(values.begin(), values.end(), [&](int v) {
             return v >= 0 && v < 32 && ((bits >> v) & 1);
           });
  };
  auto overlay_match = [&](const SearchDoc& d) {
    for (const std::string& w : words) {
      if (d.text.find(w) == std::string::npos) return false;
    }
    return has(d.audiences, r.audiences()) && has(d.delivery, r.delivery()) &&
           has(d.days, r.days_of_week()) &&
           (r.time_of_day() == 0 || ((d.times >> r.time_of_day()) & 1)) &&
           std::all_of(r.accessibility().begin(), r.accessibility().end(),
                       [&](int a) {
                         return a >= 0 && a < 32 &&
                                ((d.accessibility >> a) & 1);
                       }) &&
           (r.venue_kinds().empty() || has(d.venue_kind, r.venue_kinds())) &&
           (!r.free_only() || d.fee_krw == 0) &&
           (r.centre().empty() || d.centre_id == r.centre().substr(8)) &&
           (r.district().empty() || d.district == r.district()) &&
           (r.category().empty() ||
            std::count(d.category_path.begin(), d.category_path.end(),
                       r.category().substr(11)) > 0) &&
           residual(d);
  };

  // Order: more query words in the title first (relevance), then start
  // date and id. Snapshot bits run in start order already, so each score
  // group is built in order and only overlay documents need placing.
  struct Hit {
    int score;
    const SearchDoc* doc;
    const std::shared_ptr<const SearchDoc>* owner;
  };
  auto less = [](const Hit& a, const Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    return Before(*a.doc, *b.doc);
  };
  std::optional<Hit> cursor;
  SearchDoc probe;
  if (after) {
    std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(after->sort_key, ':');
    int score = 0;
    absl::SimpleAtoi(parts.first, &score);
    absl::SimpleAtoi(parts.second, &probe.first_start);
    probe.id = after->id;
    cursor = Hit{score, &probe, nullptr};
  }
  int max_score = by_relevance ? static_cast<int>(words.size()) : 0;
  std::vector<std::vector<Hit>> groups(max_score + 1);  // by score
  int total = 0;
  for (uint64_t word : cand) total += __builtin_popcountll(word);
  size_t wanted = static_cast<size_t>(limit) + 1;
  // In start order the snapshot bits are already sorted: begin after the
  // cursor and stop once the page (and one more) is in hand.
  size_t first_word = 0;
  if (!by_relevance && cursor) {
    first_word = (std::upper_bound(s.docs.begin(), s.docs.end(), &probe,
                                   [](const SearchDoc* a, const auto& b) {
                                     return Before(*a, *b);
                                   }) -
                  s.docs.begin()) /
                 64;
  }
  for (size_t w = first_word; w < cand.size(); ++w) {
    if (!by_relevance && groups[0].size() >= wanted) break;
    for (uint64_t bits = cand[w]; bits != 0; bits &= bits - 1) {
      size_t p = w * 64 + __builtin_ctzll(bits);
      int score = 0;
      for (const auto& h : hits)
        score += by_relevance && ((h->title[p / 64] >> (p % 64)) & 1);
      Hit hit{score, s.docs[p].get(), &s.docs[p]};
      if (cursor && !less(*cursor, hit)) continue;
      // Enough of this score is in hand for any page.
      if (groups[score].size() < wanted) groups[score].push_back(hit);
    }
  }
  for (const auto& [id, doc] : overlay_) {
    if (doc == nullptr || !overlay_match(*doc)) continue;
    ++total;
    int score = 0;
    for (const std::string& w : words)
      score += by_relevance && doc->title.find(w) != std::string::npos;
    Hit hit{score, doc.get(), &doc};
    if (cursor && !less(*cursor, hit)) continue;
    auto& group = groups[score];
    group.insert(std::upper_bound(group.begin(), group.end(), hit, less), hit);
  }

  SearchPage page;
  page.total = std::min(total, kMaxTotal);
  std::vector<Hit> ordered;
  for (int score = max_score; score >= 0 && ordered.size() < wanted; --score) {
    for (const Hit& hit : groups[score]) {
      if (ordered.size() == wanted) break;
      ordered.push_back(hit);
    }
  }
  for (size_t i = 0; i < ordered.size() && static_cast<int>(i) < limit; ++i) {
    page.docs.push_back(*ordered[i].owner);
  }
  if (ordered.size() > static_cast<size_t>(limit)) {
    const Hit& last = ordered[limit - 1];
    page.next = common::PageCursor{std::to_string(last.score) + ":" +
                                       std::to_string(last.doc->first_start),
                                   last.doc->id};
  }
  return page;
}

}  // namespace lifelong::catalogue
