#include "services/catalogue/catalogue_repository.h"

#include "services/catalogue/sql_values.h"

namespace lifelong::catalogue {
namespace {

// The keyset sort key: creation time with microseconds, as text.
constexpr char kCreatedKey[] =
    "to_char(created_at AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

const std::string kInsertCentre =
    "INSERT INTO centres (id, body) VALUES ($1, $2) ON CONFLICT DO NOTHING "
    "RETURNING 1";
const std::string kSelectCentre =
    "SELECT body, EXTRACT(EPOCH FROM created_at)::bigint FROM centres WHERE id "
    "= $1";
const std::string kListCentres =
    std::string("SELECT body, EXTRACT(EPOCH FROM created_at)::bigint, id, ") +
    kCreatedKey +
    " FROM centres WHERE ($1 = '' OR (created_at, id) > (NULLIF($1, "
    "'')::timestamptz, $2))"
    " ORDER BY created_at, id LIMIT $3";

const std::string kInsertVenue =
    "INSERT INTO venues (id, centre_id, body) VALUES ($1, NULLIF($2, ''), $3) "
    "ON CONFLICT DO NOTHING RETURNING 1";
const std::string kSelectVenue = "SELECT body FROM venues WHERE id = $1";
const std::string kListVenues = std::string("SELECT body, id, ") + kCreatedKey +
                                " FROM venues WHERE ($1 = '' OR (created_at, "
                                "id) > (NULLIF($1, '')::timestamptz, $2))"
                                " ORDER BY created_at, id LIMIT $3";

const std::string kListCategories =
    "SELECT id, COALESCE(parent_id, ''), name_ko, name_en FROM categories "
    "ORDER BY id";
const std::string kCategoryPath = R"sql(
  WITH RECURSIVE path(id, parent_id) AS (
    SELECT id, parent_id FROM categories WHERE id = $1
    UNION ALL
    SELECT c.id, c.parent_id FROM categories c JOIN path p ON c.id = p.parent_id)
  SELECT id FROM path)sql";

const std::string kInsertProgramme =
    "INSERT INTO programmes (centre_id, state, body) VALUES ($1, $2, $3) "
    "RETURNING id::text";
const std::string kSelectProgramme =
    "SELECT body, centre_id, state, version, EXTRACT(EPOCH FROM "
    "created_at)::bigint, "
    "EXTRACT(EPOCH FROM updated_at)::bigint, id::text FROM programmes WHERE id "
    "= $1";
const std::string kSaveProgramme =
    "UPDATE programmes SET body = $2, state = $3, version = version + 1, "
    "updated_at = now() WHERE id = $1";
const std::string kListProgrammes =
    "SELECT body, centre_id, state, version, EXTRACT(EPOCH FROM "
    "created_at)::bigint, "
    "EXTRACT(EPOCH FROM updated_at)::bigint, id::text, " +
    std::string(kCreatedKey) +
    " FROM programmes WHERE ($1 = '' OR centre_id = $1)"
    " AND (state <> 'draft' OR $2 OR centre_id = ANY($3::text[]))"
    " AND ($4 = '' OR (created_at, id) > (NULLIF($4, '')::timestamptz, "
    "NULLIF($5, '')::uuid))"
    " ORDER BY created_at, id LIMIT $6";
const std::string kProgrammesExist =
    "SELECT count(*) FROM programmes WHERE id = ANY($1::uuid[])";

const std::string kOfferingColumns =
    "body, centre_id, state, version, EXTRACT(EPOCH FROM created_at)::bigint, "
    "EXTRACT(EPOCH FROM updated_at)::bigint, id::text, programme_id::text";
const std::string kInsertOffering = R"sql(
  INSERT INTO offerings (programme_id, centre_id, state, body, search_text,
    category_path, audiences, district, delivery, fee_krw, min_age, max_age,
    days_of_week, times_of_day, accessibility, first_start, windows)
  VALUES ($1, $2, $3, $4, $5, $6::text[], $7::int[], $8, $9, $10, $11, $12,
    $13::int[], $14::int[], $15::int[], $16::timestamptz, $17::tstzmultirange)
  RETURNING id::text)sql";
// Tells every replica's search index (delivered at commit).
const std::string kNotifyOffering =
    "SELECT pg_notify('catalogue_offerings', $1)";
