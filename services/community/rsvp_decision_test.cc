#include "services/community/rsvp_decision.h"

#include <gtest/gtest.h>

namespace lifelong::community {
namespace {

// An open event: 10 places, 5 waiting, groups up to 4, the year 2027.
RsvpFacts Open() {
  RsvpFacts f;
  f.now = 1000;
  f.has_registration = true;
  f.open_time = 0;
  f.close_time = 2000;
  f.start_time = 5000;
  f.event_year = 2027;
  f.max_group_size = 4;
  f.capacity = 10;
  f.waitlist_capacity = 5;
  f.contact_birth_year = 1960;
  return f;
}

std::string ReasonOf(const RsvpFacts& f) { return DecideRsvp(f).reason; }

TEST(RsvpDecisionTest, ConfirmsWhileThereArePlaces) {
  EXPECT_EQ(DecideRsvp(Open()).outcome, RsvpOutcome::kConfirmed);
  RsvpFacts f = Open();
  f.confirmed = 6;
  f.held = 0;
  f.group_size = 4;
  EXPECT_EQ(DecideRsvp(f).outcome, RsvpOutcome::kConfirmed);
}

TEST(RsvpDecisionTest, WaitlistsWhenTheGroupDoesNotFit) {
  RsvpFacts f = Open();
  f.confirmed = 8;
  f.group_size = 3;
  EXPECT_EQ(DecideRsvp(f).outcome, RsvpOutcome::kWaitlisted);
}

TEST(RsvpDecisionTest, HeldPlacesCountAgainstCapacity) {
  RsvpFacts f = Open();
  f.confirmed = 7;
  f.held = 3;
  EXPECT_EQ(DecideRsvp(f).outcome, RsvpOutcome::kWaitlisted);
}

TEST(RsvpDecisionTest, AHoldersOwnPlacesAreTheirs) {
  RsvpFacts f = Open();
  f.confirmed = 7;
  f.held = 3;
  f.own_hold = 2;
  f.group_size = 2;
  EXPECT_EQ(DecideRsvp(f).outcome, RsvpOutcome::kConfirmed);
}

TEST(RsvpDecisionTest, NewcomersDoNotOvertakeTheQueue) {
  RsvpFacts f = Open();
  f.confirmed = 8;  // two free, but a family of three waits
  f.waitlisted = 3;
  EXPECT_EQ(DecideRsvp(f).outcome, RsvpOutcome::kWaitlisted);
}

TEST(RsvpDecisionTest, RefusesWhenBothAreFull) {
  RsvpFacts f = Open();
  f.confirmed = 10;
  f.waitlisted = 5;
  RsvpDecision d = DecideRsvp(f);
  EXPECT_EQ(d.outcome, RsvpOutcome::kRefused);
  EXPECT_EQ(d.reason, "EVENT_FULL_WAITLIST_FULL");
  EXPECT_EQ(d.ToStatus().code(), absl::StatusCode::kFailedPrecondition);
  f.waitlisted = 4;
  f.group_size = 2;  // the group does not fit in the one waiting place
  EXPECT_EQ(ReasonOf(f), "EVENT_FULL_WAITLIST_FULL");
}

TEST(RsvpDecisionTest, NoRegistration) {
  RsvpFacts f = Open();
  f.has_registration = false;
  EXPECT_EQ(ReasonOf(f), "NO_REGISTRATION");
}

TEST(RsvpDecisionTest, CancelledEvent) {
  RsvpFacts f = Open();
  f.cancelled = true;
  EXPECT_EQ(ReasonOf(f), "EVENT_CANCELLED");
}

TEST(RsvpDecisionTest, OutsideTheWindowOrAfterTheStart) {
  RsvpFacts f = Open();
  f.now = -1;
  EXPECT_EQ(ReasonOf(f), "REGISTRATION_CLOSED");
  f.now = 2000;
  EXPECT_EQ(ReasonOf(f), "REGISTRATION_CLOSED");
  f = Open();
  f.close_time = 9000;
  f.now = 5000;
  EXPECT_EQ(ReasonOf(f), "REGISTRATION_CLOSED");
}

TEST(RsvpDecisionTest, GroupSize) {
  RsvpFacts f = Open();
  f.group_size = 5;
  EXPECT_EQ(ReasonOf(f), "GROUP_TOO_LARGE");
  f.group_size = 0;
  EXPECT_EQ(ReasonOf(f), "GROUP_TOO_LARGE");
}

TEST(RsvpDecisionTest, MembersOnly) {
  RsvpFacts f = Open();
  f.members_only = true;
  EXPECT_EQ(ReasonOf(f), "MEMBERS_ONLY");
  f.is_member = true;
  EXPECT_EQ(DecideRsvp(f).outcome, RsvpOutcome::kConfirmed);
}

TEST(RsvpDecisionTest, AgeBand) {
  RsvpFacts f = Open();
  f.min_age = 60;
  EXPECT_EQ(DecideRsvp(f).outcome, RsvpOutcome::kConfirmed);  // 67
  f.max_age = 65;
  EXPECT_EQ(ReasonOf(f), "AGE_BAND");
  f.max_age = 0;
  f.group_size = 2;  // a grandchild's year is missing
  EXPECT_EQ(ReasonOf(f), "AGE_BAND");
  f.attendee_birth_years = {2019};
  EXPECT_EQ(ReasonOf(f), "AGE_BAND");
  f.min_age = 0;
  f.max_age = 0;
  EXPECT_EQ(DecideRsvp(f).outcome, RsvpOutcome::kConfirmed);
  f.min_age = 5;
  f.contact_birth_year.reset();
  RsvpDecision d = DecideRsvp(f);
  EXPECT_EQ(d.reason, "CITIZEN_UNKNOWN");
  EXPECT_EQ(d.code, absl::StatusCode::kUnavailable);
}

TEST(RsvpDecisionTest, OneLiveRsvpPerPerson) {
  RsvpFacts f = Open();
  f.already_rsvped = true;
  RsvpDecision d = DecideRsvp(f);
  EXPECT_EQ(d.reason, "ALREADY_RSVPED");
  EXPECT_EQ(d.code, absl::StatusCode::kAlreadyExists);
}

TEST(RsvpDecisionTest, TheFirstFailingRuleAnswers) {
  RsvpFacts f = Open();
  f.cancelled = true;
  f.now = -1;
  f.group_size = 9;
  EXPECT_EQ(ReasonOf(f), "EVENT_CANCELLED");
}

}  // namespace
}  // namespace lifelong::community
