// Attendance against the real PostgreSQL: who may record it, completion
// with a certificate anyone can verify, the early flag, and no-show blocks.
#include "services/enrolment/enrolment_test_fixture.h"

namespace lifelong::enrolment {
namespace {

constexpr auto kPresent = v1::ATTENDANCE_MARK_PRESENT;
constexpr auto kAbsent = v1::ATTENDANCE_MARK_ABSENT;
constexpr auto kExcused = v1::ATTENDANCE_MARK_EXCUSED;

class AttendanceTest : public EnrolmentTest {
 protected:
  // Five weekly sessions; Kim and Lee hold seats; the clock is after the
  // last one.
  void SetUp() override {
    offering_ = Publish(Offering(1, 10, cv1::SELECTION_METHOD_FIRST_COME, 5));
    kim_ = Apply(Citizen(1), offering_, "kim")->application();
    lee_ = Apply(Citizen(2), offering_, "lee")->application();
    now_ = kNow + 6 * 7 * 86400;
  }

  absl::StatusOr<v1::RecordAttendanceResponse> Record(
      const common::Caller& who, const std::string& session,
      std::vector<std::pair<v1::Application, v1::AttendanceMark>> marks) {
    v1::RecordAttendanceRequest r;
    r.set_request_id("att-" + session + "-" + std::to_string(++calls_));
    r.set_offering(offering_);
    r.set_session_id(session);
    for (const auto& [a, mark] : marks) {
      v1::LearnerAttendance* m = r.add_marks();
      m->set_application(a.name());
      m->set_mark(mark);
    }
    return logic_.RecordAttendance(who, r);
  }

