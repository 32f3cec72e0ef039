// An offering's applications for the people who run it: the roster
// (CONFIRMED, with attendance progress), the waitlist (WAITLISTED, in
// order) or any other status.
#include "common/errors.h"
#include "common/page_token.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "services/enrolment/enrolment_service.h"

namespace lifelong::enrolment {
namespace {

using absl::StatusCode;
using common::Error;

constexpr char kStatusNames[][12] = {"",          "confirmed", "waitlisted",
                                     "cancelled", "applied",   "offered",
                                     "expired",   "completed"};

// Ordered by stored waitlist position (0 outside the waitlist), then
// application time; the page token holds "position/created_at".
constexpr char kPage[] = R"sql(
  FROM applications a
  WHERE a.offering_id = $1 AND a.status = $2
    AND ($3 = '' OR (COALESCE(a.waitlist_position, 0), a.created_at, a.id) >
         (split_part($3, '/', 1)::integer, split_part($3, '/', 2)::timestamptz,
          NULLIF($4, '')::uuid))
  ORDER BY COALESCE(a.waitlist_position, 0), a.created_at, a.id LIMIT $5)sql";

}  // namespace

absl::StatusOr<v1::ListOfferingApplicationsResponse>
EnrolmentService::ListOfferingApplications(
    const common::Caller& caller,
    const v1::ListOfferingApplicationsRequest& r) {
  common::FieldViolations v;
  std::string id = common::UuidOf(r.offering(), "offerings", "offering", v);
  if (r.status() == v1::APPLICATION_STATUS_UNSPECIFIED ||
      !v1::ApplicationStatus_IsValid(r.status())) {
    v.Add("status", "REQUIRED", "CONFIRMED for the roster, WAITLISTED, ...");
  }
  int size = common::PageSize(r.page_size(), v);
  if (!v.empty()) return v.ToStatus();
  std::string query_key = r.offering() + "|" + std::to_string(r.status());
  absl::StatusOr<std::optional<common::PageCursor>> after =
      common::DecodePageToken(r.page_token(), query_key);
  if (!after.ok()) return after.status();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx)
          -> absl::StatusOr<v1::ListOfferingApplicationsResponse> {
        std::optional<catalogue::v1::Offering> offering =
            LoadOffering(tx, id, false);
        if (!offering) return OfferingNotYetKnown(r.offering());
        if (!RunsOffering(caller, *offering)) {
          return Error(StatusCode::kPermissionDenied, "NOT_YOUR_OFFERING",
                       "for the offering's centre staff and instructor");
        }
        pqxx::result rows = tx.exec_params(
            std::string("SELECT ") + kApplicationColumns +
                ", COALESCE(a.waitlist_position, 0) " + kPage,
            id, kStatusNames[r.status()], *after ? (*after)->sort_key : "",
            *after ? (*after)->id : "", size + 1);
        v1::ListOfferingApplicationsResponse response;
        for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
          v1::Application* a = response.add_applications();
          *a = ApplicationOf(rows[i]);
          if (r.status() == v1::APPLICATION_STATUS_CONFIRMED ||
              r.status() == v1::APPLICATION_STATUS_COMPLETED) {
            *a->mutable_progress() =
                ProgressOf(tx, rows[i][0].as<std::string>(), *offering);
          }
        }
        if (static_cast<int>(rows.size()) > size) {
          const pqxx::row& last = rows[size - 1];
          response.set_next_page_token(common::EncodePageToken(
              {last[13].as<std::string>() + "/" + last[7].as<std::string>(),
               last[0].as<std::string>()},
              query_key));
        }
        return response;
      });
}

}  // namespace lifelong::enrolment
