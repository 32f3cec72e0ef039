// A recurring club meeting on the real PostgreSQL: occurrences from an
// RRULE with a skipped week, an RSVP to the whole series, one declined
// occurrence, a double check-in, moving this and following occurrences,
// cancelling one, and the nesting and RRULE refusals.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "services/community/community_test_server.h"

namespace lifelong::community {
namespace {

class SeriesTest : public ::testing::Test {
 protected:
  SeriesTest() {
    server_.Village("pungsan", "풍산동");
    coordinator_ = server_.CoordinatorToken("pungsan");
  }

  v1::CreateEventRequest Series(const std::string& rrule) {
    v1::CreateEventRequest r;
    r.set_request_id(NewRequestId());
    v1::Event* e = r.mutable_event();
    e->set_group("groups/pungsan");
    e->set_kind(v1::EVENT_KIND_SERIES);
    e->set_type(v1::EVENT_TYPE_MEETING);
    e->mutable_title()->set_ko("풍산 탄소중립 공부모임");
    v1::Recurrence* rec = e->mutable_recurrence();
    rec->set_rrule(rrule);
    rec->mutable_first_date()->set_year(2027);
    rec->mutable_first_date()->set_month(3);
    rec->mutable_first_date()->set_day(2);
    rec->mutable_start_time()->set_hours(19);
    rec->set_duration_minutes(120);
    v1::Registration* g = e->mutable_registration();
    g->mutable_open_time()->set_seconds(server_.now() - kDay);
    g->mutable_close_time()->set_seconds(kTermStart + 120 * kDay);
    g->set_capacity(10);
    g->set_waitlist_capacity(5);
    g->set_max_group_size(3);
    return r;
  }

