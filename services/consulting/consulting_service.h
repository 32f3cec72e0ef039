// The consulting service's logic. Its parts, one file each:
//   availability.cc   ListAvailableSlots; session types, weekly rules, date
//                     overrides, out-of-office periods and closures (admin)
//   booking.cc        HoldSlot, BookSlot, BookSeries, RescheduleBooking:
//                     reserving a
//                     slot (consultant rows locked, slots.h decides, the
//                     exclusion constraint guarantees)
//   booking_changes.cc ConfirmBooking, RejectBooking, CancelBooking,
//                     ReassignBooking, RecordNoShow, CompleteBooking
//   booking_reads.cc  GetBooking, ListMyBookings, ListCentreBookings
//   learning_plan.cc  RecordOutcome, GetLearningPlan, UpdatePlanItem,
//                     GetConsultationNote; plan items moved by enrolment's
//                     events
//   due_work.cc       lapsed holds, reminders (for PeriodicTasks)
//   waitlist.cc       JoinWaitlist, and offering free slots to it
//   consultants.cc    consultants from identity's staff-role events
//
// Concurrency. A reservation locks the rows of the consultants it may use
// (in id order, so two reservations cannot deadlock), loads the facts,
// decides with the pure functions of slots.h and writes. The lock makes the
// per-day/week caps and the fair "any consultant" pick exact; PostgreSQL's
// exclusion constraints (bookings_consultant_no_overlap,
// bookings_citizen_no_overlap) make a double booking impossible whatever
// path writes.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/errors.h"
#include "common/pg/pool.h"
#include "lifelong/consulting/v1/consulting_service.pb.h"
#include "services/consulting/booking_rows.h"
#include "services/consulting/facts.h"

namespace lifelong::consulting {

inline constexpr char kErrorDomain[] = "consulting.lifelong";

struct ConsultingOptions {
  std::function<int64_t()> now;  // UTC seconds
  // How long a hold lasts.
  int hold_minutes = 10;
  // Open (held, pending, confirmed, future) bookings a citizen may have,
  // and fewer after `no_show_threshold` citizen no-shows in the last
  // `no_show_window_days`.
  int max_open_bookings = 3;
  int no_show_threshold = 2;
  int open_bookings_after_no_shows = 1;
  int no_show_window_days = 180;
  // Slot search reads a snapshot of availability and bookings at most this
  // old (0: always fresh).
  std::chrono::milliseconds snapshot_max_age{0};
  // How long a slot offered to the waitlist is held.
  int waitlist_offer_minutes = 60;
};

// What one pass of due work did.
struct DueWork {
  int holds_expired = 0;
  int reminders = 0;
};

class ConsultingService {
 public:
  ConsultingService(common::PgPool& pool, ConsultingOptions options);

  // The serialized ListAvailableSlotsResponse: answers are computed from a
  // snapshot at most snapshot_max_age old and shared by the same question
  // asked of the same snapshot.
  absl::StatusOr<std::shared_ptr<const std::string>> ListAvailableSlots(
      const common::Caller& caller, const v1::ListAvailableSlotsRequest& r);
  absl::StatusOr<v1::HoldSlotResponse> HoldSlot(const common::Caller& caller,
                                                const v1::HoldSlotRequest& r);
  absl::StatusOr<v1::BookSlotResponse> BookSlot(const common::Caller& caller,
                                                const v1::BookSlotRequest& r);
  absl::StatusOr<v1::BookSeriesResponse> BookSeries(
      const common::Caller& caller, const v1::BookSeriesRequest& r);
  absl::StatusOr<v1::JoinWaitlistResponse> JoinWaitlist(
      const common::Caller& caller, const v1::JoinWaitlistRequest& r);
  absl::StatusOr<v1::ConfirmBookingResponse> ConfirmBooking(
      const common::Caller& caller, const v1::ConfirmBookingRequest& r);
  absl::StatusOr<v1::RejectBookingResponse> RejectBooking(
      const common::Caller& caller, const v1::RejectBookingRequest& r);
  absl::StatusOr<v1::CancelBookingResponse> CancelBooking(
      const common::Caller& caller, const v1::CancelBookingRequest& r);
  absl::StatusOr<v1::RescheduleBookingResponse> RescheduleBooking(
      const common::Caller& caller, const v1::RescheduleBookingRequest& r);
  absl::StatusOr<v1::ReassignBookingResponse> ReassignBooking(
      const common::Caller& caller, const v1::ReassignBookingRequest& r);
  absl::StatusOr<v1::RecordNoShowResponse> RecordNoShow(
      const common::Caller& caller, const v1::RecordNoShowRequest& r);
  absl::StatusOr<v1::CompleteBookingResponse> CompleteBooking(
      const common::Caller& caller, const v1::CompleteBookingRequest& r);
  absl::StatusOr<v1::GetBookingResponse> GetBooking(
      const common::Caller& caller, const v1::GetBookingRequest& r);
  absl::StatusOr<v1::ListMyBookingsResponse> ListMyBookings(
      const common::Caller& caller, const v1::ListMyBookingsRequest& r);
  absl::StatusOr<v1::ListCentreBookingsResponse> ListCentreBookings(
      const common::Caller& caller, const v1::ListCentreBookingsRequest& r);

