// The catalogue's logic: centres, venues, programmes and offerings with their
// lifecycle, and search. Plain class with its dependencies passed in, so
// tests drive it without a server; catalogue_grpc.h wires it to gRPC.
//
// Lifecycle: programmes DRAFT -> PUBLISHED; offerings DRAFT -> PUBLISHED ->
// (RUNNING from the first session, COMPLETED after the last: derived from
// the clock) or CANCELLED. Every transition happens only from the state it
// expects; updates carry an etag and a field mask.
//
// Where each RPC lives:
//   centres_venues.cc  CreateCentre, GetCentre, ListCentres, CreateVenue,
//                      GetVenue, ListVenues, ListCategories
//   programmes.cc      CreateProgramme, GetProgramme, UpdateProgramme,
//                      ListProgrammes, PublishProgramme
//   offerings.cc       CreateOffering, GetOffering, UpdateOffering,
//                      ListOfferings, PublishOffering, CancelOffering,
//                      RescheduleSession, CancelSession
//   search.cc          SearchOfferings
//   search_options.cc  GetSearchOptions (the search form's lists)
//   catalogue_service.cc  construction, Present (derived state)
//   handler_support.h  what they share (names, rights, refusals, paging)
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/pg/pool.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"
#include "services/catalogue/search_index.h"

namespace lifelong::catalogue {

inline constexpr char kProgrammeTopic[] = "lifelong.catalogue.programme.v1";
inline constexpr char kOfferingTopic[] = "lifelong.catalogue.offering.v1";

struct CatalogueOptions {
  // The city's local time is UTC plus this (Asia/Seoul: 540).
  int utc_offset_minutes = 540;
  // Seconds since the epoch, now.
  std::function<int64_t()> now;
};

class CatalogueService {
 public:
  // Search is served from `index`; every offering change made here is
  // applied to it after its commit.
  CatalogueService(common::PgPool& pool, SearchIndex& index,
                   CatalogueOptions options);

  using Caller = common::Caller;
  absl::StatusOr<v1::CreateCentreResponse> CreateCentre(
      const Caller& caller, const v1::CreateCentreRequest& r);
  absl::StatusOr<v1::GetCentreResponse> GetCentre(
      const common::Caller& caller, const v1::GetCentreRequest& r);
  absl::StatusOr<v1::ListCentresResponse> ListCentres(
      const common::Caller& caller, const v1::ListCentresRequest& r);
  absl::StatusOr<v1::CreateVenueResponse> CreateVenue(
      const Caller& caller, const v1::CreateVenueRequest& r);
  absl::StatusOr<v1::GetVenueResponse> GetVenue(const common::Caller& caller,
                                                const v1::GetVenueRequest& r);
  absl::StatusOr<v1::ListVenuesResponse> ListVenues(
      const common::Caller& caller, const v1::ListVenuesRequest& r);
  absl::StatusOr<v1::ListCategoriesResponse> ListCategories(
      const common::Caller& caller, const v1::ListCategoriesRequest& r);
  absl::StatusOr<v1::GetSearchOptionsResponse> GetSearchOptions(
      const common::Caller& caller, const v1::GetSearchOptionsRequest& r);

  absl::StatusOr<v1::CreateProgrammeResponse> CreateProgramme(
      const Caller& caller, const v1::CreateProgrammeRequest& r);
  absl::StatusOr<v1::GetProgrammeResponse> GetProgramme(
      const Caller& caller, const v1::GetProgrammeRequest& r);
  absl::StatusOr<v1::UpdateProgrammeResponse> UpdateProgramme(
      const Caller& caller, const v1::UpdateProgrammeRequest& r);
  absl::StatusOr<v1::ListProgrammesResponse> ListProgrammes(
      const Caller& caller, const v1::ListProgrammesRequest& r);
  absl::StatusOr<v1::PublishProgrammeResponse> PublishProgramme(
      const Caller& caller, const v1::PublishProgrammeRequest& r);

  absl::StatusOr<v1::CreateOfferingResponse> CreateOffering(
      const Caller& caller, const v1::CreateOfferingRequest& r);
  absl::StatusOr<v1::GetOfferingResponse> GetOffering(
      const Caller& caller, const v1::GetOfferingRequest& r);
  absl::StatusOr<v1::UpdateOfferingResponse> UpdateOffering(
      const Caller& caller, const v1::UpdateOfferingRequest& r);
  absl::StatusOr<v1::ListOfferingsResponse> ListOfferings(
      const Caller& caller, const v1::ListOfferingsRequest& r);
  absl::StatusOr<v1::PublishOfferingResponse> PublishOffering(
      const Caller& caller, const v1::PublishOfferingRequest& r);
  absl::StatusOr<v1::CancelOfferingResponse> CancelOffering(
      const Caller& caller, const v1::CancelOfferingRequest& r);
  absl::StatusOr<v1::RescheduleSessionResponse> RescheduleSession(
      const Caller& caller, const v1::RescheduleSessionRequest& r);
  absl::StatusOr<v1::CancelSessionResponse> CancelSession(
      const Caller& caller, const v1::CancelSessionRequest& r);

  // Fills `response` (which may live on the call's arena).
  absl::Status SearchOfferings(const v1::SearchOfferingsRequest& r,
                               v1::SearchOfferingsResponse* response);

 private:
  // How an offering looks now: RUNNING and COMPLETED follow the clock,
  // application_open the windows.
  v1::Offering Present(v1::Offering offering) const;
  // The same, set on `out` (a copy or a reduced view of `offering`).
  void PresentInto(const v1::Offering& offering, v1::Offering& out) const;

  // Applies a committed offering change to the search index.
  template <typename Response>
  absl::StatusOr<Response> Indexed(absl::StatusOr<Response> result);

  common::PgPool& pool_;
  SearchIndex& index_;
  const CatalogueOptions options_;
};

}  // namespace lifelong::catalogue
