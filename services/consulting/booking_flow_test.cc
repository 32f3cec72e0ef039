// A booking's life against the real PostgreSQL: holds that lapse, cancel
// and reschedule with their notice, staff overrides, no-shows, reassigning,
// group seats, bad input, idempotent retries, reminders, and what events
// carry.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "services/consulting/consulting_test_fixture.h"

namespace lifelong::consulting {
namespace {

using absl::StatusCode;

TEST_F(ConsultingTest, SlotsComeFromRulesAndLeaveWhenBooked) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  v1::ListAvailableSlotsRequest r;
  r.set_centre("centres/misa");
  r.mutable_first_day()->set_year(2027);
  r.mutable_first_day()->set_month(1);
  r.mutable_first_day()->set_day(4);
  *r.mutable_last_day() = r.first_day();
  auto before = Slots(r);
  ASSERT_TRUE(before.ok()) << before.status();
  // 09:00 to 17:00 every 30 minutes.
  EXPECT_EQ(before->slots_size(), 17);
  ASSERT_TRUE(Book(1, type, consultant, At(kMonday, 10)).ok());
  auto after = Slots(r);
  // 09:00 (its end touches 10:00 with its buffer), 09:30, 10:00, 10:30
  // and 11:00 (inside the 15-minute buffer) are gone.
  EXPECT_EQ(after->slots_size(), 12);
  // A public holiday from the shipped data: 1 January 2027.
  r.mutable_first_day()->set_day(1);
  *r.mutable_last_day() = r.first_day();
  now_ = At(kMonday - 10, 9);
  EXPECT_EQ(Slots(r)->slots_size(), 0);
}

// Searches share a snapshot and its answers for snapshot_max_age: a
// booking shows in search results within that time, never later.
TEST_F(ConsultingTest, SearchAnswersLagBookingsByAtMostTheSnapshotAge) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  ConsultingOptions options = Options();
  options.snapshot_max_age = std::chrono::milliseconds(2000);
  ConsultingService searching(pool_, options);
  v1::ListAvailableSlotsRequest r;
  r.set_centre("centres/misa");
  r.mutable_first_day()->set_year(2027);
  r.mutable_first_day()->set_month(1);
  r.mutable_first_day()->set_day(4);
  *r.mutable_last_day() = r.first_day();
  auto count = [&] {
    auto answer = searching.ListAvailableSlots({}, r);
    EXPECT_TRUE(answer.ok()) << answer.status();
    v1::ListAvailableSlotsResponse slots;
    EXPECT_TRUE(answer.ok() && slots.ParseFromString(**answer));
    return slots.slots_size();
  };
  EXPECT_EQ(count(), 17);
  ASSERT_TRUE(Book(1, type, consultant, At(kMonday, 10)).ok());
  EXPECT_EQ(count(), 17);  // the same snapshot's answer
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  EXPECT_EQ(count(), 12);
}

TEST_F(ConsultingTest, AHoldBlocksTheSlotUntilItLapses) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  v1::HoldSlotRequest hold;
  hold.set_request_id("hold-1");
  hold.set_session_type(type);
  hold.set_consultant(consultant);
  hold.mutable_start_time()->set_seconds(At(kMonday, 10));
  auto held = logic_.HoldSlot(Citizen(1), hold);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_EQ(held->booking().status(), v1::BOOKING_STATUS_HELD);
  EXPECT_EQ(held->booking().hold_expire_time().seconds(), kNow + 600);
  EXPECT_EQ(
      common::ReasonOf(Book(2, type, consultant, At(kMonday, 10)).status()),
      "SLOT_TAKEN");
  // Eleven minutes later the hold has lapsed.
  now_ = kNow + 660;
  v1::BookSlotRequest from_hold;
  from_hold.set_request_id("book-from-hold");
  from_hold.set_hold(held->booking().name());
  auto late = logic_.BookSlot(Citizen(1), from_hold);
  EXPECT_EQ(common::ReasonOf(late.status()), "HOLD_EXPIRED");
  // Someone else gets it at once, before the periodic expiry runs.
  auto other = Book(2, type, consultant, At(kMonday, 10));
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(Query("SELECT status FROM {s}.bookings WHERE id = '" +
                  held->booking().name().substr(9) + "'"),
            "expired");
  // In time, a hold becomes the booking.
  hold.set_request_id("hold-2");
  hold.mutable_start_time()->set_seconds(At(kMonday, 14));
  auto second = logic_.HoldSlot(Citizen(1), hold);
  ASSERT_TRUE(second.ok()) << second.status();
  from_hold.set_request_id("book-from-hold-2");
  from_hold.set_hold(second->booking().name());
  auto booked = logic_.BookSlot(Citizen(1), from_hold);
  ASSERT_TRUE(booked.ok()) << booked.status();
  EXPECT_EQ(booked->booking().status(), v1::BOOKING_STATUS_CONFIRMED);
  EXPECT_EQ(booked->booking().name(), second->booking().name());
  // The periodic expiry finds nothing left.
  EXPECT_EQ(*logic_.ExpireHolds(), 0);
}

