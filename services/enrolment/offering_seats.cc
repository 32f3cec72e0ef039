// BatchGetOfferingSeats: the counts a result list or an offering page shows,
// for up to 100 offerings in one call, from the read-model rows that the
// seat moves keep (seats.h).
#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "services/enrolment/enrolment_service.h"

namespace lifelong::enrolment {
namespace {

constexpr int kMaxNames = 100;
constexpr char kSeatsSuffix[] = "/seats";

constexpr char kSeatsOf[] = R"sql(
  SELECT o.id::text, o.capacity, o.confirmed, o.waitlist_size,
         (SELECT count(*) FROM applications a
          WHERE a.offering_id = o.id AND a.status = 'applied')
  FROM offerings o WHERE o.id = ANY($1::uuid[]))sql";

}  // namespace

absl::StatusOr<v1::BatchGetOfferingSeatsResponse>
EnrolmentService::BatchGetOfferingSeats(
    const common::Caller&, const v1::BatchGetOfferingSeatsRequest& r) {
  common::FieldViolations v;
  if (r.names().empty()) v.Add("names", "REQUIRED", "1 to 100 names");
  if (r.names_size() > kMaxNames)
    v.Add("names", "TOO_MANY", "at most 100 names");
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (int i = 0; i < r.names_size() && i < kMaxNames; ++i) {
    std::string field = "names[" + std::to_string(i) + "]";
    const std::string& name = r.names(i);
    if (!absl::EndsWith(name, kSeatsSuffix)) {
      v.Add(field, "INVALID_FORMAT", "offerings/{uuid}/seats");
      continue;
    }
    std::string id =
        common::UuidOf(name.substr(0, name.size() - sizeof(kSeatsSuffix) + 1),
                       "offerings", field, v);
    if (id.empty()) continue;
    if (!seen.insert(id).second)
      v.Add(field, "DUPLICATE", "each offering at most once");
    ids.push_back(id);
  }
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::BatchGetOfferingSeatsResponse> {
        std::map<std::string, v1::OfferingSeats> found;
        for (const pqxx::row& row :
             tx.exec_params(kSeatsOf, "{" + absl::StrJoin(ids, ",") + "}")) {
          v1::OfferingSeats& s = found[row[0].as<std::string>()];
          s.set_known(true);
          s.set_capacity(row[1].as<int>());
          s.set_confirmed_count(row[2].as<int>());
          s.set_remaining_seats(
              std::max(0, s.capacity() - s.confirmed_count()));
          s.set_waitlist_length(row[3].as<int>());
          s.set_lottery_entries(row[4].as<int>());
        }
        v1::BatchGetOfferingSeatsResponse response;
        for (const std::string& id : ids) {
          v1::OfferingSeats* s = response.add_seats();
          if (auto it = found.find(id); it != found.end()) *s = it->second;
          s->set_name("offerings/" + id + kSeatsSuffix);
        }
        return response;
      });
}

}  // namespace lifelong::enrolment
