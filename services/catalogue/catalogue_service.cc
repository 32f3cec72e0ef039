#include "services/catalogue/catalogue_service.h"

#include <google/protobuf/util/field_mask_util.h>

#include <algorithm>
#include <set>

#include "common/errors.h"
#include "common/outbox/outbox.h"
#include "common/page_token.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "common/text.h"
#include "lifelong/catalogue/events/v1/catalogue_events.pb.h"
#include "services/catalogue/catalogue_repository.h"
#include "services/catalogue/catalogue_validation.h"

namespace lifelong::catalogue {
namespace {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;
namespace event_pb = lifelong::catalogue::events::v1;

// The id in "<collection>/<id>"; a violation when malformed.
std::string IdOf(const std::string& name, const std::string& collection,
                 const std::string& field, FieldViolations& v) {
  std::string prefix = collection + "/";
  std::string id = name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : "";
  bool uuid_ids = collection == "programmes" || collection == "offerings";
  if (uuid_ids ? !common::IsUuid(id) : !IsSlug(id)) {
    v.Add(field, name.empty() ? "REQUIRED" : "INVALID_NAME",
          "a resource name \"" + prefix + "{id}\"");
    return "";
  }
  return id;
}

bool CanManage(const common::Caller& caller, const std::string& centre_id) {
  return caller.HasIn(common::kRoleCentreStaff, "centres/" + centre_id);
}

Visibility VisibilityOf(const common::Caller& caller) {
  Visibility v;
  for (const common::RoleGrant& g : caller.roles) {
    if (g.role == common::kRoleAdmin) v.all = true;
    if (g.role == common::kRoleCentreStaff &&
        g.scope.rfind("centres/", 0) == 0) {
      v.centres.push_back(g.scope.substr(8));
    }
  }
  return v;
}

absl::Status NotFound(const std::string& reason, const std::string& name) {
  return Error(StatusCode::kNotFound, reason, name + " not found");
}

absl::Status Denied() {
  return Error(StatusCode::kPermissionDenied, "NOT_YOUR_CENTRE",
               "only the centre's staff or an admin may change this");
}

// An empty etag skips the check unless `required`.
absl::Status CheckEtag(const std::string& given, const std::string& current,
                       bool required) {
  if (given.empty() && !required) return absl::OkStatus();
  if (given != current) {
    return Error(
        StatusCode::kAborted, "ETAG_MISMATCH",
        "changed since it was read (etag " + current + "); read it again");
  }
  return absl::OkStatus();
}

absl::Status WrongState(const std::string& what, const std::string& expected) {
  return Error(StatusCode::kFailedPrecondition, "INVALID_STATE",
               what + " must be " + expected);
}

std::string Lower(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x80) c = std::tolower(c);
  }
  return out;
}

// Sessions get stable ids s1, s2, ... and start SCHEDULED.
void NumberSessions(v1::Offering& offering) {
  for (int i = 0; i < offering.sessions_size(); ++i) {
    offering.mutable_sessions(i)->set_session_id("s" + std::to_string(i + 1));
    offering.mutable_sessions(i)->set_state(v1::SESSION_STATE_SCHEDULED);
  }
}

SearchFields BuildIndex(pqxx::work& tx, const v1::Offering& o,
                        const v1::Programme& programme, const v1::Venue* venue,
                        const std::string& centre_district,
                        int utc_offset_minutes) {
  SearchFields ix;
  ix.search_text =
      Lower(programme.title().ko() + " " + programme.title().en() + " " +
            programme.description().ko() + " " + programme.description().en());
  ix.category_path = CategoryPath(tx, programme.category().substr(11));
  ix.audiences.assign(programme.audiences().begin(),
                      programme.audiences().end());
  ix.district = venue != nullptr ? venue->district() : centre_district;
  ix.delivery = o.delivery();
  ix.fee_krw = o.fees().fee_krw();
  ix.min_age = std::max(o.eligibility().min_age(), programme.min_age());
  int max_o = o.eligibility().max_age(), max_p = programme.max_age();
  ix.max_age = max_o == 0 ? max_p : max_p == 0 ? max_o : std::min(max_o, max_p);
  std::set<int> days, times;
  ix.first_start = 0;
  for (const v1::Session& s : o.sessions()) {
    if (s.state() == v1::SESSION_STATE_CANCELLED) continue;
    LocalTime local = ToLocal(s.start_time().seconds(), utc_offset_minutes);
    days.insert(local.day_of_week);
    times.insert(local.minute < 12 * 60   ? v1::TIME_OF_DAY_MORNING
                 : local.minute < 18 * 60 ? v1::TIME_OF_DAY_AFTERNOON
                                          : v1::TIME_OF_DAY_EVENING);
    if (ix.first_start == 0 || s.start_time().seconds() < ix.first_start) {
      ix.first_start = s.start_time().seconds();
    }
  }
  if (ix.first_start == 0 && !o.sessions().empty()) {
    ix.first_start = o.sessions(0).start_time().seconds();
  }
  ix.days_of_week.assign(days.begin(), days.end());
  ix.times_of_day.assign(times.begin(), times.end());
  if (venue != nullptr) {
    ix.accessibility.assign(venue->accessibility().begin(),
                            venue->accessibility().end());
  }
  for (const v1::ApplicationWindow& w : o.windows()) {
    ix.windows.emplace_back(w.open_time().seconds(), w.close_time().seconds());
  }
  return ix;
}

