// Groups, memberships and who may see and change what, on the real
// PostgreSQL: a coordinator of village A cannot see or change village B's
// lists or events; memberships by joining mode; members-only events; the
// public listing; CSV export; refusals with their reasons.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/pg/transaction.h"
#include "lifelong/identity/events/v1/identity_events.pb.h"
#include "services/community/community_test_server.h"
#include "services/community/identity_events.h"

namespace lifelong::community {
namespace {

class GroupsTest : public ::testing::Test {
 protected:
  GroupsTest() {
    server_.Village("misa-lake", "미사동");
    server_.Village("wirye-park", "위례동");
    misa_ = server_.CoordinatorToken("misa-lake");
    wirye_ = server_.CoordinatorToken("wirye-park");
  }

  v1::CreateGroupResponse Club(const std::string& token, v1::JoiningMode mode) {
    v1::CreateGroupRequest r;
    r.set_request_id(NewRequestId());
    v1::Group* g = r.mutable_group();
    g->set_kind(v1::GROUP_KIND_CLUB);
    g->set_village("groups/misa-lake");
    g->mutable_display_name()->set_ko("미사 그림책 동아리");
    g->set_joining_mode(mode);
    g->set_visibility(v1::VISIBILITY_PUBLIC);
    v1::CreateGroupResponse response;
    grpc::Status s = server_.Call(&Stub::CreateGroup, token, r, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  CommunityTestServer server_;
  std::string misa_, wirye_;
};

TEST_F(GroupsTest, ACoordinatorCannotSeeOrChangeAnotherVillages) {
  v1::Event event = server_.PublishedEvent(misa_, "groups/misa-lake", 10, 0);
  ASSERT_TRUE(server_.Rsvp(server_.CitizenToken(1), event.name()).ok());

  v1::ListParticipantsRequest list;
  list.set_event(event.name());
  EXPECT_EQ(server_.Reason(&Stub::ListParticipants, wirye_, list),
            "NOT_YOUR_GROUP");
  v1::ListParticipantsResponse participants;
  ASSERT_TRUE(
      server_.Call(&Stub::ListParticipants, misa_, list, &participants).ok());
  EXPECT_EQ(participants.rsvps_size(), 1);
  EXPECT_EQ(participants.rsvps(0).person(), CitizenName(1));

  v1::ExportParticipantsRequest csv;
  csv.set_event(event.name());
  EXPECT_EQ(server_.Reason(&Stub::ExportParticipants, wirye_, csv),
            "NOT_YOUR_GROUP");
  v1::ExportParticipantsResponse exported;
  ASSERT_TRUE(
      server_.Call(&Stub::ExportParticipants, misa_, csv, &exported).ok());
  EXPECT_THAT(exported.csv(), ::testing::StartsWith("rsvp,person,group_size"));
  EXPECT_THAT(exported.csv(),
              ::testing::HasSubstr(CitizenName(1) + ",1,CONFIRMED"));

  v1::CheckInRequest check_in;
  check_in.set_request_id(NewRequestId());
  check_in.set_event(event.name());
  check_in.set_person(CitizenName(1));
  EXPECT_EQ(server_.Reason(&Stub::CheckIn, wirye_, check_in), "NOT_YOUR_GROUP");
  v1::CancelEventRequest cancel;
  cancel.set_request_id(NewRequestId());
  cancel.set_name(event.name());
  EXPECT_EQ(server_.Reason(&Stub::CancelEvent, wirye_, cancel),
            "NOT_YOUR_GROUP");
  v1::ListMembersRequest members;
  members.set_group("groups/misa-lake");
  EXPECT_EQ(server_.Reason(&Stub::ListMembers, wirye_, members),
            "NOT_YOUR_GROUP");
  EXPECT_EQ(server_.Reason(&Stub::ListMembers, misa_, members), "");

  // A draft of village A does not exist for B's coordinator.
  v1::CreateEventRequest draft;
  draft.set_request_id(NewRequestId());
  *draft.mutable_event() = event;
  draft.mutable_event()->clear_name();
  v1::CreateEventResponse drafted;
  ASSERT_TRUE(server_.Call(&Stub::CreateEvent, misa_, draft, &drafted).ok());
  v1::GetEventRequest get;
  get.set_name(drafted.event().name());
  EXPECT_EQ(server_.Reason(&Stub::GetEvent, wirye_, get), "EVENT_NOT_FOUND");
  EXPECT_EQ(server_.Reason(&Stub::GetEvent, misa_, get), "");
  // Nor may B create events in A.
  draft.set_request_id(NewRequestId());
  EXPECT_EQ(server_.Reason(&Stub::CreateEvent, wirye_, draft),
            "NOT_YOUR_GROUP");
  // A citizen is no manager either.
  EXPECT_EQ(
      server_.Reason(&Stub::ListParticipants, server_.CitizenToken(1), list),
      "NOT_YOUR_GROUP");
}

TEST_F(GroupsTest, CoordinatorsFromIdentityEvents) {
  const std::string staff = "staff/" + CitizenName(555).substr(9);
  std::string token = server_.Token(staff, {});
  v1::Event event = server_.PublishedEvent(misa_, "groups/misa-lake", 10, 0);
  v1::ListParticipantsRequest list;
  list.set_event(event.name());
  EXPECT_EQ(server_.Reason(&Stub::ListParticipants, token, list),
            "NOT_YOUR_GROUP");

  identity::events::v1::StaffRoleGranted granted;
  granted.set_staff(staff);
  granted.mutable_grant()->set_role(identity::v1::ROLE_VILLAGE_COORDINATOR);
  granted.mutable_grant()->set_scope("villages/misa-lake");
  common::ConsumedMessage m;
  m.value = granted.SerializeAsString();
  m.headers["ce_type"] = granted.GetTypeName();
  ASSERT_TRUE(common::InTransaction(server_.pool(), [&](pqxx::work& tx) {
                return ApplyIdentityEvent(tx, m);
              }).ok());
  EXPECT_EQ(server_.Reason(&Stub::ListParticipants, token, list), "");

  identity::events::v1::StaffRoleRevoked revoked;
  revoked.set_staff(staff);
  *revoked.mutable_grant() = granted.grant();
  m.value = revoked.SerializeAsString();
  m.headers["ce_type"] = revoked.GetTypeName();
  ASSERT_TRUE(common::InTransaction(server_.pool(), [&](pqxx::work& tx) {
                return ApplyIdentityEvent(tx, m);
              }).ok());
  EXPECT_EQ(server_.Reason(&Stub::ListParticipants, token, list),
            "NOT_YOUR_GROUP");

  m.value = "not a protobuf";
  m.headers["ce_type"] = granted.GetTypeName();
  absl::Status bad = common::InTransaction(server_.pool(), [&](pqxx::work& tx) {
    return ApplyIdentityEvent(tx, m);
  });
  EXPECT_FALSE(bad.ok());
}

TEST_F(GroupsTest, MembershipsByJoiningMode) {
  std::string leader = server_.CitizenToken(10);
  std::string alice = server_.CitizenToken(11);
  std::string bob = server_.CitizenToken(12);
  // Clubs of a village are started by its members.
  v1::JoinGroupRequest village;
  village.set_request_id(NewRequestId());
  village.set_group("groups/misa-lake");
  v1::JoinGroupResponse member;
  ASSERT_TRUE(server_.Call(&Stub::JoinGroup, leader, village, &member).ok());

  v1::CreateGroupResponse open = Club(leader, v1::JOINING_MODE_OPEN);
  EXPECT_EQ(open.group().member_count(), 1);  // the leader
  v1::JoinGroupRequest join;
  join.set_request_id(NewRequestId());
  join.set_group(open.group().name());
  v1::JoinGroupResponse joined;
  ASSERT_TRUE(server_.Call(&Stub::JoinGroup, alice, join, &joined).ok());
  EXPECT_EQ(joined.membership().state(), v1::MEMBERSHIP_STATE_ACTIVE);

  v1::CreateGroupResponse approval = Club(leader, v1::JOINING_MODE_APPROVAL);
  join.set_request_id(NewRequestId());
  join.set_group(approval.group().name());
  ASSERT_TRUE(server_.Call(&Stub::JoinGroup, bob, join, &joined).ok());
  EXPECT_EQ(joined.membership().state(), v1::MEMBERSHIP_STATE_PENDING);
  v1::ApproveMembershipRequest approve;
  approve.set_request_id(NewRequestId());
  approve.set_group(approval.group().name());
  approve.set_person(CitizenName(12));
  EXPECT_EQ(server_.Reason(&Stub::ApproveMembership, alice, approve),
            "NOT_YOUR_GROUP");
  v1::ApproveMembershipResponse approved;
  ASSERT_TRUE(
      server_.Call(&Stub::ApproveMembership, leader, approve, &approved).ok());
  EXPECT_EQ(approved.membership().state(), v1::MEMBERSHIP_STATE_ACTIVE);
  approve.set_request_id(NewRequestId());
  EXPECT_EQ(server_.Reason(&Stub::ApproveMembership, leader, approve),
            "NOT_PENDING");

  v1::CreateGroupResponse invite_only =
      Club(leader, v1::JOINING_MODE_INVITE_ONLY);
  join.set_request_id(NewRequestId());
  join.set_group(invite_only.group().name());
  EXPECT_EQ(server_.Reason(&Stub::JoinGroup, alice, join), "INVITE_ONLY");
  v1::InviteMemberRequest invite;
  invite.set_request_id(NewRequestId());
  invite.set_group(invite_only.group().name());
  invite.set_person(CitizenName(11));
  invite.set_role(v1::MEMBER_ROLE_RESIDENT_INSTRUCTOR);
  v1::InviteMemberResponse invited;
  ASSERT_TRUE(server_.Call(&Stub::InviteMember, leader, invite, &invited).ok());
  join.set_request_id(NewRequestId());
  ASSERT_TRUE(server_.Call(&Stub::JoinGroup, alice, join, &joined).ok());
  EXPECT_EQ(joined.membership().state(), v1::MEMBERSHIP_STATE_ACTIVE);
  EXPECT_EQ(joined.membership().role(), v1::MEMBER_ROLE_RESIDENT_INSTRUCTOR);

  // A members-only event of the invite-only club.
  v1::Event event =
      server_.PublishedEvent(leader, invite_only.group().name(), 10, 0);
  v1::UpdateEventRequest members_only;
  members_only.set_request_id(NewRequestId());
  members_only.mutable_event()->set_name(event.name());
  members_only.mutable_event()->mutable_registration()->set_members_only(true);
  members_only.mutable_update_mask()->add_paths("registration.members_only");
  members_only.set_etag(event.etag());
  v1::UpdateEventResponse updated;
  ASSERT_TRUE(
      server_.Call(&Stub::UpdateEvent, leader, members_only, &updated).ok());
  members_only.set_request_id(NewRequestId());  // the etag is stale now
  EXPECT_EQ(server_.Reason(&Stub::UpdateEvent, leader, members_only),
            "ETAG_MISMATCH");
  EXPECT_EQ(common::ReasonOf(server_.Rsvp(bob, event.name()).status()),
            "MEMBERS_ONLY");
  EXPECT_TRUE(server_.Rsvp(alice, event.name()).ok());

  v1::LeaveGroupRequest leave;
  leave.set_request_id(NewRequestId());
  leave.set_group(invite_only.group().name());
  v1::LeaveGroupResponse left;
  ASSERT_TRUE(server_.Call(&Stub::LeaveGroup, alice, leave, &left).ok());
  EXPECT_EQ(left.membership().state(), v1::MEMBERSHIP_STATE_LEFT);
  EXPECT_EQ(server_.Query("SELECT count(*) FROM {s}.outbox WHERE type = "
                          "'lifelong.community.events.v1.MembershipChanged'"),
            "10");
}

TEST_F(GroupsTest, RefusalsWithTheirReasons) {
  v1::Event event =
      server_.PublishedEvent(misa_, "groups/misa-lake", 10, 0, 7, 2);
  std::string citizen = server_.CitizenToken(30);
  EXPECT_EQ(common::ReasonOf(server_.Rsvp(citizen, event.name(), 3).status()),
            "GROUP_TOO_LARGE");
  EXPECT_EQ(
      common::ReasonOf(
          server_.Rsvp(citizen, "events/00000000-0000-4000-8000-000000000000")
              .status()),
      "EVENT_NOT_FOUND");
  EXPECT_EQ(common::ReasonOf(server_.Rsvp(citizen, "not-a-name").status()),
            "INVALID_NAME");
  server_.SetNow(event.registration().close_time().seconds());
  EXPECT_EQ(common::ReasonOf(server_.Rsvp(citizen, event.name()).status()),
            "REGISTRATION_CLOSED");
  v1::CreateGroupRequest village;
  village.set_request_id(NewRequestId());
  village.set_group_id("gamil");
  village.mutable_group()->set_kind(v1::GROUP_KIND_VILLAGE);
  village.mutable_group()->mutable_display_name()->set_ko("감일 학습마을");
  village.mutable_group()->add_districts("감일동");
  EXPECT_EQ(server_.Reason(&Stub::CreateGroup, misa_, village),
            "NOT_CITY_STAFF");
  EXPECT_EQ(server_.Query("SELECT count(*) FROM {s}.rsvps"), "0");
}

TEST_F(GroupsTest, ThePublicListingNeedsNoSignIn) {
  v1::Event a = server_.PublishedEvent(misa_, "groups/misa-lake", 10, 5, 3);
  v1::Event b = server_.PublishedEvent(wirye_, "groups/wirye-park", 4, 0, 5);
  ASSERT_TRUE(server_.Rsvp(server_.CitizenToken(40), b.name(), 3).ok());
  v1::ListEventsRequest r;
  r.mutable_start_time()->set_seconds(kTermStart);
  r.set_page_size(1);
  v1::ListEventsResponse page;
  ASSERT_TRUE(server_.Call(&Stub::ListEvents, "", r, &page).ok());
  ASSERT_EQ(page.events_size(), 1);
  EXPECT_EQ(page.events(0).name(), a.name());
  EXPECT_EQ(page.events(0).remaining_places(), 10);
  r.set_page_token(page.next_page_token());
  ASSERT_TRUE(server_.Call(&Stub::ListEvents, "", r, &page).ok());
  ASSERT_EQ(page.events_size(), 1);
  EXPECT_EQ(page.events(0).name(), b.name());
  EXPECT_EQ(page.events(0).remaining_places(), 1);
  EXPECT_TRUE(page.next_page_token().empty());
  r.clear_page_token();
  r.set_village("groups/wirye-park");
  r.set_page_size(10);
  ASSERT_TRUE(server_.Call(&Stub::ListEvents, "", r, &page).ok());
  ASSERT_EQ(page.events_size(), 1);
  EXPECT_EQ(page.events(0).name(), b.name());
}

}  // namespace
}  // namespace lifelong::community
