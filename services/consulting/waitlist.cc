// JoinWaitlist, and offering free slots to those waiting: each waiting
// entry, oldest first, gets the earliest free slot of its centre, topic and
// dates as a hold (in a transaction of its own, its row locked with SKIP
// LOCKED so replicas never offer one entry twice) and a SlotOffered event.
// An offer taken ends the entry ('booked'); an offer let lapse (or
// cancelled) puts it back in its place in line, up to kMaxLapsedOffers
// times, then ends it ('left'), and the slot goes to the next in line.
#include <algorithm>

#include "common/errors.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "lifelong/consulting/events/v1/consulting_events.pb.h"
#include "services/consulting/consulting_service.h"
#include "services/consulting/schedule_validation.h"

namespace lifelong::consulting {
namespace {

using absl::StatusCode;
using common::Error;
using common::FieldViolations;
namespace ev = lifelong::consulting::events::v1;

constexpr char kCentreKnown[] = R"sql(
  SELECT 1 FROM consultants WHERE centre = $1 AND active LIMIT 1)sql";
constexpr char kInsertEntry[] = R"sql(
  INSERT INTO waitlist_entries (citizen_id, centre, topic, first_day, last_day,
                                created_at)
  VALUES ($1, $2, $3, DATE '1970-01-01' + $4::int, DATE '1970-01-01' + $5::int,
          to_timestamp($6))
  RETURNING id::text)sql";
constexpr int kMaxLapsedOffers = 2;
// Entries whose offered hold became a booking, or lapsed.
constexpr char kSettleOffers[] = R"sql(
  UPDATE waitlist_entries w
  SET status = CASE
        WHEN b.status IN ('pending', 'confirmed', 'completed') THEN 'booked'
        WHEN w.lapsed_offers + 1 >= $1 THEN 'left'
        ELSE 'waiting' END,
      lapsed_offers = w.lapsed_offers +
        CASE WHEN b.status IN ('pending', 'confirmed', 'completed') THEN 0
             ELSE 1 END,
      offered_booking = CASE
        WHEN b.status IN ('pending', 'confirmed', 'completed')
        THEN w.offered_booking END
  FROM bookings b
  WHERE w.status = 'offered' AND b.id = w.offered_booking
    AND b.status <> 'held')sql";
constexpr char kWaitingIds[] = R"sql(
  SELECT id::text FROM waitlist_entries WHERE status = 'waiting'
  ORDER BY created_at, id LIMIT 50)sql";
constexpr char kClaimEntry[] = R"sql(
  SELECT citizen_id::text, centre, topic, first_day - DATE '1970-01-01',
         last_day - DATE '1970-01-01'
  FROM waitlist_entries WHERE id = $1 AND status = 'waiting'
  FOR UPDATE SKIP LOCKED)sql";
constexpr char kMarkOffered[] = R"sql(
  UPDATE waitlist_entries SET status = 'offered', offered_booking = $2
  WHERE id = $1)sql";
constexpr char kMarkOver[] = R"sql(
  UPDATE waitlist_entries SET status = 'left' WHERE id = $1)sql";

const common::Caller& WaitlistCaller() {
  static const common::Caller caller{
      "consulting/waitlist", "", {{common::kRoleAdmin, ""}}, ""};
  return caller;
}

}  // namespace

