// CatalogueService RPCs of centres, venues and categories.
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
#include "services/catalogue/catalogue_service.h"
#include "services/catalogue/catalogue_validation.h"
#include "services/catalogue/handler_support.h"

namespace lifelong::catalogue {
namespace {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;
namespace event_pb = lifelong::catalogue::events::v1;

}  // namespace

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

}  // namespace lifelong::catalogue
