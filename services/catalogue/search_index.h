// Search over published offerings, served from memory so that browsing never
// waits on the database: an immutable snapshot (offerings in start order and
// a byte-trigram index of their texts) plus a small overlay of offerings
// changed since the snapshot was built. PostgreSQL stays the truth:
//   - a change made through this process is applied at once (Refresh after
//     its commit), so a caller reads its own writes;
//   - every change NOTIFYs "catalogue_offerings" with the offering id, and
//     each replica's listener refreshes that offering;
//   - a background rebuild folds the overlay into a new snapshot, and a full
//     reload every few minutes is the safety net.
//
//   SearchIndex index(pool, dsn, utc_offset);
//   index.Start();                    // loads everything, then listens
//   SearchPage page = index.Search(request, cursor, 20, now);
//   index.Refresh(offering_id);       // after a local commit
//
// Thread-safe: searches share a read lock; refreshes are brief writes.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/application_open.h"
#include "common/page_token.h"
#include "common/pg/pool.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"

namespace lifelong::catalogue {

inline constexpr char kOfferingChannel[] = "catalogue_offerings";

// One published offering with what the filters look at.
struct SearchDoc {
  std::string id;
  v1::Offering offering;  // as stored; the caller derives running etc.
  v1::Offering basic;     // OFFERING_VIEW_BASIC (see the proto)
  std::string text;       // lower-cased titles and descriptions
  std::string title;      // lower-cased titles, for relevance
  std::vector<std::string> category_path;
  std::string centre_id;
  std::string district;
  uint32_t audiences = 0, delivery = 0, days = 0, times = 0, accessibility = 0,
           venue_kind = 0;  // bit sets (venue_kind: one bit, none online)
  int64_t fee_krw = 0;
  int min_age = 0, max_age = 0;
  int64_t first_start = 0;
  // What "open for application now" reads (common/application_open.h).
  common::OfferingSchedule schedule;
};

struct SearchPage {
  // Shared with the index: copy what the response needs.
  std::vector<std::shared_ptr<const SearchDoc>> docs;
  std::optional<common::PageCursor> next;
  int total = 0;  // matches, at most 10,000
};

class SearchIndex {
 public:
  SearchIndex(common::PgPool& pool, std::string listen_dsn);
  ~SearchIndex();

  // Loads every published offering, then listens for changes on its own
  // thread. Throws on database errors at load.
  void Start();
  void Stop();

  // Re-reads one offering (dropping it when no longer published).
  void Refresh(const std::string& offering_id);
  // Reloads everything (after a change that touches many offerings).
  void Reload();

  SearchPage Search(const v1::SearchOfferingsRequest& request,
                    const std::optional<common::PageCursor>& after, int limit,
                    int64_t now) const;

  size_t size() const;

 private:
  struct Snapshot;
  std::shared_ptr<const Snapshot> Build(
      std::vector<std::shared_ptr<const SearchDoc>> docs) const;
  std::vector<std::shared_ptr<const SearchDoc>> Load(
      const std::string& id_or_empty);
  void Listen();

  common::PgPool& pool_;
  const std::string listen_dsn_;
  mutable std::shared_mutex mu_;
  std::shared_ptr<const Snapshot> base_;
  // Changed since `base_`: id -> doc, or nullptr when removed.
  std::map<std::string, std::shared_ptr<const SearchDoc>> overlay_;
  std::atomic<bool> stopping_{false};
  std::thread listener_;
};

}  // namespace lifelong::catalogue