common::IdempotencyKey KeyFor(const common::Caller& caller, const char* method,
                              const google::protobuf::Message& request,
                              const std::string& request_id) {
  return {caller.account, method, request_id, common::Fingerprint(request)};
}

// Decodes the page token and size of a List call; `query` binds the token.
template <typename Request>
absl::StatusOr<Page> PageOf(const Request& r, const std::string& query) {
  FieldViolations v;
  Page page;
  page.size = common::PageSize(r.page_size(), v);
  if (!v.empty()) return v.ToStatus();
  absl::StatusOr<std::optional<common::PageCursor>> after =
      common::DecodePageToken(r.page_token(), query);
  if (!after.ok()) return after.status();
  page.after = *after;
  return page;
}

template <typename T>
std::string NextToken(const Rows<T>& rows, const std::string& query) {
  return rows.next ? common::EncodePageToken(*rows.next, query) : "";
}

}  // namespace

CatalogueService::CatalogueService(common::PgPool& pool, SearchIndex& index,
                                   CatalogueOptions options)
    : pool_(pool), index_(index), options_(std::move(options)) {}

template <typename Response>
absl::StatusOr<Response> CatalogueService::Indexed(
    absl::StatusOr<Response> result) {
  if (result.ok()) index_.Refresh(result->offering().name().substr(10));
  return result;
}

v1::Offering CatalogueService::Present(v1::Offering o) const {
  PresentInto(o, o);
  return o;
}

void CatalogueService::PresentInto(const v1::Offering& o,
                                   v1::Offering& out) const {
  if (o.state() != v1::OFFERING_STATE_PUBLISHED) return;
  int64_t now = options_.now();
  int64_t first = 0, last = 0;
  for (const v1::Session& s : o.sessions()) {
    if (s.state() == v1::SESSION_STATE_CANCELLED) continue;
    if (first == 0 || s.start_time().seconds() < first)
      first = s.start_time().seconds();
    last = std::max(last, s.end_time().seconds());
  }
  v1::OfferingState state =
      last > 0 && now >= last     ? v1::OFFERING_STATE_COMPLETED
      : first > 0 && now >= first ? v1::OFFERING_STATE_RUNNING
                                  : v1::OFFERING_STATE_PUBLISHED;
  bool open = false;
  for (const v1::ApplicationWindow& w : o.windows()) {
    open |= state == v1::OFFERING_STATE_PUBLISHED &&
            w.open_time().seconds() <= now && now < w.close_time().seconds();
  }
  out.set_state(state);
  out.set_application_open(open);
}

// ---------------------------------------------------------------- centres

absl::StatusOr<v1::CreateCentreResponse> CatalogueService::CreateCentre(
    const Caller& caller, const v1::CreateCentreRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  if (!IsSlug(r.centre_id()))
    v.Add("centre_id", "INVALID_FORMAT", "1 to 40 of [a-z0-9-]");
  ValidateCentre(r.centre(), v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::CreateCentreResponse>(
        tx, KeyFor(caller, "CreateCentre", r, r.request_id()),
        [&]() -> absl::StatusOr<v1::CreateCentreResponse> {
          if (!InsertCentre(tx, r.centre_id(), r.centre())) {
            return Error(StatusCode::kAlreadyExists, "CENTRE_EXISTS",
                         "centres/" + r.centre_id() + " exists");
          }
          v1::CreateCentreResponse response;
          *response.mutable_centre() = *LoadCentre(tx, r.centre_id());
          return response;
        });
  });
}

absl::StatusOr<v1::GetCentreResponse> CatalogueService::GetCentre(
    const common::Caller&, const v1::GetCentreRequest& r) {
  FieldViolations v;
  std::string id = IdOf(r.name(), "centres", "name", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::GetCentreResponse> {
        std::optional<v1::Centre> centre = LoadCentre(tx, id);
        if (!centre) return NotFound("CENTRE_NOT_FOUND", r.name());
        v1::GetCentreResponse response;
        *response.mutable_centre() = std::move(*centre);
        return response;
      });
}

absl::StatusOr<v1::ListCentresResponse> CatalogueService::ListCentres(
    const common::Caller&, const v1::ListCentresRequest& r) {
  absl::StatusOr<Page> page = PageOf(r, "centres");
  if (!page.ok()) return page.status();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListCentresResponse> {
        Rows<v1::Centre> rows = catalogue::ListCentres(tx, *page);
        v1::ListCentresResponse response;
        for (v1::Centre& c : rows.items) *response.add_centres() = std::move(c);
        response.set_next_page_token(NextToken(rows, "centres"));
        return response;
      });
}

