// The lottery against the real PostgreSQL: entries during the window, the
// draw when it closes, quotas, and recomputing the result from the audit
// record.
#include <gmock/gmock.h>

#include <map>
#include <set>

#include "common/hex_digest.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/enrolment_test_fixture.h"
#include "services/enrolment/lottery.h"

namespace lifelong::enrolment {
namespace {

constexpr int kEntries = 300, kSeats = 30, kReserved = 5;

class LotteryDrawTest : public EnrolmentTest {
 protected:
  // 300 entries, every 15th citizen with a verified disability (20 of
  // them), for 30 seats with 5 reserved for disability.
  std::string OpenLottery() {
    cv1::Offering o = Offering(1, kSeats, cv1::SELECTION_METHOD_LOTTERY);
    o.set_min_enrolment(10);
    cv1::SeatQuota* q = o.add_quotas();
    q->set_group(cv1::PRIORITY_GROUP_DISABILITY);
    q->set_seats(kReserved);
    std::string offering = Publish(o);
    for (int i = 0; i < kEntries; ++i) {
      std::string citizen =
          Citizen(i, i % 15 == 0 ? cv1::PRIORITY_GROUP_DISABILITY : 0);
      absl::StatusOr<v1::ApplyResponse> r =
          Apply(citizen, offering, "entry-" + std::to_string(i));
      EXPECT_TRUE(r.ok()) << r.status();
      if (r.ok()) {
        EXPECT_EQ(r->application().status(), v1::APPLICATION_STATUS_APPLIED);
      }
    }
    return offering;
  }

  v1::Draw GetDraw(const common::Caller& caller, const std::string& offering) {
    v1::GetDrawRequest r;
    r.set_name(offering + "/draw");
    absl::StatusOr<v1::GetDrawResponse> got = logic_.GetDraw(caller, r);
    EXPECT_TRUE(got.ok()) << got.status();
    if (got.ok()) {
      EXPECT_EQ(got->draw().name(), offering + "/draw");
    }
    return got.ok() ? got->draw() : v1::Draw();
  }
};

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

TEST_F(LotteryDrawTest, DrawAtCloseHonoursQuotasAndCanBeRecomputed) {
  std::string offering = OpenLottery();
  // Before the close: the seed's hash is public, the seed is not.
  v1::Draw committed = GetDraw(Staff(), offering);
  EXPECT_EQ(committed.seed_sha256().size(), 64u);
  EXPECT_TRUE(committed.seed().empty());
  EXPECT_EQ(committed.entries_size(), 0);
  absl::StatusOr<DueWork> early = logic_.RunDueWork();
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->offerings_closed, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM {s}.applications WHERE status = "
                  "'applied'"),
            std::to_string(kEntries));

  now_ = kNow + 86400;  // the window closes
  absl::StatusOr<DueWork> due = logic_.RunDueWork();
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_EQ(due->offerings_closed, 1);

  v1::Draw draw = GetDraw(Staff(), offering);
  EXPECT_EQ(draw.algorithm(), kDrawAlgorithm);
  EXPECT_EQ(draw.seed_sha256(), committed.seed_sha256());
  EXPECT_EQ(common::Sha256Hex(Unhex(draw.seed())), draw.seed_sha256());
  ASSERT_EQ(draw.entries_size(), kEntries);
  int seated = 0, by_quota = 0;
  std::set<int> positions;
  for (const v1::DrawEntry& e : draw.entries()) {
    seated += e.seated();
    by_quota += e.quota_group() == cv1::PRIORITY_GROUP_DISABILITY;
    if (!e.seated()) positions.insert(e.waitlist_position());
  }
  EXPECT_EQ(seated, kSeats);
  EXPECT_EQ(by_quota, kReserved);
  EXPECT_EQ(positions.size(), static_cast<size_t>(kEntries - kSeats));
  EXPECT_EQ(*positions.rbegin(), kEntries - kSeats);

  // Anyone with the seed and the entries gets the same result.
  std::vector<DrawEntryInput> inputs;
  for (const v1::DrawEntry& e : draw.entries()) {
    DrawEntryInput in{e.application().substr(13), {}};
    for (int g : e.priority_groups()) in.priority_groups.insert(g);
    inputs.push_back(in);
  }
  std::vector<DrawQuota> quotas = {{cv1::PRIORITY_GROUP_DISABILITY, kReserved}};
  std::vector<DrawOutcome> again =
      RunDraw(Unhex(draw.seed()), inputs, quotas, draw.seats());
  ASSERT_EQ(again.size(), static_cast<size_t>(kEntries));
  for (int i = 0; i < kEntries; ++i) {
    const v1::DrawEntry& e = draw.entries(i);
    EXPECT_EQ("applications/" + again[i].application_id, e.application());
    EXPECT_EQ(again[i].rank_key, e.rank_key());
    EXPECT_EQ(again[i].seated, e.seated());
    EXPECT_EQ(again[i].quota_group, e.quota_group());
    EXPECT_EQ(again[i].waitlist_position, e.waitlist_position());
  }

