// Seats that free up, against the real PostgreSQL: cancellation by the
// citizen and by staff, offers to the waitlist that are accepted or lapse,
// the catalogue cancelling an offering, and the roster and waitlist views.
#include <gmock/gmock.h>

#include <thread>

#include "services/enrolment/enrolment_test_fixture.h"

namespace lifelong::enrolment {
namespace {

using ::testing::ElementsAre;

class SeatOffersTest : public EnrolmentTest {
 protected:
  v1::Application Applied(int citizen, const std::string& offering) {
    absl::StatusOr<v1::ApplyResponse> r =
        Apply(Citizen(citizen), offering, "apply-" + std::to_string(citizen));
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->application() : v1::Application();
  }

  absl::StatusOr<v1::Application> Cancel(const common::Caller& who,
                                         const v1::Application& a,
                                         const std::string& request_id = "") {
    v1::CancelApplicationRequest r;
    r.set_request_id(request_id.empty() ? "cancel-" + a.name().substr(13)
                                        : request_id);
    r.set_name(a.name());
    r.set_reason("moving away");
    absl::StatusOr<v1::CancelApplicationResponse> out =
        logic_.CancelApplication(who, r);
    if (!out.ok()) return out.status();
    return out->application();
  }

  absl::StatusOr<v1::Application> Accept(const v1::Application& a) {
    v1::AcceptSeatOfferRequest r;
    r.set_request_id("accept-" + a.name().substr(13));
    r.set_name(a.name());
    absl::StatusOr<v1::AcceptSeatOfferResponse> out =
        logic_.AcceptSeatOffer(As(a.citizen()), r);
    if (!out.ok()) return out.status();
    return out->application();
  }

  v1::Application Get(const v1::Application& a) {
    v1::GetApplicationRequest r;
    r.set_name(a.name());
    return logic_.GetApplication(As(a.citizen()), r)->application();
  }

  std::vector<std::string> Listed(const std::string& offering,
                                  v1::ApplicationStatus status) {
    v1::ListOfferingApplicationsRequest r;
    r.set_offering(offering);
    r.set_status(status);
    r.set_page_size(2);
    std::vector<std::string> citizens;
    for (;;) {
      absl::StatusOr<v1::ListOfferingApplicationsResponse> page =
          logic_.ListOfferingApplications(Staff(), r);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) return citizens;
      for (const v1::Application& a : page->applications())
        citizens.push_back(a.citizen().substr(9 + 24) + "@" +
                           std::to_string(a.waitlist_position()));
      if (page->next_page_token().empty()) return citizens;
      r.set_page_token(page->next_page_token());
    }
  }
};

TEST_F(SeatOffersTest, FreedSeatIsOfferedAcceptedOrLapsesToTheNext) {
  std::string offering = Publish(1, 2, cv1::SELECTION_METHOD_FIRST_COME);
  v1::Application a = Applied(1, offering), b = Applied(2, offering);
  v1::Application c = Applied(3, offering), d = Applied(4, offering),
                  e = Applied(5, offering);
  EXPECT_EQ(c.waitlist_position(), 1);
  EXPECT_EQ(e.waitlist_position(), 3);

  // A cancels: C is offered the seat for 48 hours; D and E move up.
  absl::StatusOr<v1::Application> cancelled = Cancel(As(a.citizen()), a);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->status(), v1::APPLICATION_STATUS_CANCELLED);
  EXPECT_EQ(cancelled->cancelled_by(), a.citizen());
  v1::Application offered = Get(c);
  EXPECT_EQ(offered.status(), v1::APPLICATION_STATUS_OFFERED);
  EXPECT_EQ(offered.offer_expire_time().seconds(), kNow + 48 * 3600);
  EXPECT_EQ(Get(d).waitlist_position(), 1);
  EXPECT_EQ(Get(e).waitlist_position(), 2);
  EXPECT_THAT(Listed(offering, v1::APPLICATION_STATUS_WAITLISTED),
              ElementsAre("000000000004@1", "000000000005@2"));
  // The cancellation comes before the offer of the seat it freed, so a
  // consumer replaying in order never sees more seats held than capacity.
  EXPECT_EQ(Count("SELECT string_agg(substr(type, 30), ',' ORDER BY id) FROM "
                  "(SELECT * FROM {s}.outbox WHERE topic = "
                  "'lifelong.enrolment.application.v1' ORDER BY id DESC "
                  "LIMIT 2) last"),
            "EnrolmentCancelled,SeatOffered");

  // C accepts in time.
  absl::StatusOr<v1::Application> accepted = Accept(c);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->status(), v1::APPLICATION_STATUS_CONFIRMED);
  EXPECT_EQ(Accept(c)->status(), v1::APPLICATION_STATUS_CONFIRMED);  // retry

  // Staff withdraw B: D is offered, lets it lapse, and E gets it.
  ASSERT_TRUE(Cancel(Staff(), b).ok());
  EXPECT_EQ(Get(d).status(), v1::APPLICATION_STATUS_OFFERED);
  now_ = kNow + 49 * 3600;
  absl::StatusOr<DueWork> due = logic_.RunDueWork();
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_EQ(due->offers_expired, 1);
  EXPECT_EQ(Get(d).status(), v1::APPLICATION_STATUS_OFFER_EXPIRED);
  EXPECT_EQ(common::ReasonOf(Accept(d).status()), "OFFER_EXPIRED");
  EXPECT_EQ(Get(e).status(), v1::APPLICATION_STATUS_OFFERED);
  EXPECT_EQ(Get(e).offer_expire_time().seconds(), now_ + 48 * 3600);

  EXPECT_THAT(Listed(offering, v1::APPLICATION_STATUS_CONFIRMED),
              ElementsAre("000000000003@0"));
  EXPECT_EQ(Count("SELECT confirmed FROM {s}.offerings"), "2");  // C, E held
  EXPECT_EQ(Events("SeatOffered"), "3");
  EXPECT_EQ(Events("SeatOfferExpired"), "1");
  EXPECT_EQ(Events("EnrolmentCancelled"), "2");
  EXPECT_EQ(Events("EnrolmentConfirmed"), "3");  // A, B, C's acceptance
}