TEST_F(ConsultingTest, CancelHonoursTheNoticeStaffOverrideWithAReason) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType(
      [](v1::SessionType& t) { t.set_cancel_notice_minutes(24 * 60); });
  auto booking = Book(1, type, consultant, At(kMonday, 10));
  ASSERT_TRUE(booking.ok());
  now_ = At(kMonday, 8);
  v1::CancelBookingRequest cancel;
  cancel.set_request_id("cancel-1");
  cancel.set_booking(booking->booking().name());
  EXPECT_EQ(common::ReasonOf(logic_.CancelBooking(Citizen(1), cancel).status()),
            "CANCELLATION_TOO_LATE");
  // Another citizen cannot even see it.
  EXPECT_EQ(logic_.CancelBooking(Citizen(2), cancel).status().code(),
            StatusCode::kNotFound);
  // Staff of another centre neither.
  EXPECT_EQ(logic_.CancelBooking(Staff("wirye"), cancel).status().code(),
            StatusCode::kNotFound);
  auto no_reason = logic_.CancelBooking(Staff(), cancel);
  EXPECT_EQ(no_reason.status().code(), StatusCode::kInvalidArgument);
  cancel.set_reason("consultant ill");
  auto cancelled = logic_.CancelBooking(Staff(), cancel);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->booking().status(), v1::BOOKING_STATUS_CANCELLED);
  // No no-show for a cancelled booking.
  now_ = At(kMonday, 11);
  v1::RecordNoShowRequest no_show;
  no_show.set_request_id("ns-1");
  no_show.set_booking(booking->booking().name());
  no_show.set_party(v1::NO_SHOW_PARTY_CITIZEN);
  EXPECT_EQ(common::ReasonOf(logic_.RecordNoShow(Staff(), no_show).status()),
            "NOT_ACTIVE");
  EXPECT_EQ(Events("BookingCancelled"), "1");
}

TEST_F(ConsultingTest, RescheduleKeepsTheLinkAndOnlyTheOwnerMay) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  auto booking = Book(1, type, consultant, At(kMonday, 10));
  ASSERT_TRUE(booking.ok());
  v1::RescheduleBookingRequest r;
  r.set_request_id("move-1");
  r.set_booking(booking->booking().name());
  r.mutable_start_time()->set_seconds(At(kMonday, 10, 30));
  EXPECT_EQ(logic_.RescheduleBooking(Citizen(2), r).status().code(),
            StatusCode::kNotFound);
  // Moving by half an hour overlaps the old time: fine, the old is
  // cancelled in the same transaction.
  auto moved = logic_.RescheduleBooking(Citizen(1), r);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->booking().rescheduled_from(), booking->booking().name());
  v1::GetBookingRequest get;
  get.set_name(booking->booking().name());
  auto old = logic_.GetBooking(Citizen(1), get);
  EXPECT_EQ(old->booking().status(), v1::BOOKING_STATUS_CANCELLED);
  EXPECT_EQ(old->booking().rescheduled_to(), moved->booking().name());
  EXPECT_EQ(Events("BookingRescheduled"), "1");
}

