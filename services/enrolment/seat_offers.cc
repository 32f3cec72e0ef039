// Seat offers to the waitlist: the citizen accepts in time, or the offer
// lapses and the seat goes to the next in line (the rules:
// seat_offer_decision.h; who is next: promotion.h).
#include "common/errors.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/enrolment_service.h"
#include "services/enrolment/seat_offer_decision.h"

namespace lifelong::enrolment {
namespace {

namespace cv1 = lifelong::catalogue::v1;

constexpr char kOffersDue[] = R"sql(
  SELECT id::text, offering_id::text FROM applications
  WHERE status = 'offered' AND offer_expires_at <= to_timestamp($1)
  ORDER BY offer_expires_at LIMIT 100)sql";

}  // namespace

absl::StatusOr<v1::AcceptSeatOfferResponse> EnrolmentService::AcceptSeatOffer(
    const common::Caller& caller, const v1::AcceptSeatOfferRequest& r) {
  common::FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string id = common::UuidOf(r.name(), "applications", "name", v);
  if (!v.empty()) return v.ToStatus();
  common::IdempotencyKey key{caller.account, "AcceptSeatOffer", r.request_id(),
                             common::Fingerprint(r)};
  return common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::AcceptSeatOfferResponse>(
        tx, key, [&]() -> absl::StatusOr<v1::AcceptSeatOfferResponse> {
          // The facts (as of the lock), then the decision
          // (seat_offer_decision.h), then the writes.
          std::optional<v1::Application> a = LoadApplication(tx, id);
          std::optional<cv1::Offering> offering;
          if (a) {
            offering = LoadOffering(tx, IdOf(a->offering()), true);
            a = LockApplication(tx, id);
          }
          AcceptFacts facts;
          facts.application = a ? &*a : nullptr;
          facts.own = a && a->citizen() == caller.account;
          facts.staff_of_centre =
              offering &&
              caller.HasIn(common::kRoleCentreStaff, offering->centre());
          facts.now = options_.now();
          if (absl::Status decided = DecideAcceptOffer(facts, r.name());
              !decided.ok()) {
            return decided;
          }
          MarkConfirmed(tx, id);
          pqxx::row seats = tx.exec_params(
              "SELECT confirmed, capacity FROM offerings WHERE id = $1",
              IdOf(a->offering()))[0];
          events::v1::EnrolmentConfirmed event;
          *event.mutable_application() = *LoadApplication(tx, id);
          event.set_confirmed_count(seats[0].as<int>());
          event.set_capacity(seats[1].as<int>());
          Announce(tx, IdOf(a->offering()), event);
          v1::AcceptSeatOfferResponse response;
          *response.mutable_application() = event.application();
          return response;
        });
  });
}

absl::StatusOr<int> EnrolmentService::ExpireOffers() {
  return ForEachDue(kOffersDue, [&](pqxx::work& tx, const pqxx::row& due) {
    std::string id = due[0].as<std::string>();
    std::string offering_id = due[1].as<std::string>();
    // Another replica may hold this offering: leave it to them.
    if (tx.exec_params(
              "SELECT 1 FROM offerings WHERE id = $1 FOR UPDATE SKIP LOCKED",
              offering_id)
            .empty()) {
      return false;
    }
    std::optional<v1::Application> offer = LockApplication(tx, id);
    if (!offer || !OfferLapsed(*offer, options_.now()))
      return false;  // accepted meanwhile
    MarkExpired(tx, id);
    events::v1::SeatOfferExpired event;
    *event.mutable_application() = *LoadApplication(tx, id);
    Announce(tx, offering_id, event);
    FreeSeat(tx, offering_id, offer->quota_group(), seat_policy(),
             events::v1::SEAT_OFFER_REASON_OFFER_LAPSED);
    return true;
  });
}

}  // namespace lifelong::enrolment
