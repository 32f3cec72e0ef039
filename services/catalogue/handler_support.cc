#include "services/catalogue/handler_support.h"

#include <algorithm>
#include <set>

#include "common/resource_name.h"
#include "services/catalogue/catalogue_validation.h"

namespace lifelong::catalogue {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;

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

}  // namespace lifelong::catalogue