TEST_F(ConsultingTest, ReassignAcrossCentresKeepsTheReasonAndSharesTheRecord) {
  std::string misa = AddConsultant(1, "misa");
  std::string wirye = AddConsultant(2, "wirye");
  std::string type = AddSessionType();
  auto booking = Book(1, type, misa, At(kMonday, 10));
  ASSERT_TRUE(booking.ok());
  v1::GetBookingRequest get;
  get.set_name(booking->booking().name());
  EXPECT_EQ(logic_.GetBooking(Staff("wirye"), get).status().code(),
            StatusCode::kNotFound);
  v1::ReassignBookingRequest r;
  r.set_request_id("reassign-1");
  r.set_booking(booking->booking().name());
  r.set_consultant(wirye);
  EXPECT_EQ(logic_.ReassignBooking(Staff(), r).status().code(),
            StatusCode::kInvalidArgument);  // reason required
  r.set_reason("speaks Vietnamese");
  auto moved = logic_.ReassignBooking(Staff(), r);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->booking().consultant(), wirye);
  EXPECT_EQ(moved->booking().centre(), "centres/wirye");
  EXPECT_EQ(moved->booking().assignment_reason(),
            v1::ASSIGNMENT_REASON_REASSIGNED);
  EXPECT_EQ(moved->booking().reassign_reason(), "speaks Vietnamese");
  // Both centres' staff see it now.
  EXPECT_TRUE(logic_.GetBooking(Staff("wirye"), get).ok());
  EXPECT_TRUE(logic_.GetBooking(Staff("misa"), get).ok());
  EXPECT_EQ(logic_.GetBooking(Staff("gamil"), get).status().code(),
            StatusCode::kNotFound);
}

TEST_F(ConsultingTest, NoShowsLimitOpenBookings) {
  std::string consultant = AddConsultant(1);
  std::string type =
      AddSessionType([](v1::SessionType& t) { t.set_buffer_after_minutes(0); });
  ConsultingOptions strict = Options();
  strict.max_open_bookings = 3;
  strict.no_show_threshold = 2;
  strict.open_bookings_after_no_shows = 1;
  ConsultingService logic(pool_, strict);
  // Two sessions the citizen missed.
  for (int i = 0; i < 2; ++i) {
    now_ = kNow;
    auto b = Book(1, type, consultant, At(kMonday, 9 + i));
    ASSERT_TRUE(b.ok()) << b.status();
    now_ = At(kMonday, 9 + i, 30);
    v1::RecordNoShowRequest r;
    r.set_request_id("ns-" + std::to_string(i));
    r.set_booking(b->booking().name());
    r.set_party(v1::NO_SHOW_PARTY_CITIZEN);
    auto marked = logic.RecordNoShow(Staff(), r);
    ASSERT_TRUE(marked.ok()) << marked.status();
    EXPECT_TRUE(marked->booking().citizen_no_show());
  }
  now_ = At(kMonday, 12);
  v1::BookSlotRequest r;
  r.set_session_type(type);
  r.set_consultant(consultant);
  r.set_request_id("after-1");
  r.mutable_start_time()->set_seconds(At(kMonday + 1, 10));
  ASSERT_TRUE(logic.BookSlot(Citizen(1), r).ok());
  r.set_request_id("after-2");
  r.mutable_start_time()->set_seconds(At(kMonday + 1, 14));
  EXPECT_EQ(common::ReasonOf(logic.BookSlot(Citizen(1), r).status()),
            "OPEN_BOOKINGS_LIMIT");
  // The consultant's side is recorded separately.
  EXPECT_EQ(Events("NoShowRecorded"), "2");
}

TEST_F(ConsultingTest, OutOfOfficeRedirectsABookingToTheColleague) {
  std::string away = AddConsultant(1);
  std::string colleague = AddConsultant(2);
  std::string type = AddSessionType();
  v1::AddOutOfOfficeRequest ooo;
  ooo.set_request_id("ooo-1");
  ooo.set_consultant(away);
  ooo.mutable_first_day()->set_year(2027);
  ooo.mutable_first_day()->set_month(1);
  ooo.mutable_first_day()->set_day(4);
  *ooo.mutable_last_day() = ooo.first_day();
  ooo.set_colleague(colleague);
  ASSERT_TRUE(logic_.AddOutOfOffice(Staff(), ooo).ok());
  auto b = Book(1, type, away, At(kMonday, 10));
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->booking().consultant(), colleague);
  EXPECT_EQ(b->booking().assignment_reason(),
            v1::ASSIGNMENT_REASON_OUT_OF_OFFICE_REDIRECT);
}

