// Double booking under concurrency, against the real PostgreSQL: many
// clients at once for one slot, for partially overlapping slots, for slots
// that only touch through a buffer, for pending requests, and 200 citizens
// for 20 slots with "any consultant".
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "services/consulting/consulting_test_fixture.h"

namespace lifelong::consulting {
namespace {

struct Outcome {
  int ok = 0;
  std::map<std::string, int> refusals;  // reason -> count
  std::vector<v1::Booking> booked;
};

class BookingRaceTest : public ConsultingTest {
 protected:
  // Runs `attempts` bookings at once, citizen i at starts[i % size].
  Outcome Race(int attempts, const std::string& type,
               const std::string& consultant,
               const std::vector<int64_t>& starts, int first_citizen) {
    Outcome outcome;
    std::mutex mu;
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < attempts; ++i) {
      threads.emplace_back([&, i] {
        while (!go) std::this_thread::yield();
        absl::StatusOr<v1::BookSlotResponse> r =
            Book(first_citizen + i, type, consultant, starts[i % starts.size()],
                 "race-" + std::to_string(i));
        std::lock_guard<std::mutex> lock(mu);
        if (r.ok()) {
          ++outcome.ok;
          outcome.booked.push_back(r->booking());
        } else {
          ++outcome.refusals[common::ReasonOf(r.status())];
        }
      });
    }
    go = true;
    for (auto& t : threads) t.join();
    return outcome;
  }

  // Pairs of live bookings of one consultant whose time (buffers included)
  // overlaps: must always be 0.
  std::string Overlaps() {
    return Query(
        "SELECT count(*) FROM {s}.bookings a JOIN {s}.bookings b "
        "ON a.consultant_id = b.consultant_id AND a.id < b.id "
        "AND a.occupied && b.occupied AND a.occupancy <> b.occupancy "
        "WHERE a.status IN ('held', 'pending', 'confirmed') "
        "AND b.status IN ('held', 'pending', 'confirmed')");
  }
};

TEST_F(BookingRaceTest, TwentyForOneSlotGiveOneBooking) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  Outcome o = Race(20, type, consultant, {At(kMonday, 10)}, 100);
  EXPECT_EQ(o.ok, 1);
  EXPECT_EQ(o.refusals["SLOT_TAKEN"], 19);
  EXPECT_EQ(Overlaps(), "0");
  EXPECT_EQ(Events("BookingRequested"), "1");
}

TEST_F(BookingRaceTest, TwentyForPartiallyOverlappingSlotsGiveOne) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  // 10:00-11:00 and 10:30-11:30 overlap by half.
  Outcome o =
      Race(20, type, consultant, {At(kMonday, 10), At(kMonday, 10, 30)}, 200);
  EXPECT_EQ(o.ok, 1);
  EXPECT_EQ(o.refusals["SLOT_TAKEN"], 19);
  EXPECT_EQ(Overlaps(), "0");
}

TEST_F(BookingRaceTest, TwentyForSlotsTouchingThroughABufferGiveOne) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();  // 15 min after-buffer
  // 13:00-14:00 holds 13:00-14:15; 14:00 would start inside that buffer.
  Outcome o =
      Race(20, type, consultant, {At(kMonday, 13), At(kMonday, 14)}, 300);
  EXPECT_EQ(o.ok, 1);
  EXPECT_EQ(o.refusals["SLOT_TAKEN"], 19);
  EXPECT_EQ(Overlaps(), "0");
}

