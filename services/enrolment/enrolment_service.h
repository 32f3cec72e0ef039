// The enrolment service's logic. Its parts, one file each:
//   enrolment_service.cc  Apply (first-come seats or lottery entries),
//                         GetApplication, ListMyApplications, GetMyStanding
//   cancellation.cc       CancelApplication, and every application of an
//                         offering the catalogue cancelled
//   seat_offers.cc        AcceptSeatOffer, and expiring offers
//   closing.cc            when applications close: the lottery draw, the
//                         minimum-enrolment check; GetDraw
//   attendance.cc         RecordAttendance, completion, certificates,
//                         no-show blocks; VerifyCertificate
//   rosters.cc            ListOfferingApplications
//   offering_seats.cc     BatchGetOfferingSeats
// Each handler loads facts, asks a pure decision, writes what it says:
//   apply_decision.h       Apply's refusals, lottery entry or seat, fee
//   cancel_decision.h      CancelApplication's refusals, what it frees
//   promotion.h            who is offered free seats (freed, more capacity)
//   seat_offer_decision.h  accepting an offer in time, a lapsed offer
//   completion.h           completion and its certificate
//   no_shows.h             no-show strikes and the registration block
//   lottery.h              the draw; eligibility.h, fees.h their parts
// and reads and writes through one store per aggregate:
//   application_store.h    applications (columns, load, lock, insert, status)
//   citizen_store.h        citizens' facts, strikes and blocks
//   offering_store.h       the offering read model (load, summary)
//   seats.h                seat counts and waitlist moves on that row
//   application_events.h   events to the outbox (Announce)
//   caller_checks.h        who may act on an offering (IsStaff, RunsOffering)
// Seats are counted on the offering's read-model row with conditional
// updates (confirmed < capacity), under that row's lock (seats.h); a
// citizen's row is locked for the length of their application, so that two
// applications at once cannot both pass the per-person limit.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/pg/pool.h"
#include "lifelong/enrolment/v1/enrolment_service.pb.h"
#include "services/enrolment/application_events.h"
#include "services/enrolment/application_store.h"
#include "services/enrolment/caller_checks.h"
#include "services/enrolment/offering_store.h"
#include "services/enrolment/seats.h"

namespace lifelong::enrolment {

struct EnrolmentOptions {
  std::function<int64_t()> now;  // UTC seconds
  std::function<int()> current_year;
  // Live applications a citizen may hold per limit group (a term).
  int limit_per_group = 3;
  // How long a freed seat is held for the next on the waitlist.
  int offer_hours = 48;
  // Citizens cancel until this long before the first session.
  int cancel_cutoff_hours = 24;
  // Attended share of the (not excused) sessions that completes a course.
  int completion_percent = 80;
  // Unexcused absences that block registration, and for how long.
  int no_show_strikes = 3;
  int no_show_block_days = 30;
  // Signs the roster's contact tickets (common/auth/contact_ticket.h); the
  // same key as identity's.
  std::string contact_ticket_key{};
};

// What one pass of the due work did.
struct DueWork {
  int offers_expired = 0;
  int offerings_closed = 0;
  // Offerings whose last session ended and whose learners were checked for
  // completion.
  int offerings_ended = 0;
};

class EnrolmentService {
 public:
  EnrolmentService(common::PgPool& pool, EnrolmentOptions options);

  absl::StatusOr<v1::ApplyResponse> Apply(const common::Caller& caller,
                                          const v1::ApplyRequest& request);
  absl::StatusOr<v1::GetApplicationResponse> GetApplication(
      const common::Caller& caller, const v1::GetApplicationRequest& request);
  absl::StatusOr<v1::ListMyApplicationsResponse> ListMyApplications(
      const common::Caller& caller,
      const v1::ListMyApplicationsRequest& request);
  absl::StatusOr<v1::GetMyStandingResponse> GetMyStanding(
      const common::Caller& caller, const v1::GetMyStandingRequest& request);
  absl::StatusOr<v1::CancelApplicationResponse> CancelApplication(
      const common::Caller& caller,
      const v1::CancelApplicationRequest& request);
  absl::StatusOr<v1::AcceptSeatOfferResponse> AcceptSeatOffer(
      const common::Caller& caller, const v1::AcceptSeatOfferRequest& request);
  absl::StatusOr<v1::ListOfferingApplicationsResponse> ListOfferingApplications(
      const common::Caller& caller,
      const v1::ListOfferingApplicationsRequest& request);
  absl::StatusOr<v1::GetDrawResponse> GetDraw(
      const common::Caller& caller, const v1::GetDrawRequest& request);
  absl::StatusOr<v1::RecordAttendanceResponse> RecordAttendance(
      const common::Caller& caller, const v1::RecordAttendanceRequest& request);
  absl::StatusOr<v1::VerifyCertificateResponse> VerifyCertificate(
      const common::Caller& caller,
      const v1::VerifyCertificateRequest& request);
  absl::StatusOr<v1::BatchGetOfferingSeatsResponse> BatchGetOfferingSeats(
      const common::Caller& caller,
      const v1::BatchGetOfferingSeatsRequest& request);

  // Work that falls due with time, for a background loop (every replica
  // may run it: rows are claimed with SKIP LOCKED): expires seat offers
  // (and offers the seats on), and acts on offerings whose applications
  // have closed (draws lotteries, flags undersubscribed offerings).
  absl::StatusOr<DueWork> RunDueWork();

  SeatPolicy seat_policy() const;

 private:
  // Runs `query` (its $1: now), then `each` on every row in a transaction
  // of its own; counts the rows `each` acted on.
  absl::StatusOr<int> ForEachDue(
      const char* query,
      const std::function<bool(pqxx::work&, const pqxx::row&)>& each);
  absl::StatusOr<int> ExpireOffers();
  absl::StatusOr<int> CloseOfferings();
  // Completes the learners of offerings whose last session has ended.
  absl::StatusOr<int> CompleteEndedOfferings();
  bool CloseOffering(pqxx::work& tx, const std::string& offering_id);
  // The draw of a lottery offering locked by the caller.
  void Draw(pqxx::work& tx, const std::string& offering_id,
            const catalogue::v1::Offering& offering);
  // Progress of one application from its attendance marks.
  v1::Progress ProgressOf(pqxx::work& tx, const std::string& application_id,
                          const catalogue::v1::Offering& offering) const;

  common::PgPool& pool_;
  const EnrolmentOptions options_;
};

}  // namespace lifelong::enrolment