// ----------------------------------------------------------------- venues

absl::StatusOr<v1::CreateVenueResponse> CatalogueService::CreateVenue(
    const Caller& caller, const v1::CreateVenueRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  if (!IsSlug(r.venue_id()))
    v.Add("venue_id", "INVALID_FORMAT", "1 to 40 of [a-z0-9-]");
  ValidateVenue(r.venue(), v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::CreateVenueResponse>(
        tx, KeyFor(caller, "CreateVenue", r, r.request_id()),
        [&]() -> absl::StatusOr<v1::CreateVenueResponse> {
          if (!r.venue().centre().empty() &&
              !LoadCentre(tx, r.venue().centre().substr(8))) {
            FieldViolations unknown;
            unknown.Add("venue.centre", "UNKNOWN_CENTRE", "no such centre");
            return unknown.ToStatus();
          }
          if (!InsertVenue(tx, r.venue_id(), r.venue())) {
            return Error(StatusCode::kAlreadyExists, "VENUE_EXISTS",
                         "venues/" + r.venue_id() + " exists");
          }
          v1::CreateVenueResponse response;
          *response.mutable_venue() = *LoadVenue(tx, r.venue_id());
          return response;
        });
  });
}

absl::StatusOr<v1::GetVenueResponse> CatalogueService::GetVenue(
    const common::Caller&, const v1::GetVenueRequest& r) {
  FieldViolations v;
  std::string id = IdOf(r.name(), "venues", "name", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::GetVenueResponse> {
        std::optional<v1::Venue> venue = LoadVenue(tx, id);
        if (!venue) return NotFound("VENUE_NOT_FOUND", r.name());
        v1::GetVenueResponse response;
        *response.mutable_venue() = std::move(*venue);
        return response;
      });
}

absl::StatusOr<v1::ListVenuesResponse> CatalogueService::ListVenues(
    const common::Caller&, const v1::ListVenuesRequest& r) {
  absl::StatusOr<Page> page = PageOf(r, "venues");
  if (!page.ok()) return page.status();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListVenuesResponse> {
        Rows<v1::Venue> rows = catalogue::ListVenues(tx, *page);
        v1::ListVenuesResponse response;
        for (v1::Venue& venue : rows.items)
          *response.add_venues() = std::move(venue);
        response.set_next_page_token(NextToken(rows, "venues"));
        return response;
      });
}

absl::StatusOr<v1::ListCategoriesResponse> CatalogueService::ListCategories(
    const common::Caller&, const v1::ListCategoriesRequest&) {
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListCategoriesResponse> {
        v1::ListCategoriesResponse response;
        for (v1::Category& c : catalogue::ListCategories(tx)) {
          *response.add_categories() = std::move(c);
        }
        return response;
      });
}

// ------------------------------------------------------------- programmes

namespace {

// Category and prerequisites exist.
absl::Status CheckProgrammeReferences(pqxx::work& tx, const v1::Programme& p) {
  FieldViolations v;
  if (CategoryPath(tx, p.category().substr(11)).empty()) {
    v.Add("programme.category", "UNKNOWN_CATEGORY",
          "not one of ListCategories");
  }
  std::vector<std::string> ids;
  for (const std::string& name : p.prerequisites())
    ids.push_back(name.substr(11));
  if (!ProgrammesExist(tx, ids)) {
    v.Add("programme.prerequisites", "UNKNOWN_PROGRAMME",
          "a prerequisite does not exist");
  }
  return v.ToStatus();
}

}  // namespace

absl::StatusOr<v1::CreateProgrammeResponse> CatalogueService::CreateProgramme(
    const Caller& caller, const v1::CreateProgrammeRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string centre_id =
      IdOf(r.programme().centre(), "centres", "programme.centre", v);
  ValidateProgramme(r.programme(), "programme.", v);
  if (!v.empty()) return v.ToStatus();
  if (!CanManage(caller, centre_id)) return Denied();
  return common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::CreateProgrammeResponse>(
        tx, KeyFor(caller, "CreateProgramme", r, r.request_id()),
        [&]() -> absl::StatusOr<v1::CreateProgrammeResponse> {
          if (!LoadCentre(tx, centre_id)) {
            FieldViolations unknown;
            unknown.Add("programme.centre", "UNKNOWN_CENTRE", "no such centre");
            return unknown.ToStatus();
          }
          if (absl::Status s = CheckProgrammeReferences(tx, r.programme());
              !s.ok())
            return s;
          std::string id = InsertProgramme(tx, centre_id, r.programme());
          v1::CreateProgrammeResponse response;
          *response.mutable_programme() = LoadProgramme(tx, id)->programme;
          return response;
        });
  });
}

