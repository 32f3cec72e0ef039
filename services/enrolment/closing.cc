#include "services/enrolment/closing.h"

#include <sodium.h>

#include <map>
#include <string_view>

#include "absl/strings/str_join.h"
#include "common/errors.h"
#include "common/hex_digest.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/eligibility.h"
#include "services/enrolment/enrolment_service.h"
#include "services/enrolment/fees.h"
#include "services/enrolment/lottery.h"

namespace lifelong::enrolment {
namespace {

using absl::StatusCode;
using common::Error;
namespace cv1 = lifelong::catalogue::v1;

constexpr char kDueToClose[] = R"sql(
  SELECT id::text FROM offerings
  WHERE closed_at IS NULL AND applications_close_at <= to_timestamp($1)
  ORDER BY applications_close_at LIMIT 20)sql";
constexpr char kLockUnclosed[] = R"sql(
  SELECT confirmed, min_enrolment FROM offerings
  WHERE id = $1 AND closed_at IS NULL FOR UPDATE SKIP LOCKED)sql";
// Each entry with its citizen's facts now (verified groups at draw time,
// lottery.h); the groups stored at apply time only when the citizen's row
// is missing, which Apply never allows.
constexpr char kEntries[] = R"sql(
  SELECT a.id::text, c.id IS NOT NULL, COALESCE(c.birth_year, 0),
         array_to_string(COALESCE(c.priority_groups, a.priority_groups), ',')
  FROM applications a LEFT JOIN citizens c ON c.id = a.citizen_id
  WHERE a.offering_id = $1 AND a.status = 'applied')sql";
// The groups the draw used, and the fee decided with them (fees.h),
// replace those of apply time.
constexpr char kStoreDrawGroups[] = R"sql(
  UPDATE applications a SET priority_groups =
    CASE WHEN u.groups = '' THEN '{}'::integer[]
         ELSE string_to_array(u.groups, ';')::integer[] END,
    fee_krw = u.fee, fee_list_price_krw = u.price, fee_basis = u.basis,
    fee_discount_percent = u.discount
  FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::bigint[],
              $5::smallint[], $6::smallint[])
    AS u (id, groups, fee, price, basis, discount)
  WHERE a.id = u.id)sql";
constexpr char kApplyOutcomes[] = R"sql(
  UPDATE applications a SET status = u.status,
    waitlist_position = NULLIF(u.position, 0), quota_group = NULLIF(u.quota, 0)
  FROM unnest($1::uuid[], $2::text[], $3::integer[], $4::integer[])
    AS u (id, status, position, quota)
  WHERE a.id = u.id)sql";

// "{a,b}": a PostgreSQL array literal of plain values.
template <typename T>
std::string ArrayLiteral(const std::vector<T>& values) {
  return "{" + absl::StrJoin(values, ",") + "}";
}

// "{"a","b"}": elements that may be empty (no quotes or backslashes inside).
std::string QuotedArrayLiteral(const std::vector<std::string>& values) {
  return "{\"" + absl::StrJoin(values, "\",\"") + "\"}";
}

}  // namespace

void CommitDrawSeed(pqxx::work& tx, const std::string& offering_id) {
  std::string seed(32, '\0');
  randombytes_buf(seed.data(), seed.size());
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(
      digest, reinterpret_cast<const unsigned char*>(seed.data()), seed.size());
  tx.exec_params(
      "INSERT INTO draws (offering_id, seed, seed_sha256) VALUES ($1, $2, $3) "
      "ON CONFLICT (offering_id) DO NOTHING",
      offering_id, pqxx::binarystring(seed),
      pqxx::binarystring(digest, sizeof(digest)));
  sodium_memzero(seed.data(), seed.size());
}

absl::StatusOr<int> EnrolmentService::CloseOfferings() {
  return ForEachDue(kDueToClose, [&](pqxx::work& tx, const pqxx::row& due) {
    return CloseOffering(tx, due[0].as<std::string>());
  });
}

// Acts on one offering whose applications closed; false when another
// replica holds it or it closed meanwhile.
bool EnrolmentService::CloseOffering(pqxx::work& tx, const std::string& id) {
  if (tx.exec_params(kLockUnclosed, id).empty()) return false;
  cv1::Offering offering = *LoadOffering(tx, id, /*lock=*/false);
  bool open = offering.state() == cv1::OFFERING_STATE_PUBLISHED ||
              offering.state() == cv1::OFFERING_STATE_RUNNING;
  if (open && offering.selection() == cv1::SELECTION_METHOD_LOTTERY) {
    Draw(tx, id, offering);
  }
  pqxx::row seats = tx.exec_params(kLockUnclosed, id)[0];
  int confirmed = seats[0].as<int>(), minimum = seats[1].as<int>();
  bool under = open && confirmed < minimum;
  if (under) {
    events::v1::OfferingUndersubscribed event;
    event.set_offering(offering.name());
    event.set_confirmed_count(confirmed);
    event.set_min_enrolment(minimum);
    Announce(tx, id, event);
  }
  tx.exec_params(
      "UPDATE offerings SET closed_at = to_timestamp($2), undersubscribed = $3 "
      "WHERE id = $1",
      id, options_.now(), under);
  return true;
}

