// CatalogueService RPCs of programmes: create, get, update, list, publish.
#include <google/protobuf/util/field_mask_util.h>

#include <algorithm>
#include <set>

#include "common/errors.h"
#include "common/page_token.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "common/text.h"
#include "lifelong/catalogue/events/v1/catalogue_events.pb.h"
#include "services/catalogue/catalogue_outbox.h"
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
          AddCatalogueEvent(tx, id, event);
          return response;
        });
  });
}

}  // namespace lifelong::catalogue