// Days away added after bookings were made: those the colleague can take
// move to them; the others are listed for staff, with why.
TEST_F(ConsultingTest, OutOfOfficeMovesBookingsTheColleagueCanTake) {
  std::string away = AddConsultant(1);
  std::string colleague = AddConsultant(2, "misa", 9, 16);
  std::string type = AddSessionType();
  auto movable = Book(1, type, away, At(kMonday, 10));
  auto clash = Book(2, type, away, At(kMonday, 14));
  auto late = Book(3, type, away, At(kMonday + 1, 16, 30));
  ASSERT_TRUE(Book(4, type, colleague, At(kMonday, 14)).ok());
  ASSERT_TRUE(movable.ok() && clash.ok() && late.ok());
  // Moving by hand checks the colleague's hours too.
  v1::ReassignBookingRequest reassign;
  reassign.set_request_id("reassign-late");
  reassign.set_booking(late->booking().name());
  reassign.set_consultant(colleague);
  reassign.set_reason("their usual consultant");
  auto refused = logic_.ReassignBooking(Staff(), reassign);
  EXPECT_EQ(common::ReasonOf(refused.status()), "OUTSIDE_AVAILABILITY");
  v1::AddOutOfOfficeRequest ooo;
  ooo.set_request_id("ooo-after");
  ooo.set_consultant(away);
  ooo.mutable_first_day()->set_year(2027);
  ooo.mutable_first_day()->set_month(1);
  ooo.mutable_first_day()->set_day(4);
  *ooo.mutable_last_day() = ooo.first_day();
  ooo.mutable_last_day()->set_day(5);
  ooo.set_colleague(colleague);
  auto added = logic_.AddOutOfOffice(Staff(), ooo);
  ASSERT_TRUE(added.ok()) << added.status();
  ASSERT_EQ(added->moved_bookings_size(), 1);
  EXPECT_EQ(added->moved_bookings(0), movable->booking().name());
  ASSERT_EQ(added->unmoved_bookings_size(), 2);
  EXPECT_EQ(added->unmoved_bookings(0).booking(), clash->booking().name());
  EXPECT_EQ(added->unmoved_bookings(0).reason(), "SLOT_TAKEN");
  EXPECT_EQ(added->unmoved_bookings(1).booking(), late->booking().name());
  EXPECT_EQ(added->unmoved_bookings(1).reason(), "OUTSIDE_AVAILABILITY");
  v1::GetBookingRequest get;
  get.set_name(movable->booking().name());
  auto moved = logic_.GetBooking(Staff(), get);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->booking().consultant(), colleague);
  EXPECT_EQ(moved->booking().assignment_reason(),
            v1::ASSIGNMENT_REASON_OUT_OF_OFFICE_REDIRECT);
  EXPECT_EQ(Events("BookingReassigned"), "1");
}

TEST_F(ConsultingTest, GroupSessionsNeverExceedTheirSeats) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType([](v1::SessionType& t) {
    t.set_display_name("Information session");
    t.set_seats(3);
  });
  for (int i = 0; i < 3; ++i) {
    auto b = Book(10 + i, type, consultant, At(kMonday, 10));
    ASSERT_TRUE(b.ok()) << b.status();
  }
  EXPECT_EQ(
      common::ReasonOf(Book(13, type, consultant, At(kMonday, 10)).status()),
      "SLOT_TAKEN");
  EXPECT_EQ(Query("SELECT taken FROM {s}.group_occurrences"), "3");
  // A 1:1 over the group's time is refused by the constraint's own rule.
  std::string one_to_one = AddSessionType();
  EXPECT_EQ(common::ReasonOf(
                Book(14, one_to_one, consultant, At(kMonday, 10, 30)).status()),
            "SLOT_TAKEN");
}

