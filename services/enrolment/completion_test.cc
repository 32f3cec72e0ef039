#include "services/enrolment/completion.h"

#include <gmock/gmock.h>

namespace lifelong::enrolment {
namespace {

using ::testing::ElementsAre;
namespace cv1 = lifelong::catalogue::v1;
constexpr int64_t kNow = 1800000000;
constexpr int64_t kWeek = 7 * 86400;
constexpr auto kPresent = v1::ATTENDANCE_MARK_PRESENT;
constexpr auto kLate = v1::ATTENDANCE_MARK_LATE;
constexpr auto kExcused = v1::ATTENDANCE_MARK_EXCUSED;
constexpr auto kAbsent = v1::ATTENDANCE_MARK_ABSENT;

// Five weekly two-hour sessions, s1 to s5, the first at kNow.
cv1::Offering FiveWeeks() {
  cv1::Offering o;
  o.set_name("offerings/1");
  o.mutable_title()->set_ko("스마트폰 교실");
  o.set_centre("centres/misa");
  o.set_term("2027-spring");
  for (int i = 0; i < 5; ++i) {
    cv1::Session* s = o.add_sessions();
    s->set_session_id("s" + std::to_string(i + 1));
    s->set_state(cv1::SESSION_STATE_SCHEDULED);
    s->mutable_start_time()->set_seconds(kNow + i * kWeek);
    s->mutable_end_time()->set_seconds(kNow + i * kWeek + 7200);
  }
  return o;
}

constexpr int64_t kLastEnd = kNow + 4 * kWeek + 7200;

class CompletionTest : public ::testing::Test {
 protected:
  CompletionTest() {
    facts_.status = v1::APPLICATION_STATUS_CONFIRMED;
    facts_.citizen = "citizens/kim";
    facts_.offering = &offering_;
    facts_.marks = {{"s1", kPresent},
                    {"s2", kPresent},
                    {"s3", kLate},
                    {"s4", kAbsent},
                    {"s5", kPresent}};
    facts_.threshold_percent = 80;
    facts_.now = kLastEnd;
  }

  cv1::Offering offering_ = FiveWeeks();
  CompletionFacts facts_;
};

TEST_F(CompletionTest, FourOfFiveCompletesWithItsCertificate) {
  CompletionDecision d = DecideCompletion(facts_);
  EXPECT_TRUE(d.completes);
  EXPECT_EQ(d.progress.sessions(), 5);
  EXPECT_EQ(d.progress.required(), 4);
  const v1::Certificate& c = d.certificate;
  EXPECT_EQ(c.name(), "");  // given when stored
  EXPECT_EQ(c.offering(), "offerings/1");
  EXPECT_EQ(c.title().ko(), "스마트폰 교실");
  EXPECT_EQ(c.centre(), "centres/misa");
  EXPECT_EQ(c.term(), "2027-spring");
  EXPECT_EQ(c.sessions_attended(), 4);  // present and late
  EXPECT_EQ(c.sessions_counted(), 5);
  EXPECT_EQ(c.issue_time().seconds(), kLastEnd);
  EXPECT_EQ(c.citizen(), "citizens/kim");
}

TEST_F(CompletionTest, NotBeforeTheLastCountedSessionHasEnded) {
  facts_.now = kLastEnd - 1;
  CompletionDecision d = DecideCompletion(facts_);
  EXPECT_FALSE(d.completes);
  EXPECT_FALSE(d.certificate.has_issue_time());
  EXPECT_EQ(d.progress.present(), 3);  // progress is still shown
  // A cancelled last session no longer counts: the course ended earlier.
  // (Its mark no longer counts either: 3 of 4 is below the 4 required.)
  offering_.mutable_sessions(4)->set_state(cv1::SESSION_STATE_CANCELLED);
  facts_.now = kNow + 3 * kWeek + 7200;
  EXPECT_FALSE(DecideCompletion(facts_).completes);
  facts_.marks["s4"] = kPresent;
  d = DecideCompletion(facts_);
  EXPECT_TRUE(d.completes);
  EXPECT_EQ(d.certificate.sessions_counted(), 4);
  EXPECT_EQ(d.certificate.sessions_attended(), 4);
}

TEST_F(CompletionTest, BelowTheThresholdOrUnmarkedDoesNotComplete) {
  facts_.marks["s5"] = kAbsent;  // 3 of 5 < 4
  EXPECT_FALSE(DecideCompletion(facts_).completes);
  facts_.marks.erase("s5");  // 3 of 4 marked: not every session marked
  EXPECT_FALSE(DecideCompletion(facts_).completes);
}

TEST_F(CompletionTest, ExcusedSessionsAreNotCounted) {
  facts_.marks["s4"] = kExcused;
  facts_.marks["s5"] = kExcused;  // 3 attended of 3 counted
  CompletionDecision d = DecideCompletion(facts_);
  EXPECT_TRUE(d.completes);
  EXPECT_EQ(d.certificate.sessions_counted(), 3);
  EXPECT_EQ(d.certificate.sessions_attended(), 3);
}

TEST_F(CompletionTest, OnlyAConfirmedLearnerCompletesAndOnlyOnce) {
  for (v1::ApplicationStatus other :
       {v1::APPLICATION_STATUS_COMPLETED, v1::APPLICATION_STATUS_CANCELLED,
        v1::APPLICATION_STATUS_WAITLISTED, v1::APPLICATION_STATUS_OFFERED}) {
    facts_.status = other;
    CompletionDecision d = DecideCompletion(facts_);
    EXPECT_FALSE(d.completes) << other;
    EXPECT_TRUE(d.progress.present() > 0);
  }
}

TEST_F(CompletionTest, AnOfferingWithoutCountedSessionsNeverCompletes) {
  for (cv1::Session& s : *offering_.mutable_sessions())
    s.set_state(cv1::SESSION_STATE_CANCELLED);
  EXPECT_FALSE(DecideCompletion(facts_).completes);
}

TEST_F(CompletionTest, CountedSessionsLeaveOutCancelledOnes) {
  offering_.mutable_sessions(1)->set_state(cv1::SESSION_STATE_CANCELLED);
  EXPECT_THAT(CountedSessions(offering_), ElementsAre("s1", "s3", "s4", "s5"));
}

}  // namespace
}  // namespace lifelong::enrolment