absl::StatusOr<v1::JoinWaitlistResponse> ConsultingService::JoinWaitlist(
    const common::Caller& caller, const v1::JoinWaitlistRequest& r) {
  FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string centre = CentreIdOf(r.centre());
  if (centre.empty()) v.Add("centre", "INVALID_NAME", "centres/{id}");
  if (!v1::Topic_IsValid(r.topic())) {
    v.Add("topic", "UNKNOWN_TOPIC", "a known topic");
  }
  CheckDateRange(r.first_day(), r.last_day(), "first_day", "last_day", 92, v);
  absl::StatusOr<std::string> citizen = CitizenFor(caller, r.citizen(), v);
  if (!citizen.ok()) return citizen.status();
  if (caller.account != "citizens/" + *citizen && !WorksAt(caller, centre)) {
    return Error(StatusCode::kPermissionDenied, "NOT_CENTRE_STAFF",
                 "only the centre's staff add a citizen to its waitlist");
  }
  return common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::JoinWaitlistResponse> {
        return common::Idempotent<v1::JoinWaitlistResponse>(
            tx,
            {caller.account, "JoinWaitlist", r.request_id(),
             common::Fingerprint(r)},
            [&]() -> absl::StatusOr<v1::JoinWaitlistResponse> {
              if (tx.exec_params(kCentreKnown, centre).empty()) {
                return Error(StatusCode::kNotFound, "UNKNOWN_CENTRE",
                             "no consulting at this centre");
              }
              std::string id = tx.exec_params1(kInsertEntry, *citizen, centre,
                                               static_cast<int>(r.topic()),
                                               DayOf(r.first_day()),
                                               DayOf(r.last_day()), Now())[0]
                                   .as<std::string>();
              v1::JoinWaitlistResponse response;
              v1::WaitlistEntry* e = response.mutable_entry();
              e->set_name("waitlistEntries/" + id);
              e->set_citizen("citizens/" + *citizen);
              e->set_centre("centres/" + centre);
              e->set_topic(r.topic());
              *e->mutable_first_day() = r.first_day();
              *e->mutable_last_day() = r.last_day();
              e->set_status("waiting");
              return response;
            });
      });
}

absl::StatusOr<int> ConsultingService::OfferWaitlistSlots() {
  absl::StatusOr<std::vector<std::string>> ids = common::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<std::vector<std::string>> {
        tx.exec_params(kSettleOffers, kMaxLapsedOffers);
        std::vector<std::string> out;
        for (const pqxx::row& r : tx.exec(kWaitingIds)) {
          out.push_back(r[0].as<std::string>());
        }
        return out;
      });
  if (!ids.ok()) return ids.status();
  int offered = 0;
  for (const std::string& id : *ids) {
    // Up to three slots per entry: a slot the citizen cannot take (another
    // booking of theirs then) rolls back only its own attempt.
    for (int attempt = 0; attempt < 3; ++attempt) {
      absl::StatusOr<bool> done = common::InTransaction(
          pool_, [&](pqxx::work& tx) -> absl::StatusOr<bool> {
            pqxx::result entry = tx.exec_params(kClaimEntry, id);
            if (entry.empty()) return true;  // another replica has it
            std::string citizen_id = entry[0][0].as<std::string>();
            std::string centre = entry[0][1].as<std::string>();
            int topic = entry[0][2].as<int>();
            int64_t now = Now();
            int first = std::max(entry[0][3].as<int>(), LocalDayOf(now));
            int last = std::min(entry[0][4].as<int>(), first + 30);
            if (last < first) {
              tx.exec_params(kMarkOver, id);
              return true;
            }
            FactsScope scope;
            scope.centres = {centre};
            scope.first_day = first;
            scope.last_day = last;
            scope.now = now;
            Loaded loaded = LoadFacts(tx, scope);
            SlotQuery query;
            query.first_day = first;
            query.last_day = last;
            for (const auto& [type_id, type] : loaded.types) {
              bool serves =
                  topic == 0 || type.topics().empty() ||
                  std::find(type.topics().begin(), type.topics().end(),
                            topic) != type.topics().end();
              if (serves) query.session_types.push_back(type_id);
            }
            if (query.session_types.empty()) return true;
            std::vector<Slot> slots = ComputeSlots(loaded.facts, query);
            if (static_cast<int>(slots.size()) <= attempt) return true;
            const Slot& slot = slots[attempt];
            Reservation what;
            what.citizen_id = citizen_id;
            what.session_type_id = std::string(slot.session_type);
            what.consultant_id = std::string(slot.consultant);
            what.start = slot.start;
            what.hold = true;
            what.hold_minutes = options_.waitlist_offer_minutes;
            what.booked_by = WaitlistCaller().account;
            what.series_id = "";
            what.caller = &WaitlistCaller();
            absl::StatusOr<BookingRow> hold = Reserve(tx, what);
            if (!hold.ok()) return hold.status();  // next attempt
            tx.exec_params(kMarkOffered, id, hold->id);
            ev::SlotOffered event;
            *event.mutable_booking() = FactsOf(*hold);
            event.set_waitlist_entry("waitlistEntries/" + id);
            event.mutable_hold_expire_time()->set_seconds(hold->hold_expires);
            Announce(tx, hold->id, event);
            ++offered;
            return true;
          });
      if (done.ok()) break;
    }
  }
  return offered;
}

}  // namespace lifelong::consulting
