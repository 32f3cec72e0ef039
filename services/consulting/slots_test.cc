#include "services/consulting/slots.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace lifelong::consulting {
namespace {

// Monday 4 January 2027 (Asia/Seoul).
const int kMonday = DayNumber(2027, 1, 4);
constexpr int kHour = 60;

int64_t At(int day, int hour, int minute = 0) {
  return InstantOf(day, hour * kHour + minute);
}

class SlotsTest : public ::testing::Test {
 protected:
  SlotsTest() {
    Consultant a;
    a.id = "a";
    a.centre = "misa";
    for (int d = 1; d <= 5; ++d) {
      a.weekly.push_back(
          {d, {9 * kHour, 18 * kHour}, {{12 * kHour, 13 * kHour}}});
    }
    Consultant b = a;
    b.id = "b";
    facts_.consultants = {a, b};
    SessionTypeRules t;
    t.id = "first";
    t.centre = "misa";
    t.length_minutes = 60;
    t.grid_minutes = 30;
    t.minimum_notice_minutes = 120;
    t.horizon_days = 14;
    facts_.session_types = {t};
    facts_.now = At(kMonday - 3, 0);  // the Friday before
  }

  std::vector<Slot> Slots(int first, int last, const std::string& who = "a") {
    SlotQuery query;
    query.first_day = first;
    query.last_day = last;
    query.consultant = who;
    return ComputeSlots(facts_, query);
  }
  static std::vector<int64_t> Starts(const std::vector<Slot>& slots) {
    std::vector<int64_t> out;
    for (const Slot& s : slots) out.push_back(s.start);
    return out;
  }
  static bool Has(const std::vector<Slot>& slots, int64_t start) {
    for (const Slot& s : slots) {
      if (s.start == start) return true;
    }
    return false;
  }
  void Book(const std::string& consultant, int64_t start, int64_t end,
            int before = 0, int after = 0, std::string occupancy = "") {
    if (occupancy.empty()) {
      occupancy = "b" + std::to_string(facts_.booked.size());
    }
    facts_.booked.push_back({consultant, "first", start, end,
                             start - before * 60, end + after * 60, occupancy});
  }
  SessionTypeRules& Type() { return facts_.session_types[0]; }
  Consultant& A() { return facts_.consultants[0]; }

