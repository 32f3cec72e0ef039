// CatalogueService: construction, and how a stored offering is presented
// (state derived from the clock; application_open from the rule shared with
// enrolment, common/application_open.h). The RPCs live in one
// file per resource: centres_venues.cc, programmes.cc, offerings.cc, search.cc.
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
#include "services/catalogue/application_open.h"
#include "services/catalogue/catalogue_repository.h"
#include "services/catalogue/catalogue_validation.h"
#include "services/catalogue/handler_support.h"

namespace lifelong::catalogue {
namespace {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;
namespace event_pb = lifelong::catalogue::events::v1;

}  // namespace

CatalogueService::CatalogueService(common::PgPool& pool, SearchIndex& index,
                                   CatalogueOptions options)
    : pool_(pool), index_(index), options_(std::move(options)) {}

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
  out.set_state(state);
  // The rule Apply follows too (common/application_open.h): a running
  // offering takes applications while a window is open.
  out.set_application_open(common::ApplicationsOpen(ScheduleOf(o), now));
}

}  // namespace lifelong::catalogue