  // The database agrees with the record, and holds the invariants.
  std::string id = offering.substr(10);
  EXPECT_EQ(Count("SELECT confirmed FROM {s}.offerings"),
            std::to_string(kSeats));
  EXPECT_EQ(Count("SELECT taken FROM {s}.offering_quotas"),
            std::to_string(kReserved));
  EXPECT_EQ(Count("SELECT count(*) FROM {s}.applications WHERE status = "
                  "'confirmed' AND quota_group = 2"),
            std::to_string(kReserved));
  EXPECT_EQ(Count("SELECT count(DISTINCT waitlist_position) || '/' || "
                  "max(waitlist_position) FROM {s}.applications WHERE status "
                  "= 'waitlisted'"),
            std::to_string(kEntries - kSeats) + "/" +
                std::to_string(kEntries - kSeats));
  EXPECT_EQ(Events("LotteryDrawn"), "1");
  EXPECT_EQ(Events("EnrolmentConfirmed"), std::to_string(kSeats));
  // The general topic never tells whose seat was a disability seat.
  int published_quota = 0;
  for (const std::string& payload :
       Payloads("lifelong.enrolment.events.v1.EnrolmentConfirmed")) {
    events::v1::EnrolmentConfirmed e;
    ASSERT_TRUE(e.ParseFromString(payload));
    published_quota += e.application().quota_group() != 0;
  }
  EXPECT_EQ(published_quota, 0);
  EXPECT_EQ(Events("Waitlisted"), std::to_string(kEntries - kSeats));
  EXPECT_EQ(Events("OfferingUndersubscribed"), "0");

  // A citizen sees the record without anyone's priority groups.
  v1::Draw public_view = GetDraw(As("citizens/" + Uuid(2, 0)), offering);
  ASSERT_EQ(public_view.entries_size(), kEntries);
  for (const v1::DrawEntry& e : public_view.entries())
    EXPECT_EQ(e.priority_groups_size(), 0);

  // Closing again draws nothing more.
  now_ = kNow + 2 * 86400;
  EXPECT_EQ(logic_.RunDueWork()->offerings_closed, 0);
  EXPECT_EQ(Events("LotteryDrawn"), "1");
}

TEST_F(LotteryDrawTest, FewApplicantsAreAllSeatedAndUndersubscribedIsFlagged) {
  cv1::Offering o = Offering(2, 20, cv1::SELECTION_METHOD_LOTTERY);
  o.set_min_enrolment(5);
  cv1::SeatQuota* q = o.add_quotas();
  q->set_group(cv1::PRIORITY_GROUP_DISABILITY);
  q->set_seats(10);
  std::string offering = Publish(o);
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(Apply(Citizen(i), offering, "few-" + std::to_string(i)).ok());
  now_ = kNow + 86400;
  ASSERT_TRUE(logic_.RunDueWork().ok());
  // The reserved seats nobody claimed went to the general pool.
  EXPECT_EQ(Count("SELECT count(*) FROM {s}.applications WHERE status = "
                  "'confirmed' AND quota_group IS NULL"),
            "3");
  EXPECT_EQ(Count("SELECT undersubscribed FROM {s}.offerings"), "t");
  EXPECT_EQ(Events("OfferingUndersubscribed"), "1");
}

