#include "services/enrolment/seat_offer_decision.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace lifelong::enrolment {
namespace {

constexpr int64_t kNow = 1800000000;

class SeatOfferDecisionTest : public ::testing::Test {
 protected:
  SeatOfferDecisionTest() {
    offered_.set_status(v1::APPLICATION_STATUS_OFFERED);
    offered_.mutable_offer_expire_time()->set_seconds(kNow + 60);
    facts_.application = &offered_;
    facts_.own = true;
    facts_.now = kNow;
  }
  std::string Reason() {
    absl::Status s = DecideAcceptOffer(facts_, "applications/1");
    return s.ok() ? "OK" : common::ReasonOf(s);
  }

  v1::Application offered_;
  AcceptFacts facts_;
};

TEST_F(SeatOfferDecisionTest, AnOfferLapsesAtItsExpiryTime) {
  EXPECT_FALSE(OfferLapsed(offered_, kNow + 59));
  EXPECT_TRUE(OfferLapsed(offered_, kNow + 60));
  EXPECT_TRUE(OfferLapsed(offered_, kNow + 61));
  // Only an offer lapses.
  v1::Application confirmed = offered_;
  confirmed.set_status(v1::APPLICATION_STATUS_CONFIRMED);
  EXPECT_FALSE(OfferLapsed(confirmed, kNow + 61));
}

TEST_F(SeatOfferDecisionTest, TheCitizenOrTheCentreStaffAcceptInTime) {
  EXPECT_EQ(Reason(), "OK");
  facts_.own = false;
  facts_.staff_of_centre = true;
  EXPECT_EQ(Reason(), "OK");
}

TEST_F(SeatOfferDecisionTest, EachRefusalInItsOrder) {
  // 3. nothing offered
  offered_.set_status(v1::APPLICATION_STATUS_CONFIRMED);
  EXPECT_EQ(Reason(), "NO_SEAT_OFFER");
  offered_.set_status(v1::APPLICATION_STATUS_WAITLISTED);
  EXPECT_EQ(Reason(), "NO_SEAT_OFFER");
  // 2. lapsed: expired by the background work, or due and not yet expired
  offered_.set_status(v1::APPLICATION_STATUS_OFFER_EXPIRED);
  EXPECT_EQ(Reason(), "OFFER_EXPIRED");
  offered_.set_status(v1::APPLICATION_STATUS_OFFERED);
  facts_.now = kNow + 60;
  EXPECT_EQ(Reason(), "OFFER_EXPIRED");
  // 1. someone else's, or none
  facts_.own = false;
  EXPECT_EQ(Reason(), "APPLICATION_NOT_FOUND");
  EXPECT_EQ(DecideAcceptOffer(facts_, "applications/1").code(),
            absl::StatusCode::kNotFound);
  facts_.own = true;
  facts_.application = nullptr;
  EXPECT_EQ(Reason(), "APPLICATION_NOT_FOUND");
}

}  // namespace
}  // namespace lifelong::enrolment