  absl::StatusOr<v1::RecordOutcomeResponse> RecordOutcome(
      const common::Caller& caller, const v1::RecordOutcomeRequest& r);
  absl::StatusOr<v1::GetLearningPlanResponse> GetLearningPlan(
      const common::Caller& caller, const v1::GetLearningPlanRequest& r);
  absl::StatusOr<v1::UpdatePlanItemResponse> UpdatePlanItem(
      const common::Caller& caller, const v1::UpdatePlanItemRequest& r);
  absl::StatusOr<v1::GetConsultationNoteResponse> GetConsultationNote(
      const common::Caller& caller, const v1::GetConsultationNoteRequest& r);

  absl::StatusOr<v1::CreateSessionTypeResponse> CreateSessionType(
      const common::Caller& caller, const v1::CreateSessionTypeRequest& r);
  absl::StatusOr<v1::ListSessionTypesResponse> ListSessionTypes(
      const common::Caller& caller, const v1::ListSessionTypesRequest& r);
  absl::StatusOr<v1::SetWeeklyRulesResponse> SetWeeklyRules(
      const common::Caller& caller, const v1::SetWeeklyRulesRequest& r);
  absl::StatusOr<v1::ListSchedulesResponse> ListSchedules(
      const common::Caller& caller, const v1::ListSchedulesRequest& r);
  absl::StatusOr<v1::SetDateOverrideResponse> SetDateOverride(
      const common::Caller& caller, const v1::SetDateOverrideRequest& r);
  absl::StatusOr<v1::AddOutOfOfficeResponse> AddOutOfOffice(
      const common::Caller& caller, const v1::AddOutOfOfficeRequest& r);
  absl::StatusOr<v1::AddClosureResponse> AddClosure(
      const common::Caller& caller, const v1::AddClosureRequest& r);
  absl::StatusOr<v1::DeleteClosureResponse> DeleteClosure(
      const common::Caller& caller, const v1::DeleteClosureRequest& r);
  absl::StatusOr<v1::ListClosuresResponse> ListClosures(
      const common::Caller& caller, const v1::ListClosuresRequest& r);

  // Marks lapsed holds expired (freeing group seats). Safe on several
  // replicas (SKIP LOCKED).
  absl::StatusOr<int> ExpireHolds();
  // Publishes BookingReminderDue 24 h and 2 h before confirmed sessions,
  // once each. Safe on several replicas (SKIP LOCKED).
  absl::StatusOr<int> SendReminders();
  // Offers the first waiting citizens a matching free slot as a hold and
  // publishes SlotOffered. Safe on several replicas (SKIP LOCKED).
  absl::StatusOr<int> OfferWaitlistSlots();

  int64_t Now() const { return options_.now(); }

 private:
  // What a reservation is for.
  struct Reservation {
    std::string citizen_id;
    std::string session_type_id;
    std::string consultant_id;  // empty: any consultant of the centre
    int64_t start = 0;
    bool hold = false;     // a hold rather than a booking
    int hold_minutes = 0;  // 0: options.hold_minutes
    std::string booked_by;
    v1::Intake intake;
    std::string rescheduled_from;
    // The series this occurrence belongs to (uuid), or empty.
    std::string series_id;
    // Who asks: the citizen, or staff of the session type's centre.
    const common::Caller* caller = nullptr;
  };
  // Reserves the slot inside `tx` and returns the new booking (HELD,
  // PENDING or CONFIRMED), writing its events.
  absl::StatusOr<BookingRow> Reserve(pqxx::work& tx, const Reservation& what);
  // Refuses when the citizen may hold no more open bookings.
  absl::Status CheckOpenBookings(pqxx::work& tx, const std::string& citizen_id);
  // The citizen a call is for: the caller, or (staff) the one named.
  absl::StatusOr<std::string> CitizenFor(const common::Caller& caller,
                                         const std::string& named,
                                         common::FieldViolations& v) const;
  // Moves a pending or confirmed 1:1 booking to another consultant (whose
  // row this locks) when they work then and are free, and announces
  // BookingReassigned: FAILED_PRECONDITION OUTSIDE_AVAILABILITY (or the
  // hours' reason), SLOT_TAKEN, GROUP_SESSION, NOT_ACTIVE otherwise.
  struct Move {
    std::string consultant_id;
    v1::AssignmentReason why = v1::ASSIGNMENT_REASON_REASSIGNED;
    std::string detail;  // the assignment detail: who moved it and why
    std::string reason;  // the reassign reason staff gave, if any
    std::string by;      // "staff/{uuid}"
  };
  absl::StatusOr<BookingRow> MoveBooking(pqxx::work& tx, const BookingRow& row,
                                         const Move& move);
  // Loads a booking for a change: NOT_FOUND when the caller may not see it.
  absl::StatusOr<BookingRow> BookingForChange(pqxx::work& tx,
                                              const common::Caller& caller,
                                              const std::string& name,
                                              bool staff_only);

  common::PgPool& pool_;
  const ConsultingOptions options_;
  SnapshotCache snapshot_;
};

}  // namespace lifelong::consulting