TEST_F(BookingRaceTest, TheDatabaseRefusesOverlapsWhateverWritesThem) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType();
  ASSERT_TRUE(Book(1, type, consultant, At(kMonday, 10)).ok());
  // A write that skips the service's checks: a pending booking that
  // touches the 15-minute buffer.
  std::string insert =
      "INSERT INTO {s}.bookings (consultant_id, centre, session_type_id, "
      "citizen_id, status, start_at, end_at, buffer_before_minutes, "
      "buffer_after_minutes, occupied, occupancy, channel, booked_by, "
      "assignment_reason) SELECT consultant_id, centre, session_type_id, '" +
      Uuid(2, 77) +
      "', 'pending', end_at + interval '10 minutes', "
      "end_at + interval '70 minutes', 0, 0, tstzrange(end_at + interval "
      "'10 minutes', end_at + interval '70 minutes'), 'raw', 1, 'test', 1 "
      "FROM {s}.bookings LIMIT 1";
  try {
    Query(insert);
    ADD_FAILURE() << "the overlapping insert went through";
  } catch (const pqxx::sql_error& e) {
    EXPECT_EQ(e.sqlstate(), "23P01");
    EXPECT_NE(std::string(e.what()).find("bookings_consultant_no_overlap"),
              std::string::npos);
  }
  // A citizen in two places at once is refused too.
  std::string other = AddConsultant(2);
  absl::StatusOr<v1::BookSlotResponse> twice =
      Book(1, type, other, At(kMonday, 10, 30));
  EXPECT_EQ(common::ReasonOf(twice.status()), "CITIZEN_OVERLAP");
}

TEST_F(BookingRaceTest, TwoPendingRequestsCannotBothBeConfirmed) {
  std::string consultant = AddConsultant(1);
  std::string type = AddSessionType(
      [](v1::SessionType& t) { t.set_needs_confirmation(true); });
  Outcome o = Race(2, type, consultant, {At(kMonday, 10)}, 400);
  ASSERT_EQ(o.ok, 1);
  EXPECT_EQ(o.refusals["SLOT_TAKEN"], 1);
  EXPECT_EQ(o.booked[0].status(), v1::BOOKING_STATUS_PENDING);
  // A pending request blocks the time: a second request (and so a second
  // confirmation) for it cannot exist.
  EXPECT_EQ(common::ReasonOf(
                Book(401, type, consultant, At(kMonday, 10, 30)).status()),
            "SLOT_TAKEN");
  v1::ConfirmBookingRequest confirm;
  confirm.set_request_id("confirm-1");
  confirm.set_booking(o.booked[0].name());
  std::atomic<int> confirmed{0}, not_pending{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      v1::ConfirmBookingRequest r = confirm;
      r.set_request_id("confirm-" + std::to_string(i));
      auto c = logic_.ConfirmBooking(Staff(), r);
      if (c.ok()) ++confirmed;
      if (common::ReasonOf(c.status()) == "NOT_PENDING") ++not_pending;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(confirmed, 1);
  EXPECT_EQ(not_pending, 1);
  EXPECT_EQ(Events("BookingConfirmed"), "1");
}

TEST_F(BookingRaceTest, TwoHundredCitizensForTwentySlotsWithAnyConsultant) {
  // Five consultants working 09:00-13:00 on a 60-minute grid: 20 slots.
  for (int n = 1; n <= 5; ++n) AddConsultant(n, "misa", 9, 13);
  std::string type = AddSessionType([](v1::SessionType& t) {
    t.set_grid_minutes(60);
    t.set_buffer_after_minutes(0);
  });
  std::vector<int64_t> starts = {At(kMonday, 9), At(kMonday, 10),
                                 At(kMonday, 11), At(kMonday, 12)};
  Outcome o = Race(200, type, "", starts, 1000);
  EXPECT_EQ(o.ok, 20);
  EXPECT_EQ(o.refusals["SLOT_TAKEN"], 180);
  EXPECT_EQ(Overlaps(), "0");
  EXPECT_EQ(Query("SELECT count(*) FROM {s}.bookings WHERE status = "
                  "'confirmed'"),
            "20");
  // The spread: who got how many, and why.
  std::map<std::string, int> spread;
  for (const v1::Booking& b : o.booked) {
    ++spread[b.consultant()];
    EXPECT_EQ(b.assignment_reason(), v1::ASSIGNMENT_REASON_ROUND_ROBIN);
    EXPECT_NE(b.assignment_detail().find("least load"), std::string::npos);
  }
  std::string line;
  for (const auto& [who, n] : spread) {
    line += who + "=" + std::to_string(n) + " ";
    EXPECT_EQ(n, 4) << who;
  }
  std::printf("assignment spread: %s\n", line.c_str());
}

}  // namespace
}  // namespace lifelong::consulting