TEST_F(ConsultingTest, BadInputIsRefusedWithTheRightCodeAndNothingChanges) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  auto reason = [&](int64_t start) {
    return common::ReasonOf(Book(1, type, consultant, start).status());
  };
  EXPECT_EQ(reason(At(kMonday, 9, 10)), "NOT_ON_GRID");
  EXPECT_EQ(reason(At(kMonday, 18)), "OUTSIDE_AVAILABILITY");
  EXPECT_EQ(reason(kNow + 3600), "INSIDE_MINIMUM_NOTICE");
  EXPECT_EQ(reason(At(kMonday + 70, 10)), "BEYOND_HORIZON");
  auto unknown_type =
      Book(1, "sessionTypes/" + Uuid(5, 5), consultant, At(kMonday, 10));
  EXPECT_EQ(unknown_type.status().code(), StatusCode::kNotFound);
  auto unknown_consultant = Book(1, type, ConsultantName(99), At(kMonday, 10));
  EXPECT_EQ(unknown_consultant.status().code(), StatusCode::kNotFound);
  auto bad_name = Book(1, "sessionTypes/x", consultant, At(kMonday, 10));
  EXPECT_EQ(bad_name.status().code(), StatusCode::kInvalidArgument);
  ASSERT_FALSE(common::FieldViolationsOf(bad_name.status()).empty());
  EXPECT_EQ(common::FieldViolationsOf(bad_name.status())[0].field,
            "session_type");
  // Booking for someone else as a citizen.
  v1::BookSlotRequest other;
  other.set_request_id("other");
  other.set_session_type(type);
  other.set_consultant(consultant);
  other.mutable_start_time()->set_seconds(At(kMonday, 10));
  other.set_citizen(CitizenName(2));
  EXPECT_EQ(logic_.BookSlot(Citizen(1), other).status().code(),
            StatusCode::kPermissionDenied);
  // Overlapping weekly rules; an override that ends before it starts.
  v1::SetWeeklyRulesRequest rules;
  rules.set_request_id("rules-bad");
  rules.set_consultant(consultant);
  for (int start : {9, 11}) {
    v1::WeeklyRule* rule = rules.add_rules();
    rule->add_days(1);
    rule->mutable_hours()->mutable_start()->set_hours(start);
    rule->mutable_hours()->mutable_end()->set_hours(start + 3);
  }
  auto overlapping = logic_.SetWeeklyRules(Admin(), rules);
  EXPECT_EQ(overlapping.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(common::FieldViolationsOf(overlapping.status())[0].reason,
            "OVERLAPPING_RULES");
  v1::SetDateOverrideRequest override_request;
  override_request.set_request_id("override-bad");
  override_request.set_consultant(consultant);
  override_request.mutable_date()->set_year(2027);
  override_request.mutable_date()->set_month(1);
  override_request.mutable_date()->set_day(5);
  v1::TimeWindow* w = override_request.add_windows();
  w->mutable_start()->set_hours(15);
  w->mutable_end()->set_hours(10);
  auto backwards = logic_.SetDateOverride(Admin(), override_request);
  EXPECT_EQ(common::FieldViolationsOf(backwards.status())[0].field,
            "windows[0].end");
  // A citizen may not touch schedules; another centre's staff neither.
  rules.clear_rules();
  EXPECT_EQ(logic_.SetWeeklyRules(Staff("wirye"), rules).status().code(),
            StatusCode::kPermissionDenied);
  // Nothing was written by any of it.
  EXPECT_EQ(Query("SELECT count(*) FROM {s}.bookings"), "0");
  EXPECT_EQ(Query("SELECT count(*) FROM {s}.outbox"), "0");
  EXPECT_EQ(Query("SELECT count(*) FROM {s}.weekly_rules"), "5");  // Mon-Fri
}

TEST_F(ConsultingTest, ASeriesBooksEveryOccurrenceOrNone) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  v1::BookSeriesRequest r;
  r.set_request_id("series-1");
  r.set_session_type(type);
  r.set_consultant(consultant);
  r.set_citizen(CitizenName(1));
  r.mutable_start_time()->set_seconds(At(kMonday, 10));
  r.set_interval_weeks(2);
  r.set_count(4);
  // Citizens do not book series.
  EXPECT_EQ(logic_.BookSeries(Citizen(1), r).status().code(),
            StatusCode::kPermissionDenied);
  auto series = logic_.BookSeries(Staff(), r);
  ASSERT_TRUE(series.ok()) << series.status();
  ASSERT_EQ(series->bookings_size(), 4);
  EXPECT_EQ(series->bookings(3).start_time().seconds(), At(kMonday + 42, 10));
  EXPECT_EQ(series->bookings(2).series(), series->series());
  // A second series over a taken occurrence books nothing.
  ASSERT_TRUE(Book(2, type, consultant, At(kMonday + 21, 10, 30)).ok());
  r.set_request_id("series-2");
  r.set_citizen(CitizenName(3));
  r.mutable_start_time()->set_seconds(At(kMonday + 7, 10));
  auto refused = logic_.BookSeries(Staff(), r);
  EXPECT_EQ(common::ReasonOf(refused.status()), "SLOT_TAKEN");
  EXPECT_NE(refused.status().message().find("occurrence 2"), std::string::npos);
  EXPECT_EQ(Query("SELECT count(*) FROM {s}.bookings WHERE citizen_id = '" +
                  Uuid(2, 3) + "'"),
            "0");
}

