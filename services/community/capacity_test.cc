// The capacity invariant on the real PostgreSQL: concurrent RSVPs never
// overfill an event or its waiting list; a freed place or a capacity raise
// promotes from the waitlist, first come first served, in the same
// transaction; holds count while held and free their places on expiry.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>

#include "services/community/community_test_server.h"

namespace lifelong::community {
namespace {

class CapacityTest : public ::testing::Test {
 protected:
  CapacityTest() {
    server_.Village("misa-lake", "미사동");
    coordinator_ = server_.CoordinatorToken("misa-lake");
  }

  std::string Outbox(const std::string& type) {
    return server_.Query(
        "SELECT count(*) FROM {s}.outbox WHERE type = "
        "'lifelong.community.events.v1." +
        type + "'");
  }

  CommunityTestServer server_;
  std::string coordinator_;
};

TEST_F(CapacityTest, FiftyConcurrentRsvpsForTwentyPlacesAndTenWaiting) {
  v1::Event event =
      server_.PublishedEvent(coordinator_, "groups/misa-lake", 20, 10);
  std::vector<std::string> tokens;
  for (int i = 0; i < 50; ++i) tokens.push_back(server_.CitizenToken(i + 1));

  std::mutex mu;
  std::vector<v1::Rsvp> confirmed, waitlisted;
  std::map<std::string, int> refused;
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] {
      absl::StatusOr<v1::RsvpResponse> r =
          server_.Rsvp(tokens[i], event.name());
      std::lock_guard<std::mutex> lock(mu);
      if (!r.ok()) {
        ++refused[common::ReasonOf(r.status())];
      } else if (r->rsvp().status() == v1::RSVP_STATUS_CONFIRMED) {
        confirmed.push_back(r->rsvp());
      } else {
        waitlisted.push_back(r->rsvp());
      }
    });
  }
  for (std::thread& t : threads) t.join();

  EXPECT_EQ(confirmed.size(), 20u);
  EXPECT_EQ(waitlisted.size(), 10u);
  EXPECT_THAT(refused, ::testing::ElementsAre(
                           ::testing::Pair("EVENT_FULL_WAITLIST_FULL", 20)));
  // Positions 1..10, each once, in the order the RSVPs were taken.
  std::sort(waitlisted.begin(), waitlisted.end(),
            [](const v1::Rsvp& a, const v1::Rsvp& b) {
              return a.waitlist_position() < b.waitlist_position();
            });
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(waitlisted[i].waitlist_position(), i + 1);
  }
  v1::Event after = server_.GetEvent(event.name());
  EXPECT_EQ(after.confirmed(), 20);
  EXPECT_EQ(after.remaining_places(), 0);
  EXPECT_EQ(after.waitlisted(), 10);
  EXPECT_EQ(Outbox("RsvpConfirmed"), "20");
  EXPECT_EQ(Outbox("RsvpWaitlisted"), "10");

  // A cancellation promotes the first waitlisted, in the same transaction.
  v1::CancelRsvpRequest cancel;
  cancel.set_request_id(NewRequestId());
  cancel.set_name(confirmed[7].name());
  v1::CancelRsvpResponse cancelled;
  std::string owner = confirmed[7].person();
  int owner_index = std::stoi(owner.substr(owner.size() - 12)) - 1;
  ASSERT_TRUE(
      server_.Call(&Stub::CancelRsvp, tokens[owner_index], cancel, &cancelled)
          .ok());
  EXPECT_EQ(cancelled.rsvp().status(), v1::RSVP_STATUS_CANCELLED);
  ASSERT_THAT(cancelled.promoted(),
              ::testing::ElementsAre(waitlisted[0].name()));
  after = server_.GetEvent(event.name());
  EXPECT_EQ(after.confirmed(), 20);
  EXPECT_EQ(after.waitlisted(), 9);
  EXPECT_EQ(Outbox("RsvpPromoted"), "1");
  EXPECT_EQ(Outbox("RsvpCancelled"), "1");
  // A retry with the same request_id answers the same and changes nothing.
  v1::CancelRsvpResponse again;
  ASSERT_TRUE(
      server_.Call(&Stub::CancelRsvp, tokens[owner_index], cancel, &again)
          .ok());
  EXPECT_EQ(again.promoted_size(), 1);
  EXPECT_EQ(Outbox("RsvpPromoted"), "1");

  // Capacity below the people confirmed is refused, nothing changes.
  v1::UpdateEventRequest lower;
  lower.set_request_id(NewRequestId());
  lower.mutable_event()->set_name(event.name());
  lower.mutable_event()->mutable_registration()->set_capacity(19);
  lower.mutable_update_mask()->add_paths("registration.capacity");
  EXPECT_EQ(server_.Reason(&Stub::UpdateEvent, coordinator_, lower),
            "CAPACITY_BELOW_CONFIRMED");

  // Raising capacity by 3 promotes the next 3 in order.
  v1::UpdateEventRequest raise = lower;
  raise.set_request_id(NewRequestId());
  raise.mutable_event()->mutable_registration()->set_capacity(23);
  v1::UpdateEventResponse raised;
  ASSERT_TRUE(
      server_.Call(&Stub::UpdateEvent, coordinator_, raise, &raised).ok());
  EXPECT_EQ(raised.promoted(), 3);
  EXPECT_EQ(raised.event().confirmed(), 23);
  EXPECT_EQ(raised.event().waitlisted(), 6);
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(server_.Query("SELECT status FROM {s}.rsvps WHERE id = '" +
                            waitlisted[i].name().substr(6) + "'"),
              "confirmed");
  }
  EXPECT_EQ(server_.Query("SELECT status FROM {s}.rsvps WHERE id = '" +
                          waitlisted[4].name().substr(6) + "'"),
            "waitlisted");
  EXPECT_EQ(Outbox("RsvpPromoted"), "4");
}