void EnrolmentService::Draw(pqxx::work& tx, const std::string& id,
                            const cv1::Offering& offering) {
  CommitDrawSeed(tx, id);  // only if the offering arrived without one
  pqxx::row draw = tx.exec_params(
      "SELECT seed, EXTRACT(EPOCH FROM committed_at)::bigint, drawn_at IS NOT "
      "NULL FROM draws WHERE offering_id = $1 FOR UPDATE",
      id)[0];
  if (draw[2].as<bool>()) return;
  std::string seed = pqxx::binarystring(draw[0]).str();

  std::vector<DrawEntryInput> entries;
  std::vector<std::string> entry_ids, entry_groups;
  std::vector<int64_t> fees, prices;
  std::vector<int> bases, discounts;
  std::map<std::string, events::v1::ApplicationFee> fee_of;
  for (const pqxx::row& row : tx.exec_params(kEntries, id)) {
    std::set<int> groups = GroupsFromText(row[3].as<std::string>());
    if (row[1].as<bool>()) {
      CitizenFacts facts;
      facts.birth_year = row[2].as<int>();
      facts.priority_groups = std::move(groups);
      groups = GroupsOf(facts, options_.current_year());
    }
    entry_ids.push_back(row[0].as<std::string>());
    entry_groups.push_back(absl::StrJoin(groups, ";"));
    events::v1::ApplicationFee fee = FeeOf(offering.fees(), groups);
    fees.push_back(fee.amount_krw());
    prices.push_back(fee.list_price_krw());
    bases.push_back(fee.basis());
    discounts.push_back(fee.discount_percent());
    fee_of[row[0].as<std::string>()] = fee;
    entries.push_back({row[0].as<std::string>(), std::move(groups)});
  }
  if (!entry_ids.empty()) {
    tx.exec_params(kStoreDrawGroups, ArrayLiteral(entry_ids),
                   QuotedArrayLiteral(entry_groups), ArrayLiteral(fees),
                   ArrayLiteral(prices), ArrayLiteral(bases),
                   ArrayLiteral(discounts));
  }
  std::vector<DrawQuota> quotas;
  for (const cv1::SeatQuota& q : offering.quotas())
    quotas.push_back({q.group(), q.seats()});
  pqxx::row seats_row = tx.exec_params(
      "SELECT capacity - confirmed, confirmed FROM offerings WHERE id = $1",
      id)[0];
  int seats = seats_row[0].as<int>();
  int confirmed_before = seats_row[1].as<int>();
  std::vector<DrawOutcome> outcomes = RunDraw(seed, entries, quotas, seats);

  std::map<std::string, const DrawEntryInput*> entry_of;
  for (const DrawEntryInput& e : entries) entry_of[e.application_id] = &e;
  std::vector<std::string> ids, statuses;
  std::vector<int> positions, quota_groups;
  std::map<int, int> taken;
  int seated = 0, waitlisted = 0;
  v1::Draw record;
  record.set_offering(offering.name());
  record.set_algorithm(kDrawAlgorithm);
  record.set_seed_sha256(common::Sha256Hex(seed));
  record.set_seed(common::HexOf(seed));
  record.mutable_commit_time()->set_seconds(draw[1].as<int64_t>());
  record.mutable_draw_time()->set_seconds(options_.now());
  record.set_seats(seats);
  *record.mutable_quotas() = offering.quotas();
  for (const DrawOutcome& o : outcomes) {
    ids.push_back(o.application_id);
    statuses.push_back(o.seated ? "confirmed" : "waitlisted");
    positions.push_back(o.waitlist_position);
    quota_groups.push_back(o.quota_group);
    if (o.quota_group != 0) ++taken[o.quota_group];
    seated += o.seated;
    waitlisted += !o.seated;
    v1::DrawEntry* e = record.add_entries();
    e->set_application("applications/" + o.application_id);
    for (int g : entry_of[o.application_id]->priority_groups)
      e->add_priority_groups(static_cast<cv1::PriorityGroup>(g));
    e->set_rank_key(o.rank_key);
    e->set_quota_group(static_cast<cv1::PriorityGroup>(o.quota_group));
    e->set_seated(o.seated);
    e->set_waitlist_position(o.waitlist_position);
  }
  tx.exec_params(kApplyOutcomes, ArrayLiteral(ids), ArrayLiteral(statuses),
                 ArrayLiteral(positions), ArrayLiteral(quota_groups));
  std::vector<DrawnQuota> drawn_quotas;
  for (const cv1::SeatQuota& q : offering.quotas())
    drawn_quotas.push_back({q.group(), q.seats(), taken[q.group()]});
  SeatTheDraw(tx, id, drawn_quotas, seated, waitlisted);
  tx.exec_params(
      "UPDATE draws SET drawn_at = to_timestamp($2), record = $3 WHERE "
      "offering_id = $1",
      id, options_.now(), pqxx::binarystring(record.SerializeAsString()));

  // Each outcome's event, in rank order.
  std::map<std::string, v1::Application> after;
  for (const pqxx::row& row :
       tx.exec_params(std::string("SELECT ") + kApplicationColumns +
                          " FROM applications a WHERE a.offering_id = $1 AND "
                          "a.status IN ('confirmed', 'waitlisted')",
                      id)) {
    v1::Application a = ApplicationOf(row);
    after[IdOf(a.name())] = std::move(a);
  }
  int count = confirmed_before;
  for (const DrawOutcome& o : outcomes) {
    if (o.seated) {
      events::v1::EnrolmentConfirmed event;
      *event.mutable_application() = after[o.application_id];
      event.set_confirmed_count(++count);
      event.set_capacity(offering.capacity());
      *event.mutable_fee() = fee_of[o.application_id];
      Announce(tx, id, event);
    } else {
      events::v1::Waitlisted event;
      *event.mutable_application() = after[o.application_id];
      event.set_queue_position(o.waitlist_position);
      *event.mutable_fee() = fee_of[o.application_id];
      Announce(tx, id, event);
    }
  }
  events::v1::LotteryDrawn drawn;
  drawn.set_offering(offering.name());
  drawn.set_seed_sha256(record.seed_sha256());
  drawn.set_seed(record.seed());
  drawn.set_seats(seats);
  drawn.set_entries(static_cast<int>(outcomes.size()));
  drawn.set_seated(seated);
  drawn.set_waitlisted(waitlisted);
  Announce(tx, id, drawn);
}