const std::string kSaveOffering = R"sql(
  UPDATE offerings SET state = $2, body = $3, search_text = $4,
    category_path = $5::text[], audiences = $6::int[], district = $7,
    delivery = $8, fee_krw = $9, min_age = $10, max_age = $11,
    days_of_week = $12::int[], times_of_day = $13::int[],
    accessibility = $14::int[], first_start = $15::timestamptz,
    windows = $16::tstzmultirange, version = version + 1, updated_at = now()
  WHERE id = $1)sql";
const std::string kSelectOffering =
    "SELECT " + kOfferingColumns + " FROM offerings WHERE id = $1";
const std::string kListOfferings =
    "SELECT " + kOfferingColumns + ", " + kCreatedKey +
    " FROM offerings WHERE ($1 = '' OR centre_id = $1)"
    " AND ($2 = '' OR programme_id = NULLIF($2, '')::uuid)"
    " AND (state <> 'draft' OR $3 OR centre_id = ANY($4::text[]))"
    " AND ($5 = '' OR (created_at, id) > (NULLIF($5, '')::timestamptz, "
    "NULLIF($6, '')::uuid))"
    " ORDER BY created_at, id LIMIT $7";
const std::string kOfferingsOfProgramme =
    "SELECT id::text FROM offerings WHERE programme_id = $1";

template <typename Message>
Message Parse(const pqxx::field& field) {
  Message m;
  m.ParseFromString(pqxx::binarystring(field).str());
  return m;
}

std::string StateCode(const std::string& state_name,
                      const std::string& prefix) {
  std::string code = state_name.substr(prefix.size());
  for (char& c : code) c = std::tolower(c);
  return code;
}

v1::Programme ProgrammeOf(const pqxx::row& row) {
  v1::Programme p = Parse<v1::Programme>(row[0]);
  p.set_name("programmes/" + row[6].as<std::string>());
  p.set_centre("centres/" + row[1].as<std::string>());
  p.set_state(row[2].as<std::string>() == "published"
                  ? v1::PROGRAMME_STATE_PUBLISHED
                  : v1::PROGRAMME_STATE_DRAFT);
  p.set_etag("v" + row[3].as<std::string>());
  p.mutable_create_time()->set_seconds(row[4].as<int64_t>());
  p.mutable_update_time()->set_seconds(row[5].as<int64_t>());
  return p;
}

}  // namespace

v1::Offering OfferingFromRow(const pqxx::row& row) {
  v1::Offering o = Parse<v1::Offering>(row[0]);
  o.set_name("offerings/" + row[6].as<std::string>());
  o.set_centre("centres/" + row[1].as<std::string>());
  o.set_programme("programmes/" + row[7].as<std::string>());
  v1::OfferingState state = v1::OFFERING_STATE_UNSPECIFIED;
  std::string name = row[2].as<std::string>();
  for (char& c : name) c = std::toupper(c);
  v1::OfferingState_Parse("OFFERING_STATE_" + name, &state);
  o.set_state(state);
  o.set_etag("v" + row[3].as<std::string>());
  o.mutable_create_time()->set_seconds(row[4].as<int64_t>());
  o.mutable_update_time()->set_seconds(row[5].as<int64_t>());
  return o;
}

namespace {

std::string OfferingStateCode(v1::OfferingState state) {
  return StateCode(v1::OfferingState_Name(state), "OFFERING_STATE_");
}

// Runs a keyset-paginated query whose last column is the sort key and
// whose id is in column `id_column`.
template <typename T, typename Convert, typename... Params>
Rows<T> Paginate(pqxx::work& tx, const std::string& sql, const Page& page,
                 int id_column, Convert convert, Params&&... params) {
  pqxx::result r =
      tx.exec_params(sql, std::forward<Params>(params)..., page.size + 1);
  Rows<T> rows;
  for (int i = 0; i < static_cast<int>(r.size()) && i < page.size; ++i) {
    rows.items.push_back(convert(r[i]));
  }
  if (static_cast<int>(r.size()) > page.size) {
    const pqxx::row& last = r[page.size - 1];
    rows.next = common::PageCursor{last[last.size() - 1].as<std::string>(),
                                   last[id_column].as<std::string>()};
  }
  return rows;
}

std::string AfterKey(const Page& page) {
  return page.after ? page.after->sort_key : "";
}
std::string AfterId(const Page& page) {
  return page.after ? page.after->id : "";
}

}  // namespace

