// CatalogueService::SearchOfferings, answered from the in-memory index.
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
  for (int i = 0; i < r.venue_kinds_size(); ++i) {
    if (r.venue_kinds(i) == 0 || !v1::VenueKind_IsValid(r.venue_kinds(i))) {
      v.Add("venue_kinds[" + std::to_string(i) + "]", "UNKNOWN_VALUE",
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
