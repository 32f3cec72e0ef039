// Helpers that the catalogue's handlers (catalogue_service.cc and the files
// beside it, one per resource) share: resource names, the caller's rights,
// the usual refusals, etags, paging and the search fields of an offering.
#pragma once

#include <google/protobuf/message.h>

#include <pqxx/pqxx>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/errors.h"
#include "common/page_token.h"
#include "common/pg/idempotency.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"
#include "services/catalogue/catalogue_repository.h"
#include "services/catalogue/search_index.h"

namespace lifelong::catalogue {

// The id in "<collection>/<id>"; a violation when malformed.
std::string IdOf(const std::string& name, const std::string& collection,
                 const std::string& field, common::FieldViolations& v);

// Staff of the centre (or an admin).
bool CanManage(const common::Caller& caller, const std::string& centre_id);

// Which drafts the caller may see.
Visibility VisibilityOf(const common::Caller& caller);

absl::Status NotFound(const std::string& reason, const std::string& name);
absl::Status Denied();

// An empty etag skips the check unless `required`.
absl::Status CheckEtag(const std::string& given, const std::string& current,
                       bool required);

absl::Status WrongState(const std::string& what, const std::string& expected);

// ASCII letters lowered; other bytes kept.
std::string Lower(const std::string& s);

// Sessions get stable ids s1, s2, ... and start SCHEDULED.
void NumberSessions(v1::Offering& offering);

// What the search index keeps of an offering.
SearchFields BuildIndex(pqxx::work& tx, const v1::Offering& o,
                        const v1::Programme& programme, const v1::Venue* venue,
                        const std::string& centre_district,
                        int utc_offset_minutes);

common::IdempotencyKey KeyFor(const common::Caller& caller, const char* method,
                              const google::protobuf::Message& request,
                              const std::string& request_id);

// Decodes the page token and size of a List call; `query` binds the token.
template <typename Request>
absl::StatusOr<Page> PageOf(const Request& r, const std::string& query) {
  common::FieldViolations v;
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

}  // namespace lifelong::catalogue