absl::StatusOr<v1::GetProgrammeResponse> CatalogueService::GetProgramme(
    const Caller& caller, const v1::GetProgrammeRequest& r) {
  FieldViolations v;
  std::string id = IdOf(r.name(), "programmes", "name", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::GetProgrammeResponse> {
        std::optional<StoredProgramme> stored = LoadProgramme(tx, id);
        // A draft is not there for those who may not manage it.
        if (!stored ||
            (stored->programme.state() == v1::PROGRAMME_STATE_DRAFT &&
             !CanManage(caller, stored->centre_id))) {
          return NotFound("PROGRAMME_NOT_FOUND", r.name());
        }
        v1::GetProgrammeResponse response;
        *response.mutable_programme() = std::move(stored->programme);
        return response;
      });
}

absl::StatusOr<v1::UpdateProgrammeResponse> CatalogueService::UpdateProgramme(
    const Caller& caller, const v1::UpdateProgrammeRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id =
      IdOf(r.programme().name(), "programmes", "programme.name", v);
  if (r.programme().etag().empty())
    v.Add("programme.etag", "REQUIRED", "the etag last read");
  ValidateUpdateMask(r.update_mask(), *v1::Programme::descriptor(),
                     kProgrammeWritableFields, v);
  if (!v.empty()) return v.ToStatus();
  absl::StatusOr<v1::UpdateProgrammeResponse> result =
      common::InTransaction(pool_, [&](pqxx::work& tx) {
        return common::Idempotent<v1::UpdateProgrammeResponse>(
            tx, KeyFor(caller, "UpdateProgramme", r, r.request_id()),
            [&]() -> absl::StatusOr<v1::UpdateProgrammeResponse> {
              std::optional<StoredProgramme> stored =
                  LoadProgramme(tx, id, /*lock=*/true);
              if (!stored)
                return NotFound("PROGRAMME_NOT_FOUND", r.programme().name());
              if (!CanManage(caller, stored->centre_id)) return Denied();
              if (absl::Status s = CheckEtag(r.programme().etag(),
                                             stored->programme.etag(), true);
                  !s.ok()) {
                return s;
              }
              v1::Programme merged = stored->programme;
              google::protobuf::util::FieldMaskUtil::MergeOptions options;
              options.set_replace_message_fields(true);
              options.set_replace_repeated_fields(true);
              google::protobuf::util::FieldMaskUtil::MergeMessageTo(
                  r.programme(), r.update_mask(), options, &merged);
              FieldViolations invalid;
              ValidateProgramme(merged, "programme.", invalid);
              if (!invalid.empty()) return invalid.ToStatus();
              if (absl::Status s = CheckProgrammeReferences(tx, merged);
                  !s.ok())
                return s;
              SaveProgramme(tx, id, merged);
              // Offerings show and are found by their programme's texts.
              for (const std::string& offering_id :
                   OfferingIdsOfProgramme(tx, id)) {
                StoredOffering o = *LoadOffering(tx, offering_id, true);
                o.offering.mutable_title()->CopyFrom(merged.title());
                std::optional<v1::Venue> venue;
                if (!o.offering.venue().empty())
                  venue = LoadVenue(tx, o.offering.venue().substr(7));
                std::optional<v1::Centre> centre = LoadCentre(tx, o.centre_id);
                SaveOffering(
                    tx, offering_id, o.offering,
                    BuildIndex(tx, o.offering, merged,
                               venue ? &*venue : nullptr, centre->district(),
                               options_.utc_offset_minutes));
              }
              v1::UpdateProgrammeResponse response;
              *response.mutable_programme() = LoadProgramme(tx, id)->programme;
              return response;
            });
      });
  // Its offerings' texts changed: search sees them after a reload.
  if (result.ok()) index_.Reload();
  return result;
}

absl::StatusOr<v1::ListProgrammesResponse> CatalogueService::ListProgrammes(
    const Caller& caller, const v1::ListProgrammesRequest& r) {
  FieldViolations v;
  std::string centre_id =
      r.centre().empty() ? "" : IdOf(r.centre(), "centres", "centre", v);
  if (!v.empty()) return v.ToStatus();
  std::string query = "programmes|" + centre_id;
  absl::StatusOr<Page> page = PageOf(r, query);
  if (!page.ok()) return page.status();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListProgrammesResponse> {
        Rows<v1::Programme> rows = catalogue::ListProgrammes(
            tx, centre_id, VisibilityOf(caller), *page);
        v1::ListProgrammesResponse response;
        for (v1::Programme& p : rows.items)
          *response.add_programmes() = std::move(p);
        response.set_next_page_token(NextToken(rows, query));
        return response;
      });
}

absl::StatusOr<v1::PublishProgrammeResponse> CatalogueService::PublishProgramme(
    const Caller& caller, const v1::PublishProgrammeRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = IdOf(r.name(), "programmes", "name", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::PublishProgrammeResponse>(
        tx, KeyFor(caller, "PublishProgramme", r, r.request_id()),
        [&]() -> absl::StatusOr<v1::PublishProgrammeResponse> {
          std::optional<StoredProgramme> stored = LoadProgramme(tx, id, true);
          if (!stored) return NotFound("PROGRAMME_NOT_FOUND", r.name());
          if (!CanManage(caller, stored->centre_id)) return Denied();
          if (absl::Status s =
                  CheckEtag(r.etag(), stored->programme.etag(), false);
              !s.ok()) {
            return s;
          }
          if (stored->programme.state() != v1::PROGRAMME_STATE_DRAFT) {
            return WrongState("the programme", "a draft to be published");
          }
          stored->programme.set_state(v1::PROGRAMME_STATE_PUBLISHED);
          SaveProgramme(tx, id, stored->programme);
          v1::PublishProgrammeResponse response;
          *response.mutable_programme() = LoadProgramme(tx, id)->programme;
          event_pb::ProgrammePublished event;
          *event.mutable_programme() = response.programme();
          common::AddToOutbox(
              tx, common::OutboxEvent::Of(kProgrammeTopic, id, event));
          return response;
        });
  });
}

