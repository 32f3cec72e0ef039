// An offering's applications for the people who run it: the roster
// (CONFIRMED, with attendance progress), the waitlist (WAITLISTED, in
// order), any other status or all; each page with a contact ticket for its
// citizens' names and phone numbers (common/auth/contact_ticket.h).
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "common/auth/contact_ticket.h"
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

// The status an AIP-160 filter names: `status = CONFIRMED`, `status=CONFIRMED`
// or `status = "CONFIRMED"` (with or without APPLICATION_STATUS_); nothing
// else is a filter here.
v1::ApplicationStatus StatusFilter(const std::string& filter,
                                   common::FieldViolations& v) {
  std::vector<std::string> sides = absl::StrSplit(filter, '=');
  std::string field, value;
  if (sides.size() == 2) {
    field = std::string(absl::StripAsciiWhitespace(sides[0]));
    value = std::string(absl::StripAsciiWhitespace(sides[1]));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
  }
  v1::ApplicationStatus status = v1::APPLICATION_STATUS_UNSPECIFIED;
  if (field != "status" || value.empty() ||
      !(v1::ApplicationStatus_Parse(value, &status) ||
        v1::ApplicationStatus_Parse("APPLICATION_STATUS_" + value, &status)) ||
      status == v1::APPLICATION_STATUS_UNSPECIFIED) {
    v.Add("filter", "INVALID_FILTER",
          "`status = CONFIRMED`, `status = WAITLISTED` or another status, "
          "or empty for every application");
  }
  return status;
}

// The role under which `caller` runs the offering (RunsOffering holds), as
// identity records it in the citizens' access logs.
common::RoleGrant RoleRunning(const common::Caller& caller,
                              const catalogue::v1::Offering& offering) {
  if (caller.Has(common::kRoleAdmin)) return {common::kRoleAdmin, ""};
  if (caller.HasIn(common::kRoleCentreStaff, offering.centre())) {
    return {common::kRoleCentreStaff, offering.centre()};
  }
  return {common::kRoleInstructor, ""};
}

// Ordered by stored waitlist position (0 outside the waitlist), then
// application time; the page token holds "position/created_at". An empty
// status ($2) is every status.
constexpr char kPage[] = R"sql(
  FROM applications a
  WHERE a.offering_id = $1 AND ($2 = '' OR a.status = $2)
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
  const bool named = !r.parent().empty() || r.offering().empty();
  const std::string& parent = named ? r.parent() : r.offering();
  std::string id =
      common::UuidOf(parent, "offerings", named ? "parent" : "offering", v);
  v1::ApplicationStatus status = v1::APPLICATION_STATUS_UNSPECIFIED;
  if (!r.filter().empty()) {
    status = StatusFilter(r.filter(), v);
  } else if (r.status() != v1::APPLICATION_STATUS_UNSPECIFIED) {
    status = r.status();
    if (!v1::ApplicationStatus_IsValid(status)) {
      v.Add("status", "UNKNOWN_VALUE", "not a known status");
    }
  }
  int size = common::PageSize(r.page_size(), v);
  if (!v.empty()) return v.ToStatus();
  std::string query_key = parent + "|" + std::to_string(status);
  absl::StatusOr<std::optional<common::PageCursor>> after =
      common::DecodePageToken(r.page_token(), query_key);
  if (!after.ok()) return after.status();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx)
          -> absl::StatusOr<v1::ListOfferingApplicationsResponse> {
        std::optional<catalogue::v1::Offering> offering =
            LoadOffering(tx, id, false);
        if (!offering) return OfferingNotYetKnown(parent);
        if (!RunsOffering(caller, *offering)) {
          return Error(StatusCode::kPermissionDenied, "NOT_YOUR_OFFERING",
                       "for the offering's centre staff and instructor");
        }
        pqxx::result rows = tx.exec_params(
            std::string("SELECT ") + kApplicationColumns +
                ", COALESCE(a.waitlist_position, 0) " + kPage,
            id, kStatusNames[status], *after ? (*after)->sort_key : "",
            *after ? (*after)->id : "", size + 1);
        v1::ListOfferingApplicationsResponse response;
        common::ContactTicket ticket{
            caller.account,
            RoleRunning(caller, *offering),
            offering->name(),
            {},
            options_.now() + common::kContactTicketSeconds};
        for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
          v1::Application* a = response.add_applications();
          *a = ApplicationOf(rows[i]);
          if (a->status() == v1::APPLICATION_STATUS_CONFIRMED ||
              a->status() == v1::APPLICATION_STATUS_COMPLETED) {
            *a->mutable_progress() =
                ProgressOf(tx, rows[i][0].as<std::string>(), *offering);
          }
          ticket.citizens.push_back(a->citizen());
        }
        if (!ticket.citizens.empty()) {
          response.set_contact_ticket(
              common::SignContactTicket(ticket, options_.contact_ticket_key));
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
