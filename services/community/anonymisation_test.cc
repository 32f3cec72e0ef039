// Anonymisation of past RSVPs: after the configured days the person is
// gone from an event's RSVPs, and the counts stay.
#include <gtest/gtest.h>

#include "services/community/community_test_server.h"

namespace lifelong::community {
namespace {

TEST(AnonymisationTest, AfterThirtyDaysThePersonGoesAndTheCountsStay) {
  CommunityTestServer server;
  server.Village("deokpung", "덕풍동");
  std::string coordinator = server.CoordinatorToken("deokpung");
  v1::Event event =
      server.PublishedEvent(coordinator, "groups/deokpung", 10, 0, 2);
  absl::StatusOr<v1::RsvpResponse> rsvp =
      server.Rsvp(server.CitizenToken(1), event.name(), 2);
  ASSERT_TRUE(rsvp.ok());
  ASSERT_TRUE(server.Rsvp(server.CitizenToken(2), event.name()).ok());
  v1::CheckInRequest check_in;
  check_in.set_request_id(NewRequestId());
  check_in.set_event(event.name());
  check_in.set_person(CitizenName(1));
  v1::CheckInResponse checked;
  ASSERT_TRUE(
      server.Call(&Stub::CheckIn, coordinator, check_in, &checked).ok());

  const std::string rsvp_id = rsvp->rsvp().name().substr(6);
  // 29 days after the event: still there.
  server.SetNow(event.end_time().seconds() + 29 * kDay);
  ASSERT_TRUE(server.logic().AnonymisePastRsvps().ok());
  EXPECT_EQ(
      server.Query("SELECT person FROM {s}.rsvps WHERE id = '" + rsvp_id + "'"),
      CitizenName(1));
  // 31 days after: gone, and the counts stay.
  server.SetNow(event.end_time().seconds() + 31 * kDay);
  ASSERT_TRUE(server.logic().AnonymisePastRsvps().ok());
  EXPECT_EQ(server.Query("SELECT count(*) FROM {s}.rsvps WHERE person IS NOT "
                         "NULL OR check_in_code IS NOT NULL"),
            "0");
  EXPECT_EQ(server.Query("SELECT count(*) FROM {s}.rsvps WHERE anonymised_at "
                         "IS NOT NULL AND checked_in_at IS NOT NULL"),
            "1");
  v1::Event after = server.GetEvent(event.name());
  EXPECT_EQ(after.confirmed(), 3);
  EXPECT_EQ(after.checked_in(), 2);
  v1::ListParticipantsRequest list;
  list.set_event(event.name());
  v1::ListParticipantsResponse participants;
  ASSERT_TRUE(
      server.Call(&Stub::ListParticipants, coordinator, list, &participants)
          .ok());
  ASSERT_EQ(participants.rsvps_size(), 2);
  EXPECT_EQ(participants.rsvps(0).person(), "");
  EXPECT_EQ(participants.rsvps(0).group_size(), 2);
}

}  // namespace
}  // namespace lifelong::community