// -------------------------------------------------------------- offerings

namespace {

// Checks the offering against its programme and venue and derives what
// search needs. Copies the programme's title into the offering.
absl::StatusOr<SearchFields> Reindex(pqxx::work& tx, v1::Offering& o,
                                     int utc_offset_minutes) {
  FieldViolations v;
  std::optional<StoredProgramme> programme =
      LoadProgramme(tx, o.programme().substr(11));
  if (!programme) {
    v.Add("offering.programme", "UNKNOWN_PROGRAMME", "no such programme");
    return v.ToStatus();
  }
  o.mutable_title()->CopyFrom(programme->programme.title());
  o.set_centre(programme->programme.centre());
  std::optional<v1::Venue> venue;
  if (o.delivery() != v1::DELIVERY_ONLINE) {
    venue = LoadVenue(tx, o.venue().substr(7));
    if (!venue) {
      v.Add("offering.venue", "UNKNOWN_VENUE", "no such venue");
      return v.ToStatus();
    }
    CheckOfferingAgainstVenue(o, *venue, utc_offset_minutes, "offering.", v);
  }
  if (!v.empty()) return v.ToStatus();
  std::optional<v1::Centre> centre = LoadCentre(tx, programme->centre_id);
  return BuildIndex(tx, o, programme->programme, venue ? &*venue : nullptr,
                    centre->district(), utc_offset_minutes);
}

// Loads an offering that `caller` is about to change: locked, theirs to
// manage, not changed since `etag`.
absl::StatusOr<StoredOffering> LoadForChange(
    pqxx::work& tx, const common::Caller& caller, const std::string& id,
    const std::string& name, const std::string& etag, bool etag_required) {
  std::optional<StoredOffering> stored = LoadOffering(tx, id, /*lock=*/true);
  if (!stored) return NotFound("OFFERING_NOT_FOUND", name);
  if (!CanManage(caller, stored->centre_id)) return Denied();
  if (absl::Status s = CheckEtag(etag, stored->offering.etag(), etag_required);
      !s.ok()) {
    return s;
  }
  return std::move(*stored);
}

v1::Session* FindSession(v1::Offering& o, const std::string& session_id) {
  for (v1::Session& s : *o.mutable_sessions()) {
    if (s.session_id() == session_id) return &s;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<v1::CreateOfferingResponse> CatalogueService::CreateOffering(
    const Caller& caller, const v1::CreateOfferingRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  ValidateOffering(r.offering(), "offering.", v);
  if (!v.empty()) return v.ToStatus();
  return Indexed(common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::CreateOfferingResponse>(
        tx, KeyFor(caller, "CreateOffering", r, r.request_id()),
        [&]() -> absl::StatusOr<v1::CreateOfferingResponse> {
          v1::Offering o = r.offering();
          o.set_state(v1::OFFERING_STATE_DRAFT);
          NumberSessions(o);
          absl::StatusOr<SearchFields> index =
              Reindex(tx, o, options_.utc_offset_minutes);
          if (!index.ok()) return index.status();
          if (!CanManage(caller, o.centre().substr(8))) return Denied();
          std::string id = InsertOffering(tx, o, *index);
          v1::CreateOfferingResponse response;
          *response.mutable_offering() =
              Present(LoadOffering(tx, id)->offering);
          return response;
        });
  }));
}

absl::StatusOr<v1::GetOfferingResponse> CatalogueService::GetOffering(
    const Caller& caller, const v1::GetOfferingRequest& r) {
  FieldViolations v;
  std::string id = IdOf(r.name(), "offerings", "name", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::GetOfferingResponse> {
        std::optional<StoredOffering> stored = LoadOffering(tx, id);
        if (!stored || (stored->offering.state() == v1::OFFERING_STATE_DRAFT &&
                        !CanManage(caller, stored->centre_id))) {
          return NotFound("OFFERING_NOT_FOUND", r.name());
        }
        v1::GetOfferingResponse response;
        *response.mutable_offering() = Present(std::move(stored->offering));
        return response;
      });
}

absl::StatusOr<v1::UpdateOfferingResponse> CatalogueService::UpdateOffering(
    const Caller& caller, const v1::UpdateOfferingRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = IdOf(r.offering().name(), "offerings", "offering.name", v);
  if (r.offering().etag().empty())
    v.Add("offering.etag", "REQUIRED", "the etag last read");
  ValidateUpdateMask(r.update_mask(), *v1::Offering::descriptor(),
                     kOfferingWritableFields, v);
  if (!v.empty()) return v.ToStatus();
  return Indexed(common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::UpdateOfferingResponse>(
        tx, KeyFor(caller, "UpdateOffering", r, r.request_id()),
        [&]() -> absl::StatusOr<v1::UpdateOfferingResponse> {
          absl::StatusOr<StoredOffering> stored = LoadForChange(
              tx, caller, id, r.offering().name(), r.offering().etag(), true);
          if (!stored.ok()) return stored.status();
          v1::OfferingState state = stored->offering.state();
          if (state != v1::OFFERING_STATE_DRAFT &&
              state != v1::OFFERING_STATE_PUBLISHED) {
            return WrongState("the offering", "a draft or published");
          }
          bool published = state == v1::OFFERING_STATE_PUBLISHED;
          const auto& paths = r.update_mask().paths();
          if (published && std::find(paths.begin(), paths.end(), "sessions") !=
                               paths.end()) {
            return Error(StatusCode::kFailedPrecondition,
                         "SESSIONS_OF_PUBLISHED_OFFERING",
                         "move or cancel sessions of a published offering with "
                         "RescheduleSession and CancelSession");
          }
          v1::Offering merged = stored->offering;
          google::protobuf::util::FieldMaskUtil::MergeOptions options;
          options.set_replace_message_fields(true);
          options.set_replace_repeated_fields(true);
          google::protobuf::util::FieldMaskUtil::MergeMessageTo(
              r.offering(), r.update_mask(), options, &merged);
          FieldViolations invalid;
          ValidateOffering(merged, "offering.", invalid);
          if (!invalid.empty()) return invalid.ToStatus();
          if (!published) NumberSessions(merged);
          absl::StatusOr<SearchFields> index =
              Reindex(tx, merged, options_.utc_offset_minutes);
          if (!index.ok()) return index.status();
          SaveOffering(tx, id, merged, *index);
          v1::UpdateOfferingResponse response;
          *response.mutable_offering() =
              Present(LoadOffering(tx, id)->offering);
          if (published) {
            event_pb::OfferingUpdated event;
            *event.mutable_offering() = response.offering();
            for (const std::string& path : paths)
              event.add_changed_fields(path);
            common::AddToOutbox(
                tx, common::OutboxEvent::Of(kOfferingTopic, id, event));
          }
          return response;
        });
  }));
}

