// CatalogueService RPCs of offerings and their sessions: create, get, update,
// list, publish, cancel, reschedule and cancel a session.
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

template <typename Response>
absl::StatusOr<Response> CatalogueService::Indexed(
    absl::StatusOr<Response> result) {
  if (result.ok()) index_.Refresh(result->offering().name().substr(10));
  return result;
}

namespace {

// Checks the offering against its programme and venue and derives what
// search needs. Copies the programme's title and the centre's and venue's
// display names into the offering.
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
  *o.mutable_centre_display_name() = centre->display_name();
  if (venue) {
    *o.mutable_venue_display_name() = venue->display_name();
  } else {
    o.clear_venue_display_name();
  }
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
            AddCatalogueEvent(tx, id, event);
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
          AddCatalogueEvent(tx, id, event);
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
            AddCatalogueEvent(tx, id, event);
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
            AddCatalogueEvent(tx, id, event);
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
            AddCatalogueEvent(tx, id, event);
          }
          return response;
        });
  }));
}

}  // namespace lifelong::catalogue