TEST_F(ConsultingTest, AFreedSlotIsOfferedToTheFirstOnTheWaitlist) {
  std::string consultant = AddConsultant(1, "misa", 9, 10);  // one slot a day
  std::string type = AddSessionType();
  auto taken = Book(1, type, consultant, At(kMonday, 9));
  ASSERT_TRUE(taken.ok()) << taken.status();
  v1::JoinWaitlistRequest join;
  join.set_request_id("wait-2");
  join.set_centre("centres/misa");
  join.set_topic(v1::TOPIC_DIGITAL_SKILLS);
  join.mutable_first_day()->set_year(2027);
  join.mutable_first_day()->set_month(1);
  join.mutable_first_day()->set_day(4);
  *join.mutable_last_day() = join.first_day();
  auto second = logic_.JoinWaitlist(Citizen(2), join);
  ASSERT_TRUE(second.ok()) << second.status();
  join.set_request_id("wait-3");
  now_ = kNow + 1;
  ASSERT_TRUE(logic_.JoinWaitlist(Citizen(3), join).ok());
  join.set_request_id("wait-nowhere");
  join.set_centre("centres/nowhere");
  EXPECT_EQ(logic_.JoinWaitlist(Citizen(3), join).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(*logic_.OfferWaitlistSlots(), 0);  // nothing free
  v1::CancelBookingRequest cancel;
  cancel.set_request_id("free-it");
  cancel.set_booking(taken->booking().name());
  ASSERT_TRUE(logic_.CancelBooking(Citizen(1), cancel).ok());
  EXPECT_EQ(*logic_.OfferWaitlistSlots(), 1);
  EXPECT_EQ(*logic_.OfferWaitlistSlots(), 0);  // once, to the first in line
  EXPECT_EQ(Events("SlotOffered"), "1");
  std::string hold = Query(
      "SELECT offered_booking FROM {s}.waitlist_entries WHERE status = "
      "'offered'");
  EXPECT_EQ(
      Query("SELECT citizen_id FROM {s}.bookings WHERE id = '" + hold + "'"),
      Uuid(2, 2));
  v1::BookSlotRequest book;
  book.set_request_id("take-offer");
  book.set_hold("bookings/" + hold);
  auto booked = logic_.BookSlot(Citizen(2), book);
  ASSERT_TRUE(booked.ok()) << booked.status();
  EXPECT_EQ(booked->booking().start_time().seconds(), At(kMonday, 9));
}

// An offer let lapse puts the citizen back in line once; the second lapse
// passes the slot to the next in line.
TEST_F(ConsultingTest, ALapsedOfferIsOfferedOnceMoreThenPassesOn) {
  std::string consultant = AddConsultant(1, "misa", 9, 10);  // one slot a day
  std::string type = AddSessionType();
  v1::JoinWaitlistRequest join;
  join.set_centre("centres/misa");
  join.mutable_first_day()->set_year(2027);
  join.mutable_first_day()->set_month(1);
  join.mutable_first_day()->set_day(4);
  *join.mutable_last_day() = join.first_day();
  for (int citizen : {2, 3}) {
    join.set_request_id("wait-" + std::to_string(citizen));
    ASSERT_TRUE(logic_.JoinWaitlist(Citizen(citizen), join).ok());
    now_ = now_ + 1;
  }
  auto offered_to = [&] {
    return Query(
        "SELECT b.citizen_id FROM {s}.waitlist_entries w JOIN {s}.bookings b "
        "ON b.id = w.offered_booking WHERE w.status = 'offered'");
  };
  auto lapse = [&] {
    now_ = now_ + 61 * 60;  // past the 60-minute offer
    ASSERT_TRUE(logic_.ExpireHolds().ok());
  };
  EXPECT_EQ(*logic_.OfferWaitlistSlots(), 1);
  EXPECT_EQ(offered_to(), Uuid(2, 2));
  lapse();
  EXPECT_EQ(*logic_.OfferWaitlistSlots(), 1);
  EXPECT_EQ(offered_to(), Uuid(2, 2));  // once more: still first in line
  lapse();
  EXPECT_EQ(*logic_.OfferWaitlistSlots(), 1);
  EXPECT_EQ(offered_to(), Uuid(2, 3));  // passed on
  EXPECT_EQ(Query("SELECT status || ' ' || lapsed_offers FROM "
                  "{s}.waitlist_entries WHERE citizen_id = '" +
                  Uuid(2, 2) + "'"),
            "left 2");
  v1::BookSlotRequest book;
  book.set_request_id("take-offer");
  book.set_hold("bookings/" + Query("SELECT offered_booking FROM "
                                    "{s}.waitlist_entries WHERE status = "
                                    "'offered'"));
  ASSERT_TRUE(logic_.BookSlot(Citizen(3), book).ok());
  EXPECT_EQ(*logic_.OfferWaitlistSlots(), 0);
  EXPECT_EQ(Query("SELECT status FROM {s}.waitlist_entries WHERE citizen_id "
                  "= '" +
                  Uuid(2, 3) + "'"),
            "booked");
  EXPECT_EQ(Events("SlotOffered"), "3");
}

TEST_F(ConsultingTest, ARetryWithTheSameRequestIdGetsTheFirstAnswer) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  auto first = Book(1, type, consultant, At(kMonday, 10), "same-id");
  auto again = Book(1, type, consultant, At(kMonday, 10), "same-id");
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->booking().name(), again->booking().name());
  EXPECT_EQ(Query("SELECT count(*) FROM {s}.bookings"), "1");
}