absl::StatusOr<v1::ListOfferingsResponse> CatalogueService::ListOfferings(
    const Caller& caller, const v1::ListOfferingsRequest& r) {
  FieldViolations v;
  std::string centre_id =
      r.centre().empty() ? "" : IdOf(r.centre(), "centres", "centre", v);
  std::string programme_id =
      r.programme().empty() ? ""
                            : IdOf(r.programme(), "programmes", "programme", v);
  if (!v.empty()) return v.ToStatus();
  std::string query = "offerings|" + centre_id + "|" + programme_id;
  absl::StatusOr<Page> page = PageOf(r, query);
  if (!page.ok()) return page.status();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListOfferingsResponse> {
        Rows<v1::Offering> rows = catalogue::ListOfferings(
            tx, centre_id, programme_id, VisibilityOf(caller), *page);
        v1::ListOfferingsResponse response;
        for (v1::Offering& o : rows.items)
          *response.add_offerings() = Present(std::move(o));
        response.set_next_page_token(NextToken(rows, query));
        return response;
      });
}

absl::StatusOr<v1::PublishOfferingResponse> CatalogueService::PublishOffering(
    const Caller& caller, const v1::PublishOfferingRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = IdOf(r.name(), "offerings", "name", v);
  if (!v.empty()) return v.ToStatus();
  return Indexed(common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::PublishOfferingResponse>(
        tx, KeyFor(caller, "PublishOffering", r, r.request_id()),
        [&]() -> absl::StatusOr<v1::PublishOfferingResponse> {
          absl::StatusOr<StoredOffering> stored =
              LoadForChange(tx, caller, id, r.name(), r.etag(), false);
          if (!stored.ok()) return stored.status();
          if (stored->offering.state() != v1::OFFERING_STATE_DRAFT) {
            return WrongState("the offering", "a draft to be published");
          }
          std::optional<StoredProgramme> programme =
              LoadProgramme(tx, stored->programme_id);
          if (programme->programme.state() != v1::PROGRAMME_STATE_PUBLISHED) {
            return Error(StatusCode::kFailedPrecondition,
                         "PROGRAMME_NOT_PUBLISHED",
                         "publish " + programme->programme.name() + " first");
          }
          v1::Offering o = stored->offering;
          o.set_state(v1::OFFERING_STATE_PUBLISHED);
          absl::StatusOr<SearchFields> index =
              Reindex(tx, o, options_.utc_offset_minutes);
          if (!index.ok()) return index.status();
          SaveOffering(tx, id, o, *index);
          v1::PublishOfferingResponse response;
          *response.mutable_offering() =
              Present(LoadOffering(tx, id)->offering);
          event_pb::OfferingPublished event;
          *event.mutable_offering() = response.offering();
          common::AddToOutbox(
              tx, common::OutboxEvent::Of(kOfferingTopic, id, event));
          return response;
        });
  }));
}

