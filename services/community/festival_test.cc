// A city festival (an umbrella without a group) with sub-events, on the real
// PostgreSQL: who may create it, publishing it publishes its draft
// sub-events, RSVPs go to the sub-events, and the events on the outbox carry
// the activity the statistics need and no personal details.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lifelong/community/events/v1/community_events.pb.h"
#include "services/community/community_test_server.h"

namespace lifelong::community {
namespace {

namespace ev = lifelong::community::events::v1;

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

TEST(FestivalTest, ACityFestivalWithSubEvents) {
  CommunityTestServer server;
  server.Village("misa-lake", "미사2동");
  std::string staff =
      server.Token("staff/" + CitizenName(700).substr(9),
                   {{common::kRoleCentreStaff, "centres/misa"}});
  std::string coordinator = server.CoordinatorToken("misa-lake");

  v1::CreateEventRequest festival;
  festival.set_request_id(NewRequestId());
  v1::Event* f = festival.mutable_event();
  f->set_kind(v1::EVENT_KIND_UMBRELLA);
  f->set_type(v1::EVENT_TYPE_FESTIVAL);
  f->mutable_title()->set_ko("하남 평생학습 축제");
  f->set_district("미사2동");
  f->mutable_start_time()->set_seconds(kTermStart + 60 * kDay);
  f->mutable_end_time()->set_seconds(kTermStart + 60 * kDay + 8 * 3600);
  EXPECT_EQ(server.Reason(&Stub::CreateEvent, coordinator, festival),
            "NOT_YOUR_GROUP");
  v1::CreateEventResponse umbrella;
  ASSERT_TRUE(server.Call(&Stub::CreateEvent, staff, festival, &umbrella).ok());

  v1::CreateEventRequest workshop;
  workshop.set_request_id(NewRequestId());
  v1::Event* w = workshop.mutable_event();
  w->set_parent(umbrella.event().name());
  w->set_kind(v1::EVENT_KIND_SINGLE);
  w->set_type(v1::EVENT_TYPE_COURSE);
  w->mutable_title()->set_ko("그림책 만들기 가족 워크숍");
  w->set_district("미사2동");
  w->mutable_start_time()->set_seconds(kTermStart + 60 * kDay + 3600);
  w->mutable_end_time()->set_seconds(kTermStart + 60 * kDay + 2 * 3600);
  v1::Registration* g = w->mutable_registration();
  g->mutable_open_time()->set_seconds(server.now() - kDay);
  g->mutable_close_time()->set_seconds(kTermStart + 59 * kDay);
  g->set_capacity(30);
  g->set_waitlist_capacity(5);
  g->set_max_group_size(4);
  v1::CreateEventResponse sub;
  ASSERT_TRUE(server.Call(&Stub::CreateEvent, staff, workshop, &sub).ok());
  // Drafts are not there for anyone else.
  EXPECT_EQ(
      common::ReasonOf(
          server.Rsvp(server.CitizenToken(1), sub.event().name()).status()),
      "EVENT_NOT_FOUND");

  v1::PublishEventRequest publish;
  publish.set_request_id(NewRequestId());
  publish.set_name(umbrella.event().name());
  v1::PublishEventResponse published;
  ASSERT_TRUE(
      server.Call(&Stub::PublishEvent, staff, publish, &published).ok());
  EXPECT_EQ(server.GetEvent(sub.event().name()).status(),
            v1::EVENT_STATUS_SCHEDULED);

  EXPECT_EQ(common::ReasonOf(
                server.Rsvp(server.CitizenToken(1), umbrella.event().name())
                    .status()),
            "NO_REGISTRATION");
  absl::StatusOr<v1::RsvpResponse> family =
      server.Rsvp(server.CitizenToken(1), sub.event().name(), 3);
  ASSERT_TRUE(family.ok()) << family.status();
  EXPECT_EQ(server.GetEvent(sub.event().name()).remaining_places(), 27);

  // Two EventPublished (festival and workshop), then RsvpConfirmed with the
  // activity and counts, and nothing personal but the citizen's id.
  EXPECT_EQ(server.Query("SELECT count(*) FROM {s}.outbox WHERE type = "
                         "'lifelong.community.events.v1.EventPublished'"),
            "2");
  ev::RsvpConfirmed confirmed;
  ASSERT_TRUE(confirmed.ParseFromString(Unhex(
      server.Query("SELECT encode(payload, 'hex') FROM {s}.outbox WHERE type = "
                   "'lifelong.community.events.v1.RsvpConfirmed'"))));
  EXPECT_EQ(server.Query("SELECT key FROM {s}.outbox WHERE type = "
                         "'lifelong.community.events.v1.RsvpConfirmed'"),
            sub.event().name().substr(7));
  EXPECT_EQ(confirmed.activity().event(), sub.event().name());
  EXPECT_EQ(confirmed.activity().parent(), umbrella.event().name());
  EXPECT_EQ(confirmed.activity().type(), ev::ACTIVITY_TYPE_COURSE);
  EXPECT_EQ(confirmed.activity().district(), "미사2동");
  EXPECT_EQ(confirmed.activity().occurrence_time().seconds(),
            kTermStart + 60 * kDay + 3600);
  EXPECT_EQ(confirmed.person(), CitizenName(1));
  EXPECT_EQ(confirmed.group_size(), 3);
  EXPECT_EQ(confirmed.counts().confirmed(), 3);
  EXPECT_EQ(confirmed.counts().capacity(), 30);
}

}  // namespace
}  // namespace lifelong::community