bool InsertCentre(pqxx::work& tx, const std::string& id,
                  const v1::Centre& centre) {
  v1::Centre body = centre;
  body.clear_name();
  body.clear_create_time();
  return !tx.exec_params(kInsertCentre, id,
                         pqxx::binarystring(body.SerializeAsString()))
              .empty();
}

std::optional<v1::Centre> LoadCentre(pqxx::work& tx, const std::string& id) {
  pqxx::result r = tx.exec_params(kSelectCentre, id);
  if (r.empty()) return std::nullopt;
  v1::Centre c = Parse<v1::Centre>(r[0][0]);
  c.set_name("centres/" + id);
  c.mutable_create_time()->set_seconds(r[0][1].as<int64_t>());
  return c;
}

Rows<v1::Centre> ListCentres(pqxx::work& tx, const Page& page) {
  return Paginate<v1::Centre>(
      tx, kListCentres, page, 2,
      [](const pqxx::row& row) {
        v1::Centre c = Parse<v1::Centre>(row[0]);
        c.set_name("centres/" + row[2].as<std::string>());
        c.mutable_create_time()->set_seconds(row[1].as<int64_t>());
        return c;
      },
      AfterKey(page), AfterId(page));
}

bool InsertVenue(pqxx::work& tx, const std::string& id,
                 const v1::Venue& venue) {
  v1::Venue body = venue;
  body.clear_name();
  std::string centre_id =
      venue.centre().empty() ? "" : venue.centre().substr(8);
  return !tx.exec_params(kInsertVenue, id, centre_id,
                         pqxx::binarystring(body.SerializeAsString()))
              .empty();
}

std::optional<v1::Venue> LoadVenue(pqxx::work& tx, const std::string& id) {
  pqxx::result r = tx.exec_params(kSelectVenue, id);
  if (r.empty()) return std::nullopt;
  v1::Venue v = Parse<v1::Venue>(r[0][0]);
  v.set_name("venues/" + id);
  return v;
}

Rows<v1::Venue> ListVenues(pqxx::work& tx, const Page& page) {
  return Paginate<v1::Venue>(
      tx, kListVenues, page, 1,
      [](const pqxx::row& row) {
        v1::Venue v = Parse<v1::Venue>(row[0]);
        v.set_name("venues/" + row[1].as<std::string>());
        return v;
      },
      AfterKey(page), AfterId(page));
}