absl::StatusOr<v1::CancelOfferingResponse> CatalogueService::CancelOffering(
    const Caller& caller, const v1::CancelOfferingRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = IdOf(r.name(), "offerings", "name", v);
  if (r.reason().empty() || common::CodePoints(r.reason()) > 500) {
    v.Add("reason", r.reason().empty() ? "REQUIRED" : "TOO_LONG",
          "1 to 500 characters shown to applicants");
  }
  if (!v.empty()) return v.ToStatus();
  return Indexed(common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::CancelOfferingResponse>(
        tx, KeyFor(caller, "CancelOffering", r, r.request_id()),
        [&]() -> absl::StatusOr<v1::CancelOfferingResponse> {
          absl::StatusOr<StoredOffering> stored =
              LoadForChange(tx, caller, id, r.name(), r.etag(), false);
          if (!stored.ok()) return stored.status();
          v1::OfferingState now_state = Present(stored->offering).state();
          if (now_state != v1::OFFERING_STATE_DRAFT &&
              now_state != v1::OFFERING_STATE_PUBLISHED &&
              now_state != v1::OFFERING_STATE_RUNNING) {
            return WrongState("the offering", "a draft, published or running");
          }
          v1::Offering o = stored->offering;
          bool was_published = o.state() == v1::OFFERING_STATE_PUBLISHED;
          o.set_state(v1::OFFERING_STATE_CANCELLED);
          absl::StatusOr<SearchFields> index =
              Reindex(tx, o, options_.utc_offset_minutes);
          if (!index.ok()) return index.status();
          SaveOffering(tx, id, o, *index);
          v1::CancelOfferingResponse response;
          *response.mutable_offering() =
              Present(LoadOffering(tx, id)->offering);
          if (was_published) {
            event_pb::OfferingCancelled event;
            *event.mutable_offering() = response.offering();
            event.set_reason(r.reason());
            common::AddToOutbox(
                tx, common::OutboxEvent::Of(kOfferingTopic, id, event));
          }
          return response;
        });
  }));
}

absl::StatusOr<v1::RescheduleSessionResponse>
CatalogueService::RescheduleSession(const Caller& caller,
                                    const v1::RescheduleSessionRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = IdOf(r.offering(), "offerings", "offering", v);
  if (r.session_id().empty())
    v.Add("session_id", "REQUIRED", "the session to move");
  int64_t length = r.end_time().seconds() - r.start_time().seconds();
  if (r.start_time().seconds() <= 0)
    v.Add("start_time", "REQUIRED", "required");
  if (length <= 0) v.Add("end_time", "ENDS_BEFORE_START", "after start_time");
  if (length > 12 * 3600) v.Add("end_time", "TOO_LONG", "at most 12 hours");
  if (!v.empty()) return v.ToStatus();
  return Indexed(common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::RescheduleSessionResponse>(
        tx, KeyFor(caller, "RescheduleSession", r, r.request_id()),
        [&]() -> absl::StatusOr<v1::RescheduleSessionResponse> {
          absl::StatusOr<StoredOffering> stored =
              LoadForChange(tx, caller, id, r.offering(), r.etag(), false);
          if (!stored.ok()) return stored.status();
          v1::Offering o = stored->offering;
          if (o.state() == v1::OFFERING_STATE_CANCELLED) {
            return WrongState("the offering", "not cancelled");
          }
          v1::Session* session = FindSession(o, r.session_id());
          if (session == nullptr)
            return NotFound("SESSION_NOT_FOUND", r.session_id());
          if (session->state() == v1::SESSION_STATE_CANCELLED) {
            return WrongState("the session", "scheduled, not cancelled");
          }
          *session->mutable_start_time() = r.start_time();
          *session->mutable_end_time() = r.end_time();
          absl::StatusOr<SearchFields> index =
              Reindex(tx, o, options_.utc_offset_minutes);
          if (!index.ok()) return index.status();
          SaveOffering(tx, id, o, *index);
          v1::RescheduleSessionResponse response;
          *response.mutable_offering() =
              Present(LoadOffering(tx, id)->offering);
          if (o.state() != v1::OFFERING_STATE_DRAFT) {
            event_pb::SessionRescheduled event;
            event.set_offering(r.offering());
            *event.mutable_session() =
                *FindSession(*response.mutable_offering(), r.session_id());
            event.set_etag(response.offering().etag());
            common::AddToOutbox(
                tx, common::OutboxEvent::Of(kOfferingTopic, id, event));
          }
          return response;
        });
  }));
}