TEST_F(SeatOffersTest, CitizensCancelUntilTheCutOffStaffAfterIt) {
  std::string offering = Publish(2, 5, cv1::SELECTION_METHOD_FIRST_COME);
  v1::Application a = Applied(1, offering);
  // The first session is a week after kNow; the cut-off is 24 hours before.
  now_ = kNow + 6 * 86400 + 1;
  EXPECT_EQ(common::ReasonOf(Cancel(As(a.citizen()), a).status()),
            "CANCELLATION_CLOSED");
  // Another citizen does not see it at all.
  EXPECT_EQ(Cancel(As("citizens/" + Uuid(2, 99)), a).status().code(),
            absl::StatusCode::kNotFound);
  absl::StatusOr<v1::Application> withdrawn = Cancel(Staff(), a);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status();
  EXPECT_EQ(withdrawn->cancelled_by(), Staff().account);
  // A retry answers the same; a new request finds nothing to cancel.
  EXPECT_EQ(Cancel(Staff(), a)->cancelled_by(), Staff().account);
  EXPECT_EQ(common::ReasonOf(Cancel(Staff(), a, "again").status()),
            "NOT_CANCELLABLE");
  EXPECT_EQ(Count("SELECT confirmed FROM {s}.offerings"), "0");
}

TEST_F(SeatOffersTest, CatalogueCancellingAnOfferingCancelsEveryApplication) {
  cv1::Offering o = Offering(3, 2, cv1::SELECTION_METHOD_FIRST_COME);
  Publish(o);
  for (int i = 1; i <= 5; ++i) Applied(i, o.name());
  catalogue::events::v1::OfferingCancelled e;
  *e.mutable_offering() = o;
  e.mutable_offering()->set_state(cv1::OFFERING_STATE_CANCELLED);
  e.mutable_offering()->set_etag("v2");
  e.set_reason("instructor unavailable");
  Event(kCatalogueOfferingTopic, e);
  Event(kCatalogueOfferingTopic, e);  // delivered twice
  EXPECT_EQ(Count("SELECT string_agg(DISTINCT status || ':' || cancelled_by "
                  "|| ':' || cancel_reason, ',') FROM {s}.applications"),
            "cancelled:catalogue:instructor unavailable");
  EXPECT_EQ(Count("SELECT confirmed || '/' || waitlist_size FROM "
                  "{s}.offerings"),
            "0/0");
  EXPECT_EQ(Events("EnrolmentCancelled"), "5");
  EXPECT_EQ(Events("SeatOffered"), "0");
  // The reason is free text: kept for the API, never on the topic.
  EXPECT_EQ(Count("SELECT count(*) FROM {s}.outbox WHERE position("
                  "'instructor unavailable' IN encode(payload, 'escape')) > 0"),
            "0");
}

TEST_F(SeatOffersTest, CancelsAndAcceptsAtOnceNeverOverfillTheOffering) {
  constexpr int kSeats = 20, kCitizens = 60;
  std::string offering = Publish(4, kSeats, cv1::SELECTION_METHOD_FIRST_COME);
  std::vector<v1::Application> apps;
  for (int i = 0; i < kCitizens; ++i) apps.push_back(Applied(i, offering));
  // The 20 confirmed cancel from 10 threads while 6 threads accept every
  // offer they see among the waitlisted.
  std::atomic<int> next_cancel{0};
  std::atomic<bool> cancelling{true};
  std::vector<std::thread> threads;
  for (int t = 0; t < 10; ++t) {
    threads.emplace_back([&] {
      for (int i = next_cancel++; i < kSeats; i = next_cancel++)
        EXPECT_TRUE(Cancel(As(apps[i].citizen()), apps[i]).ok());
    });
  }
  std::atomic<int> accepted{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      bool last_pass = false;
      while (!last_pass) {
        last_pass = !cancelling;
        for (int i = kSeats + t; i < kCitizens; i += 6) {
          if (Get(apps[i]).status() == v1::APPLICATION_STATUS_OFFERED &&
              Accept(apps[i]).ok()) {
            ++accepted;
          }
        }
      }
    });
  }
  for (int t = 0; t < 10; ++t) threads[t].join();
  cancelling = false;
  for (size_t t = 10; t < threads.size(); ++t) threads[t].join();

  EXPECT_EQ(accepted, kSeats);
  EXPECT_EQ(Count("SELECT (SELECT count(*) FROM {s}.applications WHERE status "
                  "= 'confirmed') || '/' || confirmed || '/' || waitlist_size "
                  "FROM {s}.offerings"),
            "20/20/20");
  // The 20 still waiting are ranked 1..20 in their order of applying.
  std::vector<std::string> waitlist =
      Listed(offering, v1::APPLICATION_STATUS_WAITLISTED);
  ASSERT_EQ(waitlist.size(), 20u);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(waitlist[i].substr(waitlist[i].find('@') + 1),
              std::to_string(i + 1));
  }
}

}  // namespace
}  // namespace lifelong::enrolment
