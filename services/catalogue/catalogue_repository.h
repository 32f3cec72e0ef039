// The catalogue's SQL, each statement named beside the code that runs it.
// Every function works inside the caller's transaction. Programmes and
// offerings are stored whole as protobuf (without their name, state, etag and
// times, which come from columns), beside derived columns for search.
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/page_token.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"

namespace lifelong::catalogue {

// Who may see drafts: admin sees all, centre staff their centres'.
struct Visibility {
  bool all = false;
  std::vector<std::string> centres;  // centre ids
};

struct Page {
  std::optional<common::PageCursor> after;
  int size = 50;
};

// A page of rows plus the cursor of the last one when more follow.
template <typename T>
struct Rows {
  std::vector<T> items;
  std::optional<common::PageCursor> next;
};

bool InsertCentre(pqxx::work& tx, const std::string& id,
                  const v1::Centre& centre);
std::optional<v1::Centre> LoadCentre(pqxx::work& tx, const std::string& id);
Rows<v1::Centre> ListCentres(pqxx::work& tx, const Page& page);

bool InsertVenue(pqxx::work& tx, const std::string& id, const v1::Venue& venue);
std::optional<v1::Venue> LoadVenue(pqxx::work& tx, const std::string& id);
Rows<v1::Venue> ListVenues(pqxx::work& tx, const Page& page);

std::vector<v1::Category> ListCategories(pqxx::work& tx);
// The category id and its ancestors' ids; empty when unknown.
std::vector<std::string> CategoryPath(pqxx::work& tx, const std::string& id);

struct StoredProgramme {
  v1::Programme programme;  // complete, as the API shows it
  std::string centre_id;
  int version = 0;
};
// Returns the new programme's id.
std::string InsertProgramme(pqxx::work& tx, const std::string& centre_id,
                            const v1::Programme& programme);
// FOR UPDATE when `lock`.
std::optional<StoredProgramme> LoadProgramme(pqxx::work& tx,
                                             const std::string& id,
                                             bool lock = false);
// Writes body and state and bumps the version.
void SaveProgramme(pqxx::work& tx, const std::string& id,
                   const v1::Programme& p);
Rows<v1::Programme> ListProgrammes(pqxx::work& tx, const std::string& centre_id,
                                   const Visibility& visibility,
                                   const Page& page);
bool ProgrammesExist(pqxx::work& tx, const std::vector<std::string>& ids);

// What search filters on, derived from an offering, its programme and venue.
struct SearchFields {
  std::string search_text;
  std::vector<std::string> category_path;
  std::vector<int> audiences;
  std::string district;
  int delivery = 0;
  int64_t fee_krw = 0;
  int min_age = 0;
  int max_age = 0;
  std::vector<int> days_of_week;
  std::vector<int> times_of_day;
  std::vector<int> accessibility;
  int64_t first_start = 0;  // UTC seconds
  std::vector<std::pair<int64_t, int64_t>> windows;
};

struct StoredOffering {
  v1::Offering offering;  // state as stored; the service derives running etc.
  std::string centre_id;
  std::string programme_id;
  int version = 0;
};
std::string InsertOffering(pqxx::work& tx, const v1::Offering& offering,
                           const SearchFields& index);
std::optional<StoredOffering> LoadOffering(pqxx::work& tx,
                                           const std::string& id,
                                           bool lock = false);
void SaveOffering(pqxx::work& tx, const std::string& id,
                  const v1::Offering& offering, const SearchFields& index);
Rows<v1::Offering> ListOfferings(pqxx::work& tx, const std::string& centre_id,
                                 const std::string& programme_id,
                                 const Visibility& visibility,
                                 const Page& page);
std::vector<std::string> OfferingIdsOfProgramme(
    pqxx::work& tx, const std::string& programme_id);

// An offering from a row whose first columns are those LoadOffering selects
// (offering_search.h selects them too).
v1::Offering OfferingFromRow(const pqxx::row& row);

// Offering body as stored: without name, state, etag and times.
v1::Offering StoredBody(const v1::Offering& offering);

}  // namespace lifelong::catalogue
