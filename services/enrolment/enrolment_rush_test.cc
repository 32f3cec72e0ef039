// The rush when a popular course opens, against the real PostgreSQL: 2,000
// distinct citizens apply at once to a first-come offering with 50 seats.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "services/enrolment/enrolment_test_fixture.h"

namespace lifelong::enrolment {
namespace {

TEST_F(EnrolmentTest, RushOf2000ForFiftySeatsGivesEachSeatOnce) {
  constexpr int kCitizens = 2000, kSeats = 50, kThreads = 32;
  std::vector<std::string> citizens;
  for (int i = 0; i < kCitizens; ++i) citizens.push_back(Citizen(i));
  for (int run = 0; run < 3; ++run) {
    std::string offering =
        Publish(run, kSeats, cv1::SELECTION_METHOD_FIRST_COME);
    std::atomic<int> next{0}, confirmed{0}, failed{0};
    std::vector<std::vector<int>> positions(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = next++; i < kCitizens; i = next++) {
          absl::StatusOr<v1::ApplyResponse> r =
              Apply(citizens[i], offering,
                    "rush-" + std::to_string(run) + "-" + std::to_string(i));
          if (!r.ok()) {
            ++failed;
          } else if (r->application().status() ==
                     v1::APPLICATION_STATUS_CONFIRMED) {
            ++confirmed;
          } else {
            positions[t].push_back(r->application().waitlist_position());
          }
        }
      });
    }
    for (auto& t : threads) t.join();
    std::set<int> waitlist;
    size_t waitlisted = 0;
    for (const auto& p : positions) {
      waitlist.insert(p.begin(), p.end());
      waitlisted += p.size();
    }
    EXPECT_EQ(failed, 0) << "run " << run;
    EXPECT_EQ(confirmed, kSeats) << "run " << run;
    EXPECT_EQ(waitlisted, static_cast<size_t>(kCitizens - kSeats));
    // Positions 1..1950, each once.
    EXPECT_EQ(waitlist.size(), static_cast<size_t>(kCitizens - kSeats));
    EXPECT_EQ(*waitlist.begin(), 1);
    EXPECT_EQ(*waitlist.rbegin(), kCitizens - kSeats);
    std::string id = offering.substr(10);
    EXPECT_EQ(
        Count("SELECT count(*) FROM {s}.applications WHERE offering_id = '" +
              id + "' AND status = 'confirmed'"),
        std::to_string(kSeats));
    EXPECT_EQ(
        Count("SELECT confirmed FROM {s}.offerings WHERE id = '" + id + "'"),
        std::to_string(kSeats));
  }
  // The events match the answers, for all three runs.
  auto events = [&](const std::string& type) { return Events(type); };
  EXPECT_EQ(events("ApplicationSubmitted"), std::to_string(3 * kCitizens));
  EXPECT_EQ(events("EnrolmentConfirmed"), std::to_string(3 * kSeats));
  EXPECT_EQ(events("Waitlisted"), std::to_string(3 * (kCitizens - kSeats)));
}

TEST_F(EnrolmentTest, RetriesDuplicatesAndRefusalsChangeNothing) {
  std::string offering = Publish(10, 2, cv1::SELECTION_METHOD_FIRST_COME);
  std::string kim = Citizen(1), lee = Citizen(2);
  absl::StatusOr<v1::ApplyResponse> first = Apply(kim, offering, "kim-1");
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<v1::ApplyResponse> retry = Apply(kim, offering, "kim-1");
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->application().name(), first->application().name());
  absl::StatusOr<v1::ApplyResponse> again = Apply(kim, offering, "kim-2");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(common::ReasonOf(again.status()), "ALREADY_APPLIED");

  std::string lottery = Publish(11, 2, cv1::SELECTION_METHOD_LOTTERY);
  absl::StatusOr<v1::ApplyResponse> entry = Apply(lee, lottery, "lee-1");
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ(entry->application().status(), v1::APPLICATION_STATUS_APPLIED);
  EXPECT_EQ(common::ReasonOf(
                Apply(lee, "offerings/" + Uuid(1, 99), "lee-2").status()),
            "OFFERING_NOT_YET_KNOWN");
  EXPECT_EQ(common::ReasonOf(
                Apply("citizens/" + Uuid(2, 999), offering, "x-1").status()),
            "CITIZEN_UNKNOWN");
  // Another citizen may not apply for Kim.
  v1::ApplyRequest for_kim;
  for_kim.set_request_id("lee-3");
  for_kim.set_offering(offering);
  for_kim.set_citizen(kim);
  EXPECT_EQ(logic_.Apply(As(lee), for_kim).status().code(),
            absl::StatusCode::kPermissionDenied);
  // Nothing of the refusals was written: one seat taken, one application
  // and one lottery entry.
  EXPECT_EQ(Count("SELECT count(*) FROM {s}.applications"), "2");
  EXPECT_EQ(Count("SELECT sum(confirmed) FROM {s}.offerings"), "1");
}

TEST_F(EnrolmentTest, PerPersonLimitHoldsEvenForApplicationsAtOnce) {
  // The default limit is 3 per group: one citizen applies to 6 offerings of
  // the same term at the same moment.
  std::string kim = Citizen(7);
  std::vector<std::string> offerings;
  for (int i = 0; i < 6; ++i) {
    offerings.push_back(Publish(30 + i, 10, cv1::SELECTION_METHOD_FIRST_COME, 1,
                                "2027-spring"));
  }
  std::string other_term =
      Publish(40, 10, cv1::SELECTION_METHOD_FIRST_COME, 1, "2027-autumn");
  std::atomic<int> accepted{0}, limited{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      absl::StatusOr<v1::ApplyResponse> r =
          Apply(kim, offerings[i], "limit-" + std::to_string(i));
      if (r.ok()) {
        ++accepted;
      } else if (common::ReasonOf(r.status()) == "LIMIT_REACHED") {
        ++limited;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted, 3);
  EXPECT_EQ(limited, 3);
  EXPECT_TRUE(Apply(kim, other_term, "limit-other").ok());  // another term
}

TEST_F(EnrolmentTest, OlderCatalogueEventsDoNotOverwriteNewerOnes) {
  std::string offering =
      Publish(20, 30, cv1::SELECTION_METHOD_FIRST_COME, /*version=*/5);
  Publish(20, 10, cv1::SELECTION_METHOD_FIRST_COME,
          /*version=*/3);  // late, older
  EXPECT_EQ(Count("SELECT capacity FROM {s}.offerings"), "30");
  Publish(20, 40, cv1::SELECTION_METHOD_FIRST_COME, /*version=*/6);
  EXPECT_EQ(Count("SELECT capacity FROM {s}.offerings"), "40");
}

}  // namespace
}  // namespace lifelong::enrolment