std::vector<v1::Category> ListCategories(pqxx::work& tx) {
  std::vector<v1::Category> out;
  for (const pqxx::row& row : tx.exec(kListCategories)) {
    v1::Category c;
    c.set_name("categories/" + row[0].as<std::string>());
    std::string parent = row[1].as<std::string>();
    if (!parent.empty()) c.set_parent("categories/" + parent);
    c.mutable_display_name()->set_ko(row[2].as<std::string>());
    c.mutable_display_name()->set_en(row[3].as<std::string>());
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> CategoryPath(pqxx::work& tx, const std::string& id) {
  std::vector<std::string> path;
  for (const pqxx::row& row : tx.exec_params(kCategoryPath, id)) {
    path.push_back(row[0].as<std::string>());
  }
  return path;
}

namespace {
v1::Programme ProgrammeBody(const v1::Programme& p) {
  v1::Programme body = p;
  body.clear_name();
  body.clear_centre();
  body.clear_state();
  body.clear_etag();
  body.clear_create_time();
  body.clear_update_time();
  return body;
}
}  // namespace

std::string InsertProgramme(pqxx::work& tx, const std::string& centre_id,
                            const v1::Programme& programme) {
  return tx
      .exec_params(kInsertProgramme, centre_id, "draft",
                   pqxx::binarystring(
                       ProgrammeBody(programme).SerializeAsString()))[0][0]
      .as<std::string>();
}

std::optional<StoredProgramme> LoadProgramme(pqxx::work& tx,
                                             const std::string& id, bool lock) {
  pqxx::result r =
      tx.exec_params(kSelectProgramme + (lock ? " FOR UPDATE" : ""), id);
  if (r.empty()) return std::nullopt;
  return StoredProgramme{ProgrammeOf(r[0]), r[0][1].as<std::string>(),
                         r[0][3].as<int>()};
}

void SaveProgramme(pqxx::work& tx, const std::string& id,
                   const v1::Programme& p) {
  tx.exec_params(
      kSaveProgramme, id,
      pqxx::binarystring(ProgrammeBody(p).SerializeAsString()),
      p.state() == v1::PROGRAMME_STATE_PUBLISHED ? "published" : "draft");
}

Rows<v1::Programme> ListProgrammes(pqxx::work& tx, const std::string& centre_id,
                                   const Visibility& visibility,
                                   const Page& page) {
  return Paginate<v1::Programme>(
      tx, kListProgrammes, page, 6, ProgrammeOf, centre_id, visibility.all,
      TextArray(visibility.centres), AfterKey(page), AfterId(page));
}

bool ProgrammesExist(pqxx::work& tx, const std::vector<std::string>& ids) {
  if (ids.empty()) return true;
  return tx.exec_params(kProgrammesExist, TextArray(ids))[0][0].as<size_t>() ==
         ids.size();
}

v1::Offering StoredBody(const v1::Offering& offering) {
  v1::Offering body = offering;
  body.clear_name();
  body.clear_centre();
  body.clear_programme();
  body.clear_state();
  body.clear_etag();
  body.clear_application_open();
  body.clear_create_time();
  body.clear_update_time();
  return body;
}

std::string InsertOffering(pqxx::work& tx, const v1::Offering& o,
                           const SearchFields& ix) {
  std::string id =
      tx.exec_params(kInsertOffering, o.programme().substr(11),
                     o.centre().substr(8), OfferingStateCode(o.state()),
                     pqxx::binarystring(StoredBody(o).SerializeAsString()),
                     ix.search_text, TextArray(ix.category_path),
                     IntArray(ix.audiences), ix.district, ix.delivery,
                     ix.fee_krw, ix.min_age, ix.max_age,
                     IntArray(ix.days_of_week), IntArray(ix.times_of_day),
                     IntArray(ix.accessibility), IsoUtc(ix.first_start),
                     TimeRanges(ix.windows))[0][0]
          .as<std::string>();
  tx.exec_params(kNotifyOffering, id);
  return id;
}

std::optional<StoredOffering> LoadOffering(pqxx::work& tx,
                                           const std::string& id, bool lock) {
  pqxx::result r =
      tx.exec_params(kSelectOffering + (lock ? " FOR UPDATE" : ""), id);
  if (r.empty()) return std::nullopt;
  return StoredOffering{OfferingFromRow(r[0]), r[0][1].as<std::string>(),
                        r[0][7].as<std::string>(), r[0][3].as<int>()};
}

void SaveOffering(pqxx::work& tx, const std::string& id, const v1::Offering& o,
                  const SearchFields& ix) {
  tx.exec_params(kSaveOffering, id, OfferingStateCode(o.state()),
                 pqxx::binarystring(StoredBody(o).SerializeAsString()),
                 ix.search_text, TextArray(ix.category_path),
                 IntArray(ix.audiences), ix.district, ix.delivery, ix.fee_krw,
                 ix.min_age, ix.max_age, IntArray(ix.days_of_week),
                 IntArray(ix.times_of_day), IntArray(ix.accessibility),
                 IsoUtc(ix.first_start), TimeRanges(ix.windows));
  tx.exec_params(kNotifyOffering, id);
}

Rows<v1::Offering> ListOfferings(pqxx::work& tx, const std::string& centre_id,
                                 const std::string& programme_id,
                                 const Visibility& visibility,
                                 const Page& page) {
  return Paginate<v1::Offering>(tx, kListOfferings, page, 6, OfferingFromRow,
                                centre_id, programme_id, visibility.all,
                                TextArray(visibility.centres), AfterKey(page),
                                AfterId(page));
}

std::vector<std::string> OfferingIdsOfProgramme(
    pqxx::work& tx, const std::string& programme_id) {
  std::vector<std::string> ids;
  for (const pqxx::row& row :
       tx.exec_params(kOfferingsOfProgramme, programme_id)) {
    ids.push_back(row[0].as<std::string>());
  }
  return ids;
}

}  // namespace lifelong::catalogue