TEST_F(CapacityTest, AHoldCountsUntilItExpiresThenFreesItsPlaces) {
  v1::Event event =
      server_.PublishedEvent(coordinator_, "groups/misa-lake", 3, 5);
  std::string holder = server_.CitizenToken(101);
  v1::HoldSeatsRequest hold;
  hold.set_request_id(NewRequestId());
  hold.set_event(event.name());
  hold.set_seats(2);
  v1::HoldSeatsResponse held;
  ASSERT_TRUE(server_.Call(&Stub::HoldSeats, holder, hold, &held).ok());
  EXPECT_EQ(server_.GetEvent(event.name()).remaining_places(), 1);

  ASSERT_EQ(
      server_.Rsvp(server_.CitizenToken(102), event.name())->rsvp().status(),
      v1::RSVP_STATUS_CONFIRMED);
  absl::StatusOr<v1::RsvpResponse> waiting =
      server_.Rsvp(server_.CitizenToken(103), event.name(), 2);
  ASSERT_TRUE(waiting.ok()) << waiting.status();
  EXPECT_EQ(waiting->rsvp().status(), v1::RSVP_STATUS_WAITLISTED);

  // The holder's own RSVP takes the held places even with someone waiting.
  server_.SetNow(server_.now() + 60);
  v1::RsvpRequest with_hold;
  with_hold.set_request_id(NewRequestId());
  with_hold.set_event(event.name());
  with_hold.set_hold_code(held.hold_code());
  v1::RsvpResponse taken;
  ASSERT_TRUE(server_.Call(&Stub::Rsvp, holder, with_hold, &taken).ok());
  EXPECT_EQ(taken.rsvp().status(), v1::RSVP_STATUS_CONFIRMED);
  EXPECT_EQ(server_.GetEvent(event.name()).confirmed(), 2);

  // A second hold that expires: its places go to the waitlist.
  v1::Event second =
      server_.PublishedEvent(coordinator_, "groups/misa-lake", 2, 5);
  hold.set_request_id(NewRequestId());
  hold.set_event(second.name());
  ASSERT_TRUE(server_.Call(&Stub::HoldSeats, holder, hold, &held).ok());
  waiting = server_.Rsvp(server_.CitizenToken(104), second.name(), 2);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->rsvp().status(), v1::RSVP_STATUS_WAITLISTED);
  ASSERT_TRUE(server_.logic().ExpireHolds().ok());
  EXPECT_EQ(server_.GetEvent(second.name()).waitlisted(), 2);  // not yet
  server_.SetNow(server_.now() + 16 * 60);
  ASSERT_TRUE(server_.logic().ExpireHolds().ok());
  v1::Event after = server_.GetEvent(second.name());
  EXPECT_EQ(after.confirmed(), 2);
  EXPECT_EQ(after.waitlisted(), 0);
  EXPECT_EQ(server_.Query("SELECT count(*) FROM {s}.seat_holds"), "0");
  // An expired code no longer takes places.
  with_hold.set_request_id(NewRequestId());
  with_hold.set_event(second.name());
  with_hold.set_hold_code(held.hold_code());
  EXPECT_EQ(server_.Reason(&Stub::Rsvp, holder, with_hold), "HOLD_EXPIRED");
}