  CommunityTestServer server_;
  std::string coordinator_;
};

TEST_F(SeriesTest, TwelveWeeklyMeetingsWithASkippedWeek) {
  v1::CreateEventRequest create = Series("FREQ=WEEKLY;BYDAY=TU;COUNT=13");
  types::v1::LocalDate* skipped =
      create.mutable_event()->mutable_recurrence()->add_exception_dates();
  skipped->set_year(2027);
  skipped->set_month(3);
  skipped->set_day(16);
  v1::CreateEventResponse created;
  ASSERT_TRUE(
      server_.Call(&Stub::CreateEvent, coordinator_, create, &created).ok());
  ASSERT_EQ(created.occurrences_size(), 12);
  EXPECT_EQ(created.occurrences(0).start_time().seconds(),
            kTermStart + 19 * 3600);
  EXPECT_EQ(created.occurrences(2).start_time().seconds(),
            kTermStart + 21 * kDay + 19 * 3600);  // the 16th is skipped
  v1::PublishEventRequest publish;
  publish.set_request_id(NewRequestId());
  publish.set_name(created.event().name());
  v1::PublishEventResponse published;
  ASSERT_TRUE(
      server_.Call(&Stub::PublishEvent, coordinator_, publish, &published)
          .ok());
  EXPECT_EQ(server_.GetEvent(created.occurrences(5).name()).status(),
            v1::EVENT_STATUS_SCHEDULED);

  // A grandmother and a grandchild RSVP to the whole series.
  std::string grandmother = server_.CitizenToken(1);
  v1::RsvpRequest rsvp;
  rsvp.set_request_id(NewRequestId());
  rsvp.set_event(created.event().name());
  rsvp.set_group_size(2);
  v1::RsvpResponse series;
  ASSERT_TRUE(server_.Call(&Stub::Rsvp, grandmother, rsvp, &series).ok());
  EXPECT_EQ(series.rsvp().status(), v1::RSVP_STATUS_SERIES);
  ASSERT_EQ(series.occurrence_rsvps_size(), 12);

  // She declines the third meeting only.
  v1::CancelRsvpRequest decline;
  decline.set_request_id(NewRequestId());
  decline.set_name(series.occurrence_rsvps(2).name());
  v1::CancelRsvpResponse declined;
  ASSERT_TRUE(
      server_.Call(&Stub::CancelRsvp, grandmother, decline, &declined).ok());
  // Her RSVPs: the series' and its twelve, newest first, the declined one
  // only when asked for.
  v1::ListMyRsvpsRequest mine;
  mine.set_page_size(10);
  v1::ListMyRsvpsResponse page;
  ASSERT_TRUE(server_.Call(&Stub::ListMyRsvps, grandmother, mine, &page).ok());
  EXPECT_EQ(page.rsvps_size(), 10);
  EXPECT_EQ(page.rsvps(0).name(), series.occurrence_rsvps(11).name());
  mine.set_page_token(page.next_page_token());
  ASSERT_TRUE(server_.Call(&Stub::ListMyRsvps, grandmother, mine, &page).ok());
  EXPECT_EQ(page.rsvps_size(), 2);  // 11 live occurrences and the series
  EXPECT_EQ(page.rsvps(1).status(), v1::RSVP_STATUS_SERIES);
  EXPECT_TRUE(page.next_page_token().empty());
  mine.clear_page_token();
  mine.set_include_cancelled(true);
  mine.set_page_size(100);
  ASSERT_TRUE(server_.Call(&Stub::ListMyRsvps, grandmother, mine, &page).ok());
  EXPECT_EQ(page.rsvps_size(), 13);
  // Someone else comes to the fourth meeting only.
  ASSERT_TRUE(
      server_.Rsvp(server_.CitizenToken(2), created.occurrences(3).name())
          .ok());

  // Checked in twice at the fifth: the second scan is a success too.
  v1::CheckInRequest check_in;
  check_in.set_request_id(NewRequestId());
  check_in.set_event(created.occurrences(4).name());
  check_in.set_person(CitizenName(1));
  v1::CheckInResponse first, second;
  ASSERT_TRUE(
      server_.Call(&Stub::CheckIn, coordinator_, check_in, &first).ok());
  EXPECT_FALSE(first.already_checked_in());
  EXPECT_EQ(first.checked_in(), 2);
  check_in.set_request_id(NewRequestId());
  check_in.set_check_in_code(series.occurrence_rsvps(4).check_in_code());
  ASSERT_TRUE(
      server_.Call(&Stub::CheckIn, coordinator_, check_in, &second).ok());
  EXPECT_TRUE(second.already_checked_in());
  EXPECT_EQ(second.checked_in(), 2);
  // Three walk-ins at the fifth.
  check_in.set_request_id(NewRequestId());
  check_in.set_walk_ins(3);
  ASSERT_TRUE(
      server_.Call(&Stub::CheckIn, coordinator_, check_in, &second).ok());
  EXPECT_EQ(second.checked_in(), 5);

  std::vector<int> confirmed, checked_in;
  for (const v1::Event& o : created.occurrences()) {
    v1::Event now = server_.GetEvent(o.name());
    confirmed.push_back(now.confirmed());
    checked_in.push_back(now.checked_in());
  }
  EXPECT_THAT(confirmed,
              ::testing::ElementsAre(2, 2, 0, 3, 2, 2, 2, 2, 2, 2, 2, 2));
  EXPECT_THAT(checked_in,
              ::testing::ElementsAre(0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0));

  // From the sixth meeting on, 20:00 instead of 19:00.
  v1::UpdateEventRequest move;
  move.set_request_id(NewRequestId());
  move.set_scope(v1::EDIT_SCOPE_THIS_AND_FOLLOWING);
  v1::Event* e = move.mutable_event();
  e->set_name(created.occurrences(5).name());
  e->mutable_start_time()->set_seconds(
      created.occurrences(5).start_time().seconds() + 3600);
  e->mutable_end_time()->set_seconds(
      created.occurrences(5).end_time().seconds() + 3600);
  e->set_place("풍산동 작은도서관 2층");
  move.mutable_update_mask()->add_paths("start_time");
  move.mutable_update_mask()->add_paths("end_time");
  move.mutable_update_mask()->add_paths("place");
  v1::UpdateEventResponse moved;
  ASSERT_TRUE(
      server_.Call(&Stub::UpdateEvent, coordinator_, move, &moved).ok());
  EXPECT_EQ(
      server_.GetEvent(created.occurrences(4).name()).start_time().seconds(),
      created.occurrences(4).start_time().seconds());
  EXPECT_EQ(server_.GetEvent(created.occurrences(4).name()).place(), "");
  for (int i = 5; i < 12; ++i) {
    v1::Event later = server_.GetEvent(created.occurrences(i).name());
    EXPECT_EQ(later.start_time().seconds(),
              created.occurrences(i).start_time().seconds() + 3600);
    EXPECT_EQ(later.place(), "풍산동 작은도서관 2층");
  }
  EXPECT_EQ(server_.Query("SELECT count(*) FROM {s}.outbox WHERE type = "
                          "'lifelong.community.events.v1.EventChanged'"),
            "7");

  // The seventh is cancelled: no RSVPs to it.
  v1::CancelEventRequest cancel;
  cancel.set_request_id(NewRequestId());
  cancel.set_name(created.occurrences(6).name());
  v1::CancelEventResponse cancelled;
  ASSERT_TRUE(
      server_.Call(&Stub::CancelEvent, coordinator_, cancel, &cancelled).ok());
  EXPECT_EQ(cancelled.event().status(), v1::EVENT_STATUS_CANCELLED);
  EXPECT_EQ(server_.GetEvent(created.occurrences(7).name()).status(),
            v1::EVENT_STATUS_SCHEDULED);
  EXPECT_EQ(
      common::ReasonOf(
          server_.Rsvp(server_.CitizenToken(3), created.occurrences(6).name())
              .status()),
      "EVENT_CANCELLED");
}

TEST_F(SeriesTest, ConcurrentSeriesAndSingleRsvpsNeverOverfillAnOccurrence) {
  // Places 10 (a group of 2 each), waiting 5, four weekly meetings.
  v1::CreateEventResponse created;
  ASSERT_TRUE(server_
                  .Call(&Stub::CreateEvent, coordinator_,
                        Series("FREQ=WEEKLY;COUNT=4"), &created)
                  .ok());
  v1::PublishEventRequest publish;
  publish.set_request_id(NewRequestId());
  publish.set_name(created.event().name());
  v1::PublishEventResponse published;
  ASSERT_TRUE(
      server_.Call(&Stub::PublishEvent, coordinator_, publish, &published)
          .ok());
  std::vector<std::string> tokens;
  for (int i = 0; i < 16; ++i) tokens.push_back(server_.CitizenToken(400 + i));
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      // Even: the whole series; odd: the last meeting only.
      absl::StatusOr<v1::RsvpResponse> r = server_.Rsvp(
          tokens[i],
          i % 2 == 0 ? created.event().name() : created.occurrences(3).name(),
          2);
      if (!r.ok() &&
          common::ReasonOf(r.status()) != "EVENT_FULL_WAITLIST_FULL") {
        ++unexpected;
        ADD_FAILURE() << r.status();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(unexpected, 0);
  for (const v1::Event& o : created.occurrences()) {
    v1::Event now = server_.GetEvent(o.name());
    EXPECT_LE(now.confirmed(), 10);
    EXPECT_LE(now.waitlisted(), 5);
    EXPECT_EQ(server_.Query("SELECT COALESCE(sum(group_size), 0) FROM "
                            "{s}.rsvps WHERE status = 'confirmed' AND "
                            "event_id = '" +
                            o.name().substr(7) + "'"),
              std::to_string(now.confirmed()));
  }
  // Eight series RSVPs of two: the first three meetings are full (10) with
  // two groups waiting (4 of 5 places); the last is full too.
  EXPECT_EQ(server_.GetEvent(created.occurrences(0).name()).confirmed(), 10);
  EXPECT_EQ(server_.GetEvent(created.occurrences(0).name()).waitlisted(), 4);
  EXPECT_EQ(server_.GetEvent(created.occurrences(3).name()).confirmed(), 10);
}

TEST_F(SeriesTest, RaisingASeriesCapacityPromotesInEveryUpcomingOccurrence) {
  v1::CreateEventRequest create = Series("FREQ=WEEKLY;COUNT=3");
  create.mutable_event()->mutable_registration()->set_capacity(1);
  v1::CreateEventResponse created;
  ASSERT_TRUE(
      server_.Call(&Stub::CreateEvent, coordinator_, create, &created).ok());
  v1::PublishEventRequest publish;
  publish.set_request_id(NewRequestId());
  publish.set_name(created.event().name());
  v1::PublishEventResponse published;
  ASSERT_TRUE(
      server_.Call(&Stub::PublishEvent, coordinator_, publish, &published)
          .ok());
  ASSERT_TRUE(
      server_.Rsvp(server_.CitizenToken(501), created.event().name()).ok());
  absl::StatusOr<v1::RsvpResponse> second =
      server_.Rsvp(server_.CitizenToken(502), created.event().name());
  ASSERT_TRUE(second.ok()) << second.status();
  for (const v1::Rsvp& r : second->occurrence_rsvps()) {
    EXPECT_EQ(r.status(), v1::RSVP_STATUS_WAITLISTED);
  }
  ASSERT_TRUE(
      server_.Rsvp(server_.CitizenToken(503), created.event().name()).ok());

  // One occurrence gets a bigger room: only it promotes.
  v1::UpdateEventRequest one;
  one.set_request_id(NewRequestId());
  one.mutable_event()->set_name(created.occurrences(0).name());
  one.mutable_event()->mutable_registration()->set_capacity(2);
  one.mutable_update_mask()->add_paths("registration.capacity");
  v1::UpdateEventResponse updated;
  ASSERT_TRUE(
      server_.Call(&Stub::UpdateEvent, coordinator_, one, &updated).ok());
  EXPECT_EQ(updated.promoted(), 1);
  EXPECT_EQ(server_.GetEvent(created.occurrences(1).name()).confirmed(), 1);

  // The series' capacity to 3: the rest promote everywhere.
  v1::UpdateEventRequest all;
  all.set_request_id(NewRequestId());
  all.mutable_event()->set_name(created.event().name());
  all.mutable_event()->mutable_registration()->set_capacity(3);
  all.mutable_update_mask()->add_paths("registration.capacity");
  ASSERT_TRUE(
      server_.Call(&Stub::UpdateEvent, coordinator_, all, &updated).ok());
  EXPECT_EQ(updated.promoted(), 5);  // 1 in the first, 2 in each other
  for (const v1::Event& o : created.occurrences()) {
    v1::Event now = server_.GetEvent(o.name());
    EXPECT_EQ(now.confirmed(), 3);
    EXPECT_EQ(now.waitlisted(), 0);
  }
  // Below the people confirmed in any occurrence: refused, nothing changes.
  all.set_request_id(NewRequestId());
  all.mutable_event()->mutable_registration()->set_capacity(2);
  EXPECT_EQ(server_.Reason(&Stub::UpdateEvent, coordinator_, all),
            "CAPACITY_BELOW_CONFIRMED");
  EXPECT_EQ(server_.GetEvent(created.event().name()).registration().capacity(),
            3);
}

TEST_F(SeriesTest, BadRulesAndNesting) {
  EXPECT_EQ(server_.Reason(&Stub::CreateEvent, coordinator_,
                           Series("FREQ=FORTNIGHTLY;COUNT=3")),
            "RRULE_INVALID");
  EXPECT_EQ(server_.Reason(&Stub::CreateEvent, coordinator_,
                           Series("FREQ=DAILY;COUNT=61")),  // max 60 in tests
            "RRULE_TOO_MANY_OCCURRENCES");
  EXPECT_EQ(server_.Reason(&Stub::CreateEvent, coordinator_,
                           Series("FREQ=WEEKLY;BYDAY=TU")),
            "RRULE_TOO_MANY_OCCURRENCES");

  v1::CreateEventResponse series;
  ASSERT_TRUE(server_
                  .Call(&Stub::CreateEvent, coordinator_,
                        Series("FREQ=WEEKLY;COUNT=4"), &series)
                  .ok());
  v1::CreateEventRequest umbrella;
  umbrella.set_request_id(NewRequestId());
  v1::Event* e = umbrella.mutable_event();
  e->set_group("groups/pungsan");
  e->set_parent(series.event().name());
  e->set_kind(v1::EVENT_KIND_UMBRELLA);
  e->set_type(v1::EVENT_TYPE_FESTIVAL);
  e->mutable_title()->set_ko("마을 축제");
  EXPECT_EQ(server_.Reason(&Stub::CreateEvent, coordinator_, umbrella),
            "UMBRELLA_IN_SERIES");
  EXPECT_EQ(server_.Query("SELECT count(*) FROM {s}.events WHERE kind = "
                          "'umbrella'"),
            "0");
}

}  // namespace
}  // namespace lifelong::community