TEST_F(ConsultingTest, EventsCarryCodesButNoIntakeText) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  ASSERT_TRUE(Book(1, type, consultant, At(kMonday, 10)).ok());
  EXPECT_EQ(Events("BookingRequested"), "1");
  EXPECT_EQ(Events("BookingConfirmed"), "1");
  EXPECT_EQ(Query("SELECT count(*) FROM {s}.outbox WHERE position("
                  "'private goals' IN encode(payload, 'escape')) > 0"),
            "0");
  // Keyed by the booking's bare id, as every topic's aggregate is.
  EXPECT_EQ(Query("SELECT DISTINCT key FROM {s}.outbox"),
            Query("SELECT id FROM {s}.bookings"));
}

TEST_F(ConsultingTest, RemindersFallDueOnceEach) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  ASSERT_TRUE(Book(1, type, consultant, At(kMonday, 10)).ok());
  now_ = At(kMonday - 1, 11);  // 23 h before
  EXPECT_EQ(*logic_.SendReminders(), 1);
  EXPECT_EQ(*logic_.SendReminders(), 0);
  now_ = At(kMonday, 8, 30);  // 1.5 h before
  EXPECT_EQ(*logic_.SendReminders(), 1);
  EXPECT_EQ(*logic_.SendReminders(), 0);
  EXPECT_EQ(Events("BookingReminderDue"), "2");
}

TEST_F(ConsultingTest, ARevokedConsultantOffersNoSlots) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  identity::events::v1::StaffRoleRevoked revoked;
  revoked.set_staff(consultant);
  revoked.mutable_grant()->set_role(identity::v1::ROLE_CONSULTANT);
  revoked.mutable_grant()->set_scope("centres/misa");
  IdentityEvent(revoked);
  EXPECT_EQ(Book(1, type, consultant, At(kMonday, 10)).status().code(),
            StatusCode::kNotFound);
  // A grant that does not name a centre is parked, not applied.
  identity::events::v1::StaffRoleGranted bad;
  bad.set_staff(consultant);
  bad.mutable_grant()->set_role(identity::v1::ROLE_CONSULTANT);
  common::ConsumedMessage m;
  m.topic = kIdentityAccountTopic;
  m.value = bad.SerializeAsString();
  m.headers["ce_type"] = bad.GetTypeName();
  absl::Status s = common::InTransaction(
      pool_, [&](pqxx::work& tx) { return ApplyIdentityEvent(tx, m); });
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace lifelong::consulting
