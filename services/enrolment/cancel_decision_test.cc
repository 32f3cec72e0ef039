#include "services/enrolment/cancel_decision.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace lifelong::enrolment {
namespace {

namespace ev1 = lifelong::enrolment::events::v1;
constexpr int64_t kNow = 1800000000;
constexpr int64_t kHour = 3600;

class DecideCancelTest : public ::testing::Test {
 protected:
  DecideCancelTest() {
    application_.set_name("applications/1");
    application_.set_status(v1::APPLICATION_STATUS_CONFIRMED);
    facts_.application = &application_;
    facts_.own = true;
    facts_.first_session = kNow + 48 * kHour;
    facts_.cutoff_hours = 24;
    facts_.now = kNow;
  }
  std::string Reason() {
    absl::StatusOr<CancelDecision> d = DecideCancel(facts_, "applications/1");
    return d.ok() ? "OK" : common::ReasonOf(d.status());
  }
  CancelDecision Decided() {
    absl::StatusOr<CancelDecision> d = DecideCancel(facts_, "applications/1");
    EXPECT_TRUE(d.ok()) << d.status();
    return d.ok() ? *d : CancelDecision();
  }

  v1::Application application_;
  CancelFacts facts_;
};

TEST_F(DecideCancelTest, WhatHoldsASeatAndWhatIsLive) {
  EXPECT_TRUE(HoldsSeat(v1::APPLICATION_STATUS_CONFIRMED));
  EXPECT_TRUE(HoldsSeat(v1::APPLICATION_STATUS_OFFERED));
  EXPECT_FALSE(HoldsSeat(v1::APPLICATION_STATUS_WAITLISTED));
  EXPECT_FALSE(HoldsSeat(v1::APPLICATION_STATUS_APPLIED));
  EXPECT_FALSE(HoldsSeat(v1::APPLICATION_STATUS_COMPLETED));
  for (v1::ApplicationStatus live :
       {v1::APPLICATION_STATUS_CONFIRMED, v1::APPLICATION_STATUS_OFFERED,
        v1::APPLICATION_STATUS_WAITLISTED, v1::APPLICATION_STATUS_APPLIED}) {
    EXPECT_TRUE(IsLive(live)) << live;
  }
  for (v1::ApplicationStatus over :
       {v1::APPLICATION_STATUS_CANCELLED, v1::APPLICATION_STATUS_OFFER_EXPIRED,
        v1::APPLICATION_STATUS_COMPLETED, v1::APPLICATION_STATUS_UNSPECIFIED}) {
    EXPECT_FALSE(IsLive(over)) << over;
  }
}

TEST_F(DecideCancelTest, ACitizenCancellingASeatFreesItForCancellation) {
  application_.set_quota_group(catalogue::v1::PRIORITY_GROUP_DISABILITY);
  CancelDecision d = Decided();
  EXPECT_TRUE(d.seat_freed);
  EXPECT_EQ(d.quota_group, catalogue::v1::PRIORITY_GROUP_DISABILITY);
  EXPECT_EQ(d.offer_reason, ev1::SEAT_OFFER_REASON_CANCELLATION);
  EXPECT_FALSE(d.leaves_waitlist);
}

TEST_F(DecideCancelTest, AnOfferedSeatIsFreedToo) {
  application_.set_status(v1::APPLICATION_STATUS_OFFERED);
  CancelDecision d = Decided();
  EXPECT_TRUE(d.seat_freed);
  EXPECT_EQ(d.quota_group, 0);  // a general seat
}

TEST_F(DecideCancelTest, StaffWithdrawingFreesTheSeatForStaffWithdrawal) {
  facts_.own = false;
  facts_.staff_of_centre = true;
  EXPECT_EQ(Decided().offer_reason, ev1::SEAT_OFFER_REASON_STAFF_WITHDRAWAL);
  // Staff cancelling their own application cancel as the citizen.
  facts_.own = true;
  EXPECT_EQ(Decided().offer_reason, ev1::SEAT_OFFER_REASON_CANCELLATION);
}

TEST_F(DecideCancelTest, AWaitingOneLeavesTheWaitlistAnEntryFreesNothing) {
  application_.set_status(v1::APPLICATION_STATUS_WAITLISTED);
  CancelDecision waiting = Decided();
  EXPECT_FALSE(waiting.seat_freed);
  EXPECT_TRUE(waiting.leaves_waitlist);
  EXPECT_EQ(waiting.offer_reason, ev1::SEAT_OFFER_REASON_UNSPECIFIED);
  application_.set_status(v1::APPLICATION_STATUS_APPLIED);
  CancelDecision entry = Decided();
  EXPECT_FALSE(entry.seat_freed);
  EXPECT_FALSE(entry.leaves_waitlist);
}

TEST_F(DecideCancelTest, CitizensUntilTheCutOffStaffAtAnyTime) {
  facts_.now = facts_.first_session - 24 * kHour - 1;
  EXPECT_EQ(Reason(), "OK");
  facts_.now = facts_.first_session - 24 * kHour;  // the cut-off itself
  EXPECT_EQ(Reason(), "CANCELLATION_CLOSED");
  facts_.now = facts_.first_session + kHour;
  EXPECT_EQ(Reason(), "CANCELLATION_CLOSED");
  facts_.staff_of_centre = true;
  EXPECT_EQ(Reason(), "OK");
  // No session scheduled: no cut-off.
  facts_.staff_of_centre = false;
  facts_.first_session = 0;
  EXPECT_EQ(Reason(), "OK");
}

TEST_F(DecideCancelTest, EachRefusalInItsOrder) {
  // 3. after the cut-off
  facts_.now = facts_.first_session;
  EXPECT_EQ(Reason(), "CANCELLATION_CLOSED");
  // 2. not live comes before the cut-off
  for (v1::ApplicationStatus over :
       {v1::APPLICATION_STATUS_CANCELLED, v1::APPLICATION_STATUS_OFFER_EXPIRED,
        v1::APPLICATION_STATUS_COMPLETED}) {
    application_.set_status(over);
    EXPECT_EQ(Reason(), "NOT_CANCELLABLE");
  }
  // 1. someone else's application is not there; nor is a missing one
  facts_.own = false;
  EXPECT_EQ(Reason(), "APPLICATION_NOT_FOUND");
  absl::StatusOr<CancelDecision> d = DecideCancel(facts_, "applications/1");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kNotFound);
  facts_.own = true;
  facts_.application = nullptr;
  EXPECT_EQ(Reason(), "APPLICATION_NOT_FOUND");
}

}  // namespace
}  // namespace lifelong::enrolment
