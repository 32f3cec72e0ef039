#include "services/enrolment/promotion.h"

#include <gmock/gmock.h>

namespace lifelong::enrolment {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
namespace cv1 = lifelong::catalogue::v1;
namespace ev1 = lifelong::enrolment::events::v1;
constexpr int64_t kNow = 1800000000;
constexpr int kDisability = cv1::PRIORITY_GROUP_DISABILITY;
constexpr int kOver65 = cv1::PRIORITY_GROUP_OVER_65;

Waiting Plain(const std::string& id) {
  Waiting w;
  w.application_id = id;
  w.citizen = CitizenFacts{1980, "Misa", "", {}};
  return w;
}

Waiting Member(const std::string& id, int group) {
  Waiting w = Plain(id);
  w.citizen->priority_groups = {group};
  return w;
}

class PromotionTest : public ::testing::Test {
 protected:
  PromotionTest() {
    facts_.state = cv1::OFFERING_STATE_PUBLISHED;
    facts_.capacity = 2;
    facts_.confirmed = 1;
    facts_.why = ev1::SEAT_OFFER_REASON_CANCELLATION;
    facts_.waitlist = {Plain("a"), Plain("b"), Plain("c")};
    policy_.now = kNow;
    policy_.offer_seconds = 48 * 3600;
    policy_.current_year = 2027;
  }
  std::vector<std::string> Offered() {
    std::vector<std::string> out;
    for (const SeatOfferPlan& o : DecidePromotion(facts_, policy_))
      out.push_back(o.application_id + ":" + std::to_string(o.quota_group));
    return out;
  }

  PromotionFacts facts_;
  SeatPolicy policy_;
};

TEST_F(PromotionTest, AFreedSeatGoesToTheOneWaitingLongest) {
  std::vector<SeatOfferPlan> offers = DecidePromotion(facts_, policy_);
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].application_id, "a");
  EXPECT_EQ(offers[0].quota_group, 0);
  EXPECT_EQ(offers[0].expires_at, kNow + 48 * 3600);
  EXPECT_EQ(offers[0].reason, ev1::SEAT_OFFER_REASON_CANCELLATION);
}

TEST_F(PromotionTest, MoreCapacityOffersAsManySeatsAsAreFreeInOrder) {
  facts_.capacity = 4;
  facts_.why = ev1::SEAT_OFFER_REASON_MORE_CAPACITY;
  EXPECT_THAT(Offered(), ElementsAre("a:0", "b:0", "c:0"));
  facts_.capacity = 3;
  EXPECT_THAT(Offered(), ElementsAre("a:0", "b:0"));
  for (const SeatOfferPlan& o : DecidePromotion(facts_, policy_))
    EXPECT_EQ(o.reason, ev1::SEAT_OFFER_REASON_MORE_CAPACITY);
}

TEST_F(PromotionTest, NoFreeSeatNobodyWaitingOrAClosedOfferingOffersNothing) {
  facts_.confirmed = 2;
  EXPECT_THAT(Offered(), IsEmpty());
  facts_.confirmed = 3;  // capacity lowered below the seats held
  EXPECT_THAT(Offered(), IsEmpty());
  facts_.confirmed = 1;
  EXPECT_THAT(Offered(), ElementsAre("a:0"));
  for (cv1::OfferingState closed :
       {cv1::OFFERING_STATE_DRAFT, cv1::OFFERING_STATE_CANCELLED,
        cv1::OFFERING_STATE_COMPLETED,
        cv1::OFFERING_STATE_CLOSED_UNDERSUBSCRIBED,
        cv1::OFFERING_STATE_UNSPECIFIED}) {
    facts_.state = closed;
    EXPECT_THAT(Offered(), IsEmpty()) << closed;
  }
  facts_.state = cv1::OFFERING_STATE_RUNNING;
  EXPECT_THAT(Offered(), ElementsAre("a:0"));
  facts_.waitlist.clear();
  EXPECT_THAT(Offered(), IsEmpty());
}

TEST_F(PromotionTest, AFreedReservedSeatGoesToTheLongestWaitingMemberFirst) {
  facts_.waitlist = {Plain("a"), Member("b", kDisability),
                     Member("c", kDisability)};
  facts_.preferred_group = kDisability;
  facts_.preferred_seats_left = 1;
  EXPECT_THAT(Offered(), ElementsAre("b:" + std::to_string(kDisability)));
  // Further seats go in waitlist order, as general seats.
  facts_.capacity = 4;
  EXPECT_THAT(Offered(),
              ElementsAre("b:" + std::to_string(kDisability), "a:0", "c:0"));
}

TEST_F(PromotionTest, AMemberTakesAGeneralSeatWhenTheQuotaIsFull) {
  facts_.waitlist = {Plain("a"), Member("b", kDisability)};
  facts_.preferred_group = kDisability;
  facts_.preferred_seats_left = 0;
  EXPECT_THAT(Offered(), ElementsAre("b:0"));
}

TEST_F(PromotionTest, NoMemberWaitingTheSeatGoesToTheHeadAsAGeneralSeat) {
  facts_.preferred_group = kDisability;
  facts_.preferred_seats_left = 1;
  EXPECT_THAT(Offered(), ElementsAre("a:0"));
}

TEST_F(PromotionTest, MembershipIsByTheGroupsVerifiedNow) {
  Waiting w = Plain("a");
  w.groups_when_applied = {kDisability};  // claimed then, revoked since
  EXPECT_FALSE(IsMemberNow(w, kDisability, 2027));
  w.citizen->priority_groups = {kDisability};  // verified after applying
  w.groups_when_applied.clear();
  EXPECT_TRUE(IsMemberNow(w, kDisability, 2027));
  // OVER_65 derived from the birth year in the current year.
  w.citizen->birth_year = 1962;
  EXPECT_TRUE(IsMemberNow(w, kOver65, 2027));
  EXPECT_FALSE(IsMemberNow(w, kOver65, 2026));
  // No record of the citizen: the groups stored when applying.
  w.citizen.reset();
  EXPECT_FALSE(IsMemberNow(w, kDisability, 2027));
  w.groups_when_applied = {kDisability};
  EXPECT_TRUE(IsMemberNow(w, kDisability, 2027));
  // Group 0 is nobody's.
  EXPECT_FALSE(IsMemberNow(w, 0, 2027));
}

TEST_F(PromotionTest, AnOver65SeatGoesToSomeoneWhoTurned65) {
  Waiting older = Plain("b");
  older.citizen->birth_year = 1960;
  facts_.waitlist = {Plain("a"), older};
  facts_.preferred_group = kOver65;
  facts_.preferred_seats_left = 2;
  EXPECT_THAT(Offered(), ElementsAre("b:" + std::to_string(kOver65)));
}

}  // namespace
}  // namespace lifelong::enrolment