TEST_F(CapacityTest, ConcurrentCancellationsKeepTheCountsAndTheOrder) {
  v1::Event event =
      server_.PublishedEvent(coordinator_, "groups/misa-lake", 5, 10);
  std::vector<std::string> tokens;
  std::vector<v1::Rsvp> rsvps;
  for (int i = 0; i < 15; ++i) {
    tokens.push_back(server_.CitizenToken(300 + i));
    absl::StatusOr<v1::RsvpResponse> r = server_.Rsvp(tokens[i], event.name());
    ASSERT_TRUE(r.ok()) << r.status();
    rsvps.push_back(r->rsvp());
  }
  // Five confirmed and three waiting cancel at once.
  std::vector<int> leaving = {0, 1, 2, 3, 4, 6, 8, 10};
  std::vector<std::thread> threads;
  for (int i : leaving) {
    threads.emplace_back([&, i] {
      v1::CancelRsvpRequest cancel;
      cancel.set_request_id(NewRequestId());
      cancel.set_name(rsvps[i].name());
      v1::CancelRsvpResponse out;
      grpc::Status s = server_.Call(&Stub::CancelRsvp, tokens[i], cancel, &out);
      EXPECT_TRUE(s.ok()) << s.error_message();
    });
  }
  for (std::thread& t : threads) t.join();
  v1::Event after = server_.GetEvent(event.name());
  EXPECT_EQ(after.confirmed(), 5);
  EXPECT_EQ(after.waitlisted(), 2);
  // The earliest of those still waiting got the places.
  for (int i : {5, 7, 9, 11, 12}) {
    EXPECT_EQ(server_.Query("SELECT status FROM {s}.rsvps WHERE id = '" +
                            rsvps[i].name().substr(6) + "'"),
              "confirmed")
        << i;
  }
  for (int i : {13, 14}) {
    EXPECT_EQ(server_.Query("SELECT status FROM {s}.rsvps WHERE id = '" +
                            rsvps[i].name().substr(6) + "'"),
              "waitlisted")
        << i;
  }
}

TEST_F(CapacityTest, RetriedRsvpAnswersTheSame) {
  v1::Event event =
      server_.PublishedEvent(coordinator_, "groups/misa-lake", 5, 0);
  std::string citizen = server_.CitizenToken(201);
  v1::RsvpRequest r;
  r.set_request_id(NewRequestId());
  r.set_event(event.name());
  v1::RsvpResponse first, second;
  ASSERT_TRUE(server_.Call(&Stub::Rsvp, citizen, r, &first).ok());
  ASSERT_TRUE(server_.Call(&Stub::Rsvp, citizen, r, &second).ok());
  EXPECT_EQ(first.rsvp().name(), second.rsvp().name());
  EXPECT_EQ(server_.GetEvent(event.name()).confirmed(), 1);
  r.set_request_id(NewRequestId());
  EXPECT_EQ(server_.Reason(&Stub::Rsvp, citizen, r), "ALREADY_RSVPED");
}

}  // namespace
}  // namespace lifelong::community