absl::StatusOr<v1::CancelSessionResponse> CatalogueService::CancelSession(
    const Caller& caller, const v1::CancelSessionRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = IdOf(r.offering(), "offerings", "offering", v);
  if (r.session_id().empty())
    v.Add("session_id", "REQUIRED", "the session to cancel");
  if (!v.empty()) return v.ToStatus();
  return Indexed(common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::CancelSessionResponse>(
        tx, KeyFor(caller, "CancelSession", r, r.request_id()),
        [&]() -> absl::StatusOr<v1::CancelSessionResponse> {
          absl::StatusOr<StoredOffering> stored =
              LoadForChange(tx, caller, id, r.offering(), r.etag(), false);
          if (!stored.ok()) return stored.status();
          v1::Offering o = stored->offering;
          v1::Session* session = FindSession(o, r.session_id());
          if (session == nullptr)
            return NotFound("SESSION_NOT_FOUND", r.session_id());
          if (session->state() == v1::SESSION_STATE_CANCELLED) {
            return WrongState("the session", "scheduled");
          }
          session->set_state(v1::SESSION_STATE_CANCELLED);
          absl::StatusOr<SearchFields> index =
              Reindex(tx, o, options_.utc_offset_minutes);
          if (!index.ok()) return index.status();
          SaveOffering(tx, id, o, *index);
          v1::CancelSessionResponse response;
          *response.mutable_offering() =
              Present(LoadOffering(tx, id)->offering);
          if (o.state() != v1::OFFERING_STATE_DRAFT) {
            event_pb::SessionCancelled event;
            event.set_offering(r.offering());
            *event.mutable_session() =
                *FindSession(*response.mutable_offering(), r.session_id());
            event.set_etag(response.offering().etag());
            common::AddToOutbox(
                tx, common::OutboxEvent::Of(kOfferingTopic, id, event));
          }
          return response;
        });
  }));
}

// ----------------------------------------------------------------- search

absl::Status CatalogueService::SearchOfferings(
    const v1::SearchOfferingsRequest& r,
    v1::SearchOfferingsResponse* response) {
  FieldViolations v;
  int size = common::PageSize(r.page_size(), v);
  if (common::CodePoints(r.text()) > 100)
    v.Add("text", "TOO_LONG", "at most 100 characters");
  if (!r.category().empty()) IdOf(r.category(), "categories", "category", v);
  if (!r.centre().empty()) IdOf(r.centre(), "centres", "centre", v);
  for (int i = 0; i < r.days_of_week_size(); ++i) {
    if (r.days_of_week(i) < 1 || r.days_of_week(i) > 7) {
      v.Add("days_of_week[" + std::to_string(i) + "]", "OUT_OF_RANGE",
            "1 to 7");
    }
  }
  if (!v1::TimeOfDay_IsValid(r.time_of_day())) {
    v.Add("time_of_day", "UNKNOWN_VALUE", "not a known value");
  }
  for (int i = 0; i < r.audiences_size(); ++i) {
    if (r.audiences(i) == 0 || !v1::Audience_IsValid(r.audiences(i))) {
      v.Add("audiences[" + std::to_string(i) + "]", "UNKNOWN_VALUE",
            "not a known value");
    }
  }
  for (int i = 0; i < r.delivery_size(); ++i) {
    if (r.delivery(i) == 0 || !v1::Delivery_IsValid(r.delivery(i))) {
      v.Add("delivery[" + std::to_string(i) + "]", "UNKNOWN_VALUE",
            "not a known value");
    }
  }
  for (int i = 0; i < r.accessibility_size(); ++i) {
    if (r.accessibility(i) == 0 ||
        !v1::Accessibility_IsValid(r.accessibility(i))) {
      v.Add("accessibility[" + std::to_string(i) + "]", "UNKNOWN_VALUE",
            "not a known value");
    }
  }
  if (r.age() < 0 || r.age() > 120) v.Add("age", "OUT_OF_RANGE", "0 to 120");
  if (!v1::SearchOrder_IsValid(r.order()))
    v.Add("order", "UNKNOWN_VALUE", "not a known value");
  if (!v1::OfferingView_IsValid(r.view()))
    v.Add("view", "UNKNOWN_VALUE", "not a known value");
  if (!v.empty()) return v.ToStatus();

  // The token is bound to every filter: the request without its paging.
  v1::SearchOfferingsRequest filters = r;
  filters.clear_page_size();
  filters.clear_page_token();
  std::string query = common::Fingerprint(filters);
  absl::StatusOr<std::optional<common::PageCursor>> after =
      common::DecodePageToken(r.page_token(), query);
  if (!after.ok()) return after.status();

  SearchPage page = index_.Search(r, *after, size, options_.now());
  for (const std::shared_ptr<const SearchDoc>& doc : page.docs) {
    v1::Offering* out = response->add_offerings();
    *out = r.view() == v1::OFFERING_VIEW_FULL ? doc->offering : doc->basic;
    PresentInto(doc->offering, *out);
  }
  if (page.next)
    response->set_next_page_token(common::EncodePageToken(*page.next, query));
  response->set_total_size(page.total);
  return absl::OkStatus();
}

}  // namespace lifelong::catalogue