absl::StatusOr<v1::GetDrawResponse> EnrolmentService::GetDraw(
    const common::Caller& caller, const v1::GetDrawRequest& r) {
  common::FieldViolations v;
  std::string offering_name = r.offering();
  std::string id;
  if (!r.name().empty() || r.offering().empty()) {
    constexpr std::string_view kSingleton = "/draw";
    std::string_view name = r.name();
    if (name.size() > kSingleton.size() &&
        name.substr(name.size() - kSingleton.size()) == kSingleton) {
      offering_name = name.substr(0, name.size() - kSingleton.size());
      id = common::UuidOf(offering_name, "offerings", "name", v);
    } else {
      v.Add("name", r.name().empty() ? "REQUIRED" : "INVALID_NAME",
            "offerings/{uuid}/draw");
    }
  } else {
    id = common::UuidOf(r.offering(), "offerings", "offering", v);
  }
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::GetDrawResponse> {
        std::optional<cv1::Offering> offering = LoadOffering(tx, id, false);
        pqxx::result row = tx.exec_params(
            "SELECT seed_sha256, EXTRACT(EPOCH FROM committed_at)::bigint, "
            "record FROM draws WHERE offering_id = $1",
            id);
        if (!offering) return OfferingNotYetKnown(offering_name);
        if (row.empty()) {
          return Error(StatusCode::kNotFound, "DRAW_NOT_FOUND",
                       offering_name + " has no lottery");
        }
        v1::GetDrawResponse response;
        v1::Draw* draw = response.mutable_draw();
        if (!row[0][2].is_null()) {
          draw->ParseFromString(pqxx::binarystring(row[0][2]).str());
        } else {
          draw->set_offering(offering->name());
          draw->set_algorithm(kDrawAlgorithm);
          draw->set_seed_sha256(
              common::HexOf(pqxx::binarystring(row[0][0]).str()));
          draw->mutable_commit_time()->set_seconds(row[0][1].as<int64_t>());
          draw->set_seats(offering->capacity());
          *draw->mutable_quotas() = offering->quotas();
        }
        draw->set_name(offering->name() + "/draw");
        // Priority groups (disability, livelihood support), and the quota
        // whose reserved seat an entry took, are for the offering's staff
        // (its centre's staff, its instructor, an admin) only.
        if (!RunsOffering(caller, *offering)) {
          for (v1::DrawEntry& e : *draw->mutable_entries()) {
            e.clear_priority_groups();
            e.clear_quota_group();
          }
        }
        return response;
      });
}

}  // namespace lifelong::enrolment