  Facts facts_;
};

TEST(LocalTimeTest, SeoulIsUtcPlusNineAllYear) {
  EXPECT_EQ(InstantOf(DayNumber(1970, 1, 1), 9 * 60), 0);
  // Midsummer and midwinter alike: no daylight-saving shift.
  EXPECT_EQ(
      InstantOf(DayNumber(2027, 7, 1), 0) - InstantOf(DayNumber(2027, 1, 1), 0),
      181LL * 86400);
  EXPECT_EQ(LocalDayOf(InstantOf(kMonday, 0)), kMonday);
  EXPECT_EQ(LocalDayOf(InstantOf(kMonday, 0) - 1), kMonday - 1);
  EXPECT_EQ(LocalDayOf(InstantOf(kMonday, 1439)), kMonday);
  EXPECT_EQ(IsoWeekday(kMonday), 1);
  EXPECT_EQ(IsoWeekday(kMonday + 6), 7);
  EXPECT_EQ(WeekStart(kMonday + 6), kMonday);
  EXPECT_EQ(DateText(kMonday), "2027-01-04");
  int y, m, d;
  CivilDate(DayNumber(2028, 2, 29), y, m, d);
  EXPECT_EQ(y * 10000 + m * 100 + d, 20280229);
}

TEST_F(SlotsTest, WeeklyRulesLessBreaksOnTheGrid) {
  std::vector<Slot> slots = Slots(kMonday, kMonday);
  // 09:00-12:00 gives 09:00..11:00 (5 starts), 13:00-18:00 gives 13:00..17:00
  // (9 starts).
  ASSERT_EQ(slots.size(), 14u);
  EXPECT_EQ(slots.front().start, At(kMonday, 9));
  EXPECT_EQ(slots.front().end, At(kMonday, 10));
  EXPECT_FALSE(Has(slots, At(kMonday, 11, 30)));  // would run into the break
  EXPECT_FALSE(Has(slots, At(kMonday, 12)));
  EXPECT_EQ(slots.back().start, At(kMonday, 17));
  // Weekends have no rules.
  EXPECT_TRUE(Slots(kMonday + 5, kMonday + 6).empty());
}

TEST_F(SlotsTest, MinimumNoticeDropsEarlyStarts) {
  facts_.now = At(kMonday, 8, 50);  // earliest start 10:50
  std::vector<Slot> slots = Slots(kMonday, kMonday);
  EXPECT_EQ(slots.front().start, At(kMonday, 11));
  EXPECT_FALSE(Has(slots, At(kMonday, 10, 30)));
  EXPECT_EQ(CheckSlot(facts_, "a", "first", At(kMonday, 10, 30)),
            SlotVerdict::kInsideMinimumNotice);
  EXPECT_EQ(CheckSlot(facts_, "a", "first", At(kMonday, 11)),
            SlotVerdict::kFree);
}

TEST_F(SlotsTest, HorizonEndsTheSearch) {
  facts_.now = At(kMonday, 10);
  std::vector<Slot> slots = Slots(kMonday + 14, kMonday + 15);
  // Up to exactly 14 days ahead: Monday two weeks on until 10:00.
  ASSERT_FALSE(slots.empty());
  EXPECT_EQ(slots.back().start, At(kMonday + 14, 10));
  EXPECT_EQ(CheckSlot(facts_, "a", "first", At(kMonday + 14, 10, 30)),
            SlotVerdict::kBeyondHorizon);
}

TEST_F(SlotsTest, CapsPerDayAndWeek) {
  Type().cap_per_day = 2;
  Book("a", At(kMonday, 9), At(kMonday, 10));
  EXPECT_FALSE(Slots(kMonday, kMonday).empty());
  Book("a", At(kMonday, 14), At(kMonday, 15));
  EXPECT_TRUE(Slots(kMonday, kMonday).empty());
  EXPECT_EQ(CheckSlot(facts_, "a", "first", At(kMonday, 16)),
            SlotVerdict::kCapReached);
  EXPECT_FALSE(Slots(kMonday + 1, kMonday + 1).empty());
  // Another consultant is not capped by a's bookings.
  EXPECT_FALSE(Slots(kMonday, kMonday, "b").empty());

  Type().cap_per_day = 0;
  Type().cap_per_week = 3;
  Book("a", At(kMonday + 2, 9), At(kMonday + 2, 10));
  EXPECT_TRUE(Slots(kMonday + 4, kMonday + 4).empty());
  // Next week is free again.
  EXPECT_FALSE(Slots(kMonday + 7, kMonday + 7).empty());
}

TEST_F(SlotsTest, BuffersOfBothSidesKeepTimeFree) {
  Type().buffer_after_minutes = 15;
  // An existing 10:00-11:00 session with its 15-minute after-buffer holds
  // 10:00-11:15.
  Book("a", At(kMonday, 10), At(kMonday, 11), 0, 15);
  std::vector<Slot> slots = Slots(kMonday, kMonday);
  // 09:00 would end 10:00 + 15 min buffer: overlaps. 11:00 starts inside the
  // other's buffer.
  EXPECT_FALSE(Has(slots, At(kMonday, 9)));
  EXPECT_FALSE(Has(slots, At(kMonday, 11)));
  EXPECT_EQ(CheckSlot(facts_, "a", "first", At(kMonday, 11)),
            SlotVerdict::kTaken);
  EXPECT_TRUE(Has(slots, At(kMonday, 13)));
  // Without buffers 09:00 and 11:00 touch the booking without overlapping.
  Type().buffer_after_minutes = 0;
  facts_.booked[0].occupied_end = At(kMonday, 11);
  slots = Slots(kMonday, kMonday);
  EXPECT_TRUE(Has(slots, At(kMonday, 9)));
  EXPECT_TRUE(Has(slots, At(kMonday, 11)));
  EXPECT_FALSE(Has(slots, At(kMonday, 10, 30)));  // partial overlap
}

TEST_F(SlotsTest, OverridesAreLocalDaysEvenNearMidnight) {
  // Monday off; Tuesday only 00:00-02:00 local (Monday 15:00-17:00 UTC).
  A().overrides[kMonday] = {};
  A().overrides[kMonday + 1] = {{0, 2 * kHour}};
  // Saturday, an extra late evening 22:00-24:00.
  A().overrides[kMonday + 5] = {{22 * kHour, 24 * kHour}};
  EXPECT_TRUE(Slots(kMonday, kMonday).empty());
  std::vector<Slot> tuesday = Slots(kMonday + 1, kMonday + 1);
  EXPECT_EQ(Starts(tuesday),
            (std::vector<int64_t>{At(kMonday + 1, 0), At(kMonday + 1, 0, 30),
                                  At(kMonday + 1, 1)}));
  // The first of them is still Monday in UTC, yet Monday's day off does not
  // remove it.
  EXPECT_LT(tuesday.front().start % 86400, 86400);
  EXPECT_EQ(LocalDayOf(tuesday.front().start), kMonday + 1);
  std::vector<Slot> saturday = Slots(kMonday + 5, kMonday + 6);
  EXPECT_EQ(Starts(saturday),
            (std::vector<int64_t>{At(kMonday + 5, 22), At(kMonday + 5, 22, 30),
                                  At(kMonday + 5, 23)}));
  // The last ends at local midnight, which is the Sunday.
  EXPECT_EQ(saturday.back().end, At(kMonday + 6, 0));
  // A shorter day.
  A().overrides[kMonday + 2] = {{9 * kHour, 11 * kHour}};
  EXPECT_EQ(Slots(kMonday + 2, kMonday + 2).size(), 3u);
  EXPECT_EQ(CheckSlot(facts_, "a", "first", At(kMonday + 2, 13)),
            SlotVerdict::kOutsideAvailability);
}

TEST_F(SlotsTest, CentreAndCityClosures) {
  facts_.closures.push_back({"", kMonday + 2, kMonday + 2});      // holiday
  facts_.closures.push_back({"misa", kMonday + 3, kMonday + 4});  // centre
  facts_.closures.push_back({"wirye", kMonday, kMonday});         // other
  EXPECT_FALSE(Slots(kMonday, kMonday).empty());
  EXPECT_FALSE(Slots(kMonday + 1, kMonday + 1).empty());
  EXPECT_TRUE(Slots(kMonday + 2, kMonday + 4).empty());
  EXPECT_EQ(CheckSlot(facts_, "a", "first", At(kMonday + 3, 9)),
            SlotVerdict::kCentreClosed);
}

TEST_F(SlotsTest, PublicHolidayOnAWeekday) {
  // 1 January 2027 (Friday) is a city-wide closure in 0002_public_holidays.
  int new_year = DayNumber(2027, 1, 1);
  facts_.now = At(new_year - 2, 0);
  EXPECT_FALSE(Slots(new_year, new_year).empty());
  facts_.closures.push_back({"", new_year, new_year});
  EXPECT_TRUE(Slots(new_year, new_year).empty());
}

TEST_F(SlotsTest, OutOfOfficeRedirectsToTheColleague) {
  A().away.push_back({kMonday, kMonday + 1, "b"});
  Book("b", At(kMonday, 9), At(kMonday, 10));
  std::vector<Slot> asked_for_a = Slots(kMonday, kMonday);
  ASSERT_FALSE(asked_for_a.empty());
  for (const Slot& s : asked_for_a) {
    EXPECT_EQ(s.consultant, "b");
    EXPECT_EQ(s.redirected_from, "a");
  }
  EXPECT_FALSE(Has(asked_for_a, At(kMonday, 9)));  // b's own booking
  EXPECT_EQ(CheckSlot(facts_, "a", "first", At(kMonday, 13)),
            SlotVerdict::kConsultantAway);
  // "Any consultant" lists b's slots once, and none of a's.
  std::vector<Slot> any = Slots(kMonday, kMonday, "");
  EXPECT_EQ(any.size(), 12u);  // 14 less 09:00 and 09:30
  for (const Slot& s : any) EXPECT_EQ(s.consultant, "b");
  // Wednesday a is back.
  EXPECT_EQ(Slots(kMonday + 2, kMonday + 2).front().consultant, "a");
  // Without a colleague a's days are simply empty.
  A().away[0].colleague.clear();
  EXPECT_TRUE(Slots(kMonday, kMonday + 1).empty());
}

TEST_F(SlotsTest, GroupSessionsOfferSeatsOfOneOccurrence) {
  Type().seats = 3;
  std::string occurrence = OccupancyOf("first", At(kMonday, 10));
  Book("a", At(kMonday, 10), At(kMonday, 11), 0, 0, occurrence);
  Book("a", At(kMonday, 10), At(kMonday, 11), 0, 0, occurrence);
  std::vector<Slot> slots = Slots(kMonday, kMonday);
  auto it = std::find_if(slots.begin(), slots.end(), [&](const Slot& s) {
    return s.start == At(kMonday, 10);
  });
  ASSERT_NE(it, slots.end());
  EXPECT_EQ(it->seats_left, 1);
  // Another start overlapping the occurrence is taken.
  EXPECT_FALSE(Has(slots, At(kMonday, 10, 30)));
  Book("a", At(kMonday, 10), At(kMonday, 11), 0, 0, occurrence);
  EXPECT_EQ(CheckSlot(facts_, "a", "first", At(kMonday, 10)),
            SlotVerdict::kTaken);
}

TEST_F(SlotsTest, CheckSlotNamesEachRule) {
  EXPECT_EQ(CheckSlot(facts_, "a", "first", At(kMonday, 9, 10)),
            SlotVerdict::kNotOnGrid);
  EXPECT_EQ(CheckSlot(facts_, "a", "first", At(kMonday, 9) + 7),
            SlotVerdict::kNotOnGrid);
  EXPECT_EQ(CheckSlot(facts_, "a", "first", At(kMonday, 11, 30)),
            SlotVerdict::kOutsideAvailability);  // runs into the break
  EXPECT_EQ(CheckSlot(facts_, "a", "first", At(kMonday + 5, 10)),
            SlotVerdict::kOutsideAvailability);  // Saturday
  EXPECT_EQ(CheckSlot(facts_, "zz", "first", At(kMonday, 9)),
            SlotVerdict::kUnknownConsultant);
  EXPECT_EQ(CheckSlot(facts_, "a", "zz", At(kMonday, 9)),
            SlotVerdict::kUnknownSessionType);
  EXPECT_STREQ(ReasonOf(SlotVerdict::kTaken), "SLOT_TAKEN");
}

TEST_F(SlotsTest, AnyConsultantCollapsesToOneSlotPerStart) {
  Book("a", At(kMonday, 9), At(kMonday, 10));
  SlotQuery any;
  any.first_day = kMonday;
  any.last_day = kMonday;
  any.any_consultant = true;
  std::vector<Slot> collapsed = ComputeSlots(facts_, any);
  ASSERT_EQ(collapsed.size(), 14u);
  EXPECT_EQ(collapsed[0].start, At(kMonday, 9));
  EXPECT_EQ(collapsed[0].free_consultants, 1);  // only b at 09:00
  EXPECT_EQ(collapsed[2].free_consultants, 2);  // both at 10:00
  EXPECT_TRUE(collapsed[2].consultant.empty());
  // A shared snapshot's facts with the time now given per query.
  SlotQuery later;
  later.first_day = kMonday;
  later.last_day = kMonday;
  later.now = At(kMonday, 14);
  EXPECT_EQ(ComputeSlots(facts_, later).front().start, At(kMonday, 16));
}

TEST_F(SlotsTest, HoursAloneDecideWhetherABookingMayMoveToAConsultant) {
  EXPECT_EQ(CheckHours(facts_, "b", At(kMonday, 10), At(kMonday, 11)),
            SlotVerdict::kFree);
  // Notice does not matter (the Friday before is "now"), the lunch break
  // and the end of the day do.
  EXPECT_EQ(CheckHours(facts_, "b", At(kMonday, 11, 30), At(kMonday, 12, 30)),
            SlotVerdict::kOutsideAvailability);
  EXPECT_EQ(CheckHours(facts_, "b", At(kMonday, 17, 30), At(kMonday, 18, 30)),
            SlotVerdict::kOutsideAvailability);
  facts_.consultants[1].away.push_back({kMonday, kMonday, ""});
  EXPECT_EQ(CheckHours(facts_, "b", At(kMonday, 10), At(kMonday, 11)),
            SlotVerdict::kConsultantAway);
  facts_.closures.push_back({"", kMonday + 1, kMonday + 1});
  EXPECT_EQ(CheckHours(facts_, "a", At(kMonday + 1, 10), At(kMonday + 1, 11)),
            SlotVerdict::kCentreClosed);
  EXPECT_EQ(CheckHours(facts_, "zz", At(kMonday, 10), At(kMonday, 11)),
            SlotVerdict::kUnknownConsultant);
}

TEST_F(SlotsTest, ADatedScheduleReplacesTheWeeklyRulesOnItsDays) {
  A().dated = {{kMonday, kMonday + 1, {{1, {14 * kHour, 16 * kHour}, {}}}}};
  EXPECT_EQ(Starts(Slots(kMonday, kMonday)),
            (std::vector<int64_t>{At(kMonday, 14), At(kMonday, 14, 30),
                                  At(kMonday, 15)}));
  // Its Tuesday has no rule: a day off, not the default's hours.
  EXPECT_TRUE(Slots(kMonday + 1, kMonday + 1).empty());
  EXPECT_EQ(Slots(kMonday + 2, kMonday + 2).front().start, At(kMonday + 2, 9));
  // A date override still wins over it.
  A().overrides[kMonday] = {{9 * kHour, 10 * kHour}};
  EXPECT_EQ(Starts(Slots(kMonday, kMonday)),
            (std::vector<int64_t>{At(kMonday, 9)}));
}

// Equal starts keep the facts' order: consultant, then session type; "any
// consultant" merges them per (start, session type) in session type order.
TEST_F(SlotsTest, EqualStartsKeepConsultantThenSessionTypeOrder) {
  SessionTypeRules follow_up = Type();
  follow_up.id = "follow-up";
  follow_up.length_minutes = 30;
  facts_.session_types.push_back(follow_up);
  // b starts at 09:30, so 09:00 is a's alone.
  facts_.consultants[1].weekly[0].hours.start = 9 * kHour + 30;
  SlotQuery everyone;
  everyone.first_day = kMonday;
  everyone.last_day = kMonday;
  std::vector<Slot> all = ComputeSlots(facts_, everyone);
  ASSERT_GE(all.size(), 6u);
  auto id = [](const Slot& s) {
    return std::string(s.consultant) + "/" + std::string(s.session_type);
  };
  EXPECT_EQ(id(all[0]), "a/first");
  EXPECT_EQ(id(all[1]), "a/follow-up");
  EXPECT_EQ(all[2].start, At(kMonday, 9, 30));
  EXPECT_EQ(id(all[2]), "a/first");
  EXPECT_EQ(id(all[3]), "a/follow-up");
  EXPECT_EQ(id(all[4]), "b/first");
  EXPECT_EQ(id(all[5]), "b/follow-up");
  everyone.any_consultant = true;
  std::vector<Slot> any = ComputeSlots(facts_, everyone);
  ASSERT_GE(any.size(), 4u);
  EXPECT_EQ(any[0].session_type, "first");
  EXPECT_EQ(any[0].free_consultants, 1);
  EXPECT_EQ(any[1].session_type, "follow-up");
  EXPECT_EQ(any[2].start, At(kMonday, 9, 30));
  EXPECT_EQ(any[2].session_type, "first");
  EXPECT_EQ(any[2].free_consultants, 2);
  EXPECT_EQ(any[3].session_type, "follow-up");
  EXPECT_EQ(any[3].seats_left, 2);
  for (size_t i = 1; i < any.size(); ++i) {
    EXPECT_LE(any[i - 1].start, any[i].start);
  }
}

TEST(PickFairlyTest, LeastLoadThenLongestWaiting) {
  std::vector<PickCandidate> c = {{"x", 3, 100}, {"y", 1, 500}, {"z", 1, 200}};
  Pick pick = PickFairly(c);
  EXPECT_EQ(c[pick.index].consultant, "z");
  EXPECT_NE(pick.why.find("least load: 1"), std::string::npos);
  c[2].load = 4;
  EXPECT_EQ(c[PickFairly(c).index].consultant, "y");
  EXPECT_EQ(PickFairly({{"only", 9, 0}}).index, 0u);
}

}  // namespace
}  // namespace lifelong::consulting