// A claim counts as it stands when the draw runs (lottery.h): verified after
// applying, it seats its holder on the reserved seat; revoked before the
// draw, it does not. A freed reserved seat goes to a member by the groups
// verified then, too.
TEST_F(LotteryDrawTest, DrawAndSeatOffersCountGroupsVerifiedWhenTheyRun) {
  cv1::Offering o = Offering(3, 2, cv1::SELECTION_METHOD_LOTTERY);
  cv1::SeatQuota* q = o.add_quotas();
  q->set_group(cv1::PRIORITY_GROUP_DISABILITY);
  q->set_seats(1);
  std::string offering = Publish(o);
  auto claim = [&](const std::string& citizen, bool verified) {
    identity::events::v1::PriorityClaimVerified e;
    e.set_citizen(citizen);
    e.set_group(identity::v1::PRIORITY_GROUP_DISABILITY);
    e.set_status(verified ? identity::v1::CLAIM_STATUS_VERIFIED
                          : identity::v1::CLAIM_STATUS_REJECTED);
    Event(kIdentityPriorityTopic, e);
  };
  std::string late = Citizen(1);  // verified only after applying
  std::string revoked = Citizen(2, cv1::PRIORITY_GROUP_DISABILITY);
  std::map<std::string, std::string> application_of;  // citizen -> name
  std::vector<std::string> citizens = {late, revoked};
  for (int i = 3; i < 12; ++i) citizens.push_back(Citizen(i));
  for (const std::string& c : citizens) {
    absl::StatusOr<v1::ApplyResponse> r =
        Apply(c, offering, "in-" + c.substr(9));
    ASSERT_TRUE(r.ok()) << r.status();
    application_of[c] = r->application().name();
  }
  claim(late, true);
  claim(revoked, false);

  now_ = kNow + 86400;  // the window closes: the draw
  ASSERT_EQ(logic_.RunDueWork()->offerings_closed, 1);
  v1::Draw draw = GetDraw(Staff(), offering);
  std::map<std::string, v1::DrawEntry> entry;
  for (const v1::DrawEntry& e : draw.entries()) entry[e.application()] = e;
  const v1::DrawEntry& l = entry[application_of[late]];
  EXPECT_TRUE(l.seated());
  EXPECT_EQ(l.quota_group(), cv1::PRIORITY_GROUP_DISABILITY);
  EXPECT_THAT(l.priority_groups(),
              ::testing::ElementsAre(cv1::PRIORITY_GROUP_DISABILITY));
  const v1::DrawEntry& r = entry[application_of[revoked]];
  EXPECT_EQ(r.quota_group(), cv1::PRIORITY_GROUP_UNSPECIFIED);
  EXPECT_TRUE(r.priority_groups().empty());

  // The last in line is verified after the draw; the reserved seat that
  // `late` frees goes to them before everyone ahead of them.
  std::string last;
  for (const v1::DrawEntry& e : draw.entries()) {
    if (!e.seated()) last = e.application();
  }
  std::string last_citizen;
  for (const auto& [c, a] : application_of) {
    if (a == last) last_citizen = c;
  }
  ASSERT_FALSE(last_citizen.empty());
  claim(last_citizen, true);
  v1::CancelApplicationRequest cancel;
  cancel.set_request_id("cancel-late");
  cancel.set_name(application_of[late]);
  ASSERT_TRUE(logic_.CancelApplication(As(late), cancel).ok());
  v1::GetApplicationRequest get;
  get.set_name(last);
  absl::StatusOr<v1::GetApplicationResponse> offered =
      logic_.GetApplication(As(last_citizen), get);
  ASSERT_TRUE(offered.ok()) << offered.status();
  EXPECT_EQ(offered->application().status(), v1::APPLICATION_STATUS_OFFERED);
  EXPECT_EQ(offered->application().quota_group(),
            cv1::PRIORITY_GROUP_DISABILITY);
}

// Which quota seated an entry says which priority group its citizen is in:
// only the offering's staff see it, as they see the groups.
TEST_F(LotteryDrawTest, QuotaGroupsAreShownToTheOfferingsStaffOnly) {
  cv1::Offering o = Offering(4, 2, cv1::SELECTION_METHOD_LOTTERY);
  cv1::SeatQuota* q = o.add_quotas();
  q->set_group(cv1::PRIORITY_GROUP_DISABILITY);
  q->set_seats(1);
  std::string offering = Publish(o);
  std::string disabled = Citizen(1, cv1::PRIORITY_GROUP_DISABILITY);
  ASSERT_TRUE(Apply(disabled, offering, "d").ok());
  for (int i = 2; i < 6; ++i)
    ASSERT_TRUE(Apply(Citizen(i), offering, "c" + std::to_string(i)).ok());
  now_ = kNow + 86400;
  ASSERT_EQ(logic_.RunDueWork()->offerings_closed, 1);

  auto quota_seats = [&](const common::Caller& caller) {
    int n = 0;
    v1::Draw draw = GetDraw(caller, offering);
    for (const v1::DrawEntry& e : draw.entries()) {
      n += e.quota_group() == cv1::PRIORITY_GROUP_DISABILITY;
      n += e.priority_groups_size() * 100;
    }
    return n;
  };
  EXPECT_EQ(quota_seats(Staff()), 101);
  EXPECT_EQ(quota_seats(Instructor()), 101);
  EXPECT_EQ(
      quota_seats(
          {"staff/" + Uuid(8, 2), "", {{common::kRoleAdmin, ""}}, "127.0.0.1"}),
      101);
  // The citizen with the reserved seat, another applicant, staff of another
  // centre: seats and ranks, no groups.
  EXPECT_EQ(quota_seats(As(disabled)), 0);
  EXPECT_EQ(quota_seats(As(Citizen(2))), 0);
  EXPECT_EQ(quota_seats({"staff/" + Uuid(8, 3),
                         "",
                         {{common::kRoleCentreStaff, "centres/wirye"}},
                         "127.0.0.1"}),
            0);
}

TEST_F(LotteryDrawTest, ADrawIsNamedAsItsOfferingsSingleton) {
  std::string offering = Publish(7, 2, cv1::SELECTION_METHOD_LOTTERY);
  std::vector<std::string> bad = {"", offering, "offerings/nope/draw",
                                  offering + "/draws"};
  for (const std::string& name : bad) {
    v1::GetDrawRequest r;
    r.set_name(name);
    absl::Status s = logic_.GetDraw(Staff(), r).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << name;
    ASSERT_EQ(common::FieldViolationsOf(s).size(), 1u) << name;
    EXPECT_EQ(common::FieldViolationsOf(s)[0].field, "name");
  }
}

}  // namespace
}  // namespace lifelong::enrolment