  std::string offering_;
  v1::Application kim_, lee_;
  int calls_ = 0;
};

TEST_F(AttendanceTest, OnlyTheInstructorRecordsStartedSessionsOfTheOffering) {
  EXPECT_EQ(Record(Staff(), "s1", {{kim_, kPresent}}).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      common::ReasonOf(Record(Instructor(), "s9", {{kim_, kPresent}}).status()),
      "SESSION_NOT_FOUND");
  now_ = kNow + 8 * 86400;  // after s1, before s2
  EXPECT_EQ(
      common::ReasonOf(Record(Instructor(), "s2", {{kim_, kPresent}}).status()),
      "SESSION_NOT_STARTED");
  absl::StatusOr<v1::RecordAttendanceResponse> bad =
      Record(Instructor(), "s1", {{kim_, kPresent}, {kim_, kAbsent}});
  EXPECT_EQ(common::FieldViolationsOf(bad.status())[0].field,
            "marks[1].application");
  EXPECT_EQ(Count("SELECT count(*) FROM {s}.attendance"), "0");
}

TEST_F(AttendanceTest, FourOfFiveCompletesWithAVerifiableCertificate) {
  std::vector<v1::AttendanceMark> kim = {kPresent, kPresent, kAbsent, kPresent,
                                         kPresent};
  absl::StatusOr<v1::RecordAttendanceResponse> last;
  for (int s = 0; s < 5; ++s) {
    last = Record(Instructor(), "s" + std::to_string(s + 1), {{kim_, kim[s]}});
    ASSERT_TRUE(last.ok()) << last.status();
    EXPECT_EQ(last->applications(0).status(),
              s < 4 ? v1::APPLICATION_STATUS_CONFIRMED
                    : v1::APPLICATION_STATUS_COMPLETED);
  }
  const v1::Application& done = last->applications(0);
  EXPECT_EQ(done.progress().required(), 4);
  EXPECT_EQ(done.progress().present(), 4);
  ASSERT_FALSE(done.certificate().empty());

  // Anyone may check the certificate; only the holder sees who holds it.
  v1::VerifyCertificateRequest verify;
  verify.set_name(done.certificate());
  absl::StatusOr<v1::VerifyCertificateResponse> anyone =
      logic_.VerifyCertificate(common::Caller{}, verify);
  ASSERT_TRUE(anyone.ok()) << anyone.status();
  EXPECT_EQ(anyone->certificate().offering(), offering_);
  EXPECT_EQ(anyone->certificate().sessions_attended(), 4);
  EXPECT_EQ(anyone->certificate().sessions_counted(), 5);
  EXPECT_TRUE(anyone->certificate().citizen().empty());
  EXPECT_EQ(logic_.VerifyCertificate(As(kim_.citizen()), verify)
                ->certificate()
                .citizen(),
            kim_.citizen());
  verify.set_name("certificates/" + Uuid(7, 7));
  EXPECT_EQ(logic_.VerifyCertificate(common::Caller{}, verify).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Events("CourseCompleted"), "1");
  EXPECT_EQ(Events("CertificateIssued"), "1");
  EXPECT_EQ(Events("AttendanceRecorded"), "5");
}

TEST_F(AttendanceTest, NoCertificateBeforeTheLastSessionHasEnded) {
  std::vector<v1::AttendanceMark> kim = {kPresent, kPresent, kAbsent, kPresent,
                                         kPresent};
  // Marks taken during each session: the last one 2 s after it started.
  absl::StatusOr<v1::RecordAttendanceResponse> last;
  for (int s = 0; s < 5; ++s) {
    now_ = kNow + (s + 1) * 7 * 86400 + 2;
    last = Record(Instructor(), "s" + std::to_string(s + 1), {{kim_, kim[s]}});
    ASSERT_TRUE(last.ok()) << last.status();
    EXPECT_EQ(last->applications(0).status(), v1::APPLICATION_STATUS_CONFIRMED);
  }
  EXPECT_TRUE(last->applications(0).certificate().empty());
  ASSERT_TRUE(logic_.RunDueWork().ok());
  EXPECT_EQ(Events("CertificateIssued"), "0");  // the course still runs
  // Once the last session (2 hours) has ended, the due work completes it.
  now_ = kNow + 5 * 7 * 86400 + 7200;
  absl::StatusOr<DueWork> due = logic_.RunDueWork();
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_EQ(due->offerings_ended, 1);
  EXPECT_EQ(Count("SELECT status FROM {s}.applications WHERE id = '" +
                  kim_.name().substr(13) + "'"),
            "completed");
  EXPECT_EQ(Events("CourseCompleted"), "1");
  EXPECT_EQ(Events("CertificateIssued"), "1");
  EXPECT_EQ(logic_.RunDueWork()->offerings_ended, 0);  // once
}

TEST_F(AttendanceTest, EarlyFlagAndNoShowBlockWithItsEndShown) {
  // Lee misses s1 and s2: 3 of 5 is below 80 %, flagged at once.
  ASSERT_TRUE(Record(Instructor(), "s1", {{lee_, kAbsent}}).ok());
  absl::StatusOr<v1::RecordAttendanceResponse> second =
      Record(Instructor(), "s2", {{lee_, kAbsent}});
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->applications(0).progress().can_still_complete());
  // An absence corrected to excused takes its strike back.
  ASSERT_TRUE(Record(Instructor(), "s2", {{lee_, kExcused}}).ok());
  v1::GetMyStandingResponse standing =
      *logic_.GetMyStanding(As(lee_.citizen()), {});
  EXPECT_EQ(standing.no_show_strikes(), 1);
  EXPECT_FALSE(standing.has_blocked_until());

  ASSERT_TRUE(Record(Instructor(), "s3", {{lee_, kAbsent}}).ok());
  ASSERT_TRUE(Record(Instructor(), "s4", {{lee_, kAbsent}}).ok());
  standing = *logic_.GetMyStanding(As(lee_.citizen()), {});
  EXPECT_EQ(standing.no_show_strikes(), 0);  // counted afresh after a block
  EXPECT_EQ(standing.blocked_until().seconds(), now_ + 30 * 86400);

  // Another offering, open now, its session ahead.
  cv1::Offering open = Offering(3, 10, cv1::SELECTION_METHOD_FIRST_COME);
  auto ahead = [&] {
    open.mutable_windows(0)->mutable_close_time()->set_seconds(now_ + 86400);
    open.mutable_sessions(0)->mutable_start_time()->set_seconds(now_ +
                                                                7 * 86400);
    open.mutable_sessions(0)->mutable_end_time()->set_seconds(now_ + 7 * 86400 +
                                                              7200);
  };
  ahead();
  Publish(open);
  EXPECT_EQ(
      common::ReasonOf(Apply(lee_.citizen(), open.name(), "blocked").status()),
      "REGISTRATION_BLOCKED");
  now_ = now_ + 31 * 86400;
  open.set_etag("v2");
  ahead();
  catalogue::events::v1::OfferingUpdated updated;
  *updated.mutable_offering() = open;
  Event(kCatalogueOfferingTopic, updated);
  EXPECT_TRUE(Apply(lee_.citizen(), open.name(), "after-block").ok());
}

}  // namespace
}  // namespace lifelong::enrolment
