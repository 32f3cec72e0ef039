// Attendance by the session's instructor, and what follows from it:
// progress against the completion threshold (progress.h), completion with a
// certificate (completion.h), and no-show strikes that block registration
// for a while (no_shows.h). The rules are those headers' pure decisions;
// this file loads their facts and writes what they decide.
#include <map>
#include <optional>
#include <set>

#include "common/errors.h"
#include "common/pg/idempotency.h"
#include "common/pg/transaction.h"
#include "common/resource_name.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "services/enrolment/citizen_store.h"
#include "services/enrolment/completion.h"
#include "services/enrolment/enrolment_service.h"
#include "services/enrolment/no_shows.h"
#include "services/enrolment/progress.h"

namespace lifelong::enrolment {
namespace {

using absl::StatusCode;
using common::Error;
namespace cv1 = lifelong::catalogue::v1;

constexpr int kMaxMarks = 500;

const char* MarkName(v1::AttendanceMark m) {
  switch (m) {
    case v1::ATTENDANCE_MARK_PRESENT:
      return "present";
    case v1::ATTENDANCE_MARK_LATE:
      return "late";
    case v1::ATTENDANCE_MARK_EXCUSED:
      return "excused";
    default:
      return "absent";
  }
}

v1::AttendanceMark MarkOf(const std::string& s) {
  if (s == "present") return v1::ATTENDANCE_MARK_PRESENT;
  if (s == "late") return v1::ATTENDANCE_MARK_LATE;
  if (s == "excused") return v1::ATTENDANCE_MARK_EXCUSED;
  return v1::ATTENDANCE_MARK_ABSENT;
}

// Under the application's row lock, so the previous mark read first is
// the one replaced.
constexpr char kPreviousMark[] =
    "SELECT mark FROM attendance WHERE application_id = $1 AND session_id = $2";
constexpr char kRecordMark[] = R"sql(
  INSERT INTO attendance (application_id, session_id, mark, recorded_by)
  VALUES ($1, $2, $3, $4)
  ON CONFLICT (application_id, session_id) DO UPDATE
    SET mark = EXCLUDED.mark, recorded_by = EXCLUDED.recorded_by,
        recorded_at = now())sql";

// Offerings whose last session ended and whose learners were not checked
// since; each is locked (SKIP LOCKED: replicas share the work).
constexpr char kDueForCompletion[] = R"sql(
  SELECT id::text FROM offerings
  WHERE completions_checked_at IS NULL
    AND last_session_end_at <= to_timestamp($1)
  ORDER BY last_session_end_at LIMIT 20)sql";
constexpr char kLockUnchecked[] = R"sql(
  SELECT 1 FROM offerings WHERE id = $1 AND completions_checked_at IS NULL
  FOR UPDATE SKIP LOCKED)sql";
constexpr char kConfirmedOf[] = R"sql(
  SELECT id::text, citizen_id::text FROM applications
  WHERE offering_id = $1 AND status = 'confirmed' FOR UPDATE)sql";

constexpr char kMarksOf[] =
    "SELECT session_id, mark FROM attendance WHERE application_id = $1";
constexpr char kIssueCertificate[] = R"sql(
  INSERT INTO certificates (application_id, body, issued_at)
  VALUES ($1, $2, to_timestamp($3)) RETURNING id::text)sql";

std::map<std::string, v1::AttendanceMark> MarksOf(
    pqxx::work& tx, const std::string& application_id) {
  std::map<std::string, v1::AttendanceMark> marks;
  for (const pqxx::row& row : tx.exec_params(kMarksOf, application_id))
    marks[row[0].as<std::string>()] = MarkOf(row[1].as<std::string>());
  return marks;
}

// Writes a completion that DecideCompletion decided (completion.h): the
// status, CourseCompleted, the certificate and CertificateIssued.
void Complete(pqxx::work& tx, const std::string& application_id,
              const std::string& offering_id, const CompletionDecision& d) {
  MarkCompleted(tx, application_id);
  v1::Application application = *LoadApplication(tx, application_id);
  events::v1::CourseCompleted completed;
  *completed.mutable_application() = application;
  *completed.mutable_application()->mutable_progress() = d.progress;
  Announce(tx, offering_id, completed);

  v1::Certificate certificate = d.certificate;
  std::string id =
      tx.exec_params(kIssueCertificate, application_id,
                     pqxx::binarystring(certificate.SerializeAsString()),
                     certificate.issue_time().seconds())[0][0]
          .as<std::string>();
  certificate.set_name("certificates/" + id);
  events::v1::CertificateIssued issued;
  *issued.mutable_certificate() = certificate;
  issued.set_application(application.name());
  Announce(tx, offering_id, issued);
}

}  // namespace

v1::Progress EnrolmentService::ProgressOf(pqxx::work& tx,
                                          const std::string& application_id,
                                          const cv1::Offering& offering) const {
  return enrolment::ProgressOf(CountedSessions(offering),
                               MarksOf(tx, application_id),
                               options_.completion_percent);
}

absl::StatusOr<v1::RecordAttendanceResponse> EnrolmentService::RecordAttendance(
    const common::Caller& caller, const v1::RecordAttendanceRequest& r) {
  common::FieldViolations v;
  common::ValidateRequestId(r.request_id(), v);
  std::string offering_id =
      common::UuidOf(r.offering(), "offerings", "offering", v);
  if (r.session_id().empty() || r.session_id().size() > 16)
    v.Add("session_id", "REQUIRED", "the catalogue's session id, \"s3\"");
  if (r.marks().empty() || r.marks_size() > kMaxMarks)
    v.Add("marks", "OUT_OF_RANGE", "1 to 500 learners");
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (int i = 0; i < r.marks_size() && i < kMaxMarks; ++i) {
    std::string field = "marks[" + std::to_string(i) + "]";
    ids.push_back(common::UuidOf(r.marks(i).application(), "applications",
                                 field + ".application", v));
    if (!ids.back().empty() && !seen.insert(ids.back()).second)
      v.Add(field + ".application", "DUPLICATE", "each learner once");
    if (r.marks(i).mark() == v1::ATTENDANCE_MARK_UNSPECIFIED ||
        !v1::AttendanceMark_IsValid(r.marks(i).mark())) {
      v.Add(field + ".mark", "REQUIRED", "PRESENT, LATE, EXCUSED or ABSENT");
    }
  }
  if (!v.empty()) return v.ToStatus();
  common::IdempotencyKey key{caller.account, "RecordAttendance", r.request_id(),
                             common::Fingerprint(r)};
  return common::InTransaction(pool_, [&](pqxx::work& tx) {
    return common::Idempotent<v1::RecordAttendanceResponse>(
        tx, key, [&]() -> absl::StatusOr<v1::RecordAttendanceResponse> {
          std::optional<cv1::Offering> offering =
              LoadOffering(tx, offering_id, false);
          if (!offering) return OfferingNotYetKnown(r.offering());
          if (offering->instructor().empty() ||
              caller.account != offering->instructor()) {
            return Error(StatusCode::kPermissionDenied, "NOT_INSTRUCTOR",
                         "only the offering's instructor records attendance");
          }
          const cv1::Session* session = nullptr;
          for (const cv1::Session& s : offering->sessions()) {
            if (s.session_id() == r.session_id()) session = &s;
          }
          if (session == nullptr) {
            return Error(
                StatusCode::kNotFound, "SESSION_NOT_FOUND",
                r.session_id() + " is not a session of " + r.offering());
          }
          if (session->state() == cv1::SESSION_STATE_CANCELLED) {
            return Error(StatusCode::kFailedPrecondition, "SESSION_CANCELLED",
                         r.session_id() + " was cancelled");
          }
          if (session->start_time().seconds() > options_.now()) {
            return Error(StatusCode::kFailedPrecondition, "SESSION_NOT_STARTED",
                         r.session_id() + " has not started yet");
          }
          v1::RecordAttendanceResponse response;
          for (size_t i = 0; i < ids.size(); ++i) {
            pqxx::result learner = tx.exec_params(
                "SELECT citizen_id::text, status FROM applications WHERE id = "
                "$1 AND offering_id = $2 AND status IN ('confirmed', "
                "'completed') FOR UPDATE",
                ids[i], offering_id);
            if (learner.empty()) {
              return Error(
                  StatusCode::kFailedPrecondition, "NOT_ENROLLED",
                  r.marks(i).application() + " holds no seat in this offering");
            }
            std::string citizen_id = learner[0][0].as<std::string>();
            v1::AttendanceMark mark = r.marks(i).mark();
            pqxx::result previous =
                tx.exec_params(kPreviousMark, ids[i], r.session_id());
            tx.exec_params(kRecordMark, ids[i], r.session_id(), MarkName(mark),
                           caller.account);
            // The decisions (no_shows.h, completion.h), then their writes.
            if (std::optional<int> strikes = LockStrikes(tx, citizen_id)) {
              NoShowFacts no_show;
              no_show.strikes = *strikes;
              if (!previous.empty())
                no_show.previous = MarkOf(previous[0][0].as<std::string>());
              no_show.mark = mark;
              no_show.limit = options_.no_show_strikes;
              no_show.block_days = options_.no_show_block_days;
              no_show.now = options_.now();
              if (std::optional<NoShowDecision> d = DecideNoShow(no_show)) {
                SetStrikes(tx, citizen_id, d->strikes, d->blocked_until);
              }
            }
            CompletionFacts facts;
            facts.status = StatusOf(learner[0][1].as<std::string>());
            facts.citizen = "citizens/" + citizen_id;
            facts.offering = &*offering;
            facts.marks = MarksOf(tx, ids[i]);
            facts.threshold_percent = options_.completion_percent;
            facts.now = options_.now();
            CompletionDecision completion = DecideCompletion(facts);
            const v1::Progress& progress = completion.progress;
            events::v1::AttendanceRecorded recorded;
            recorded.set_application("applications/" + ids[i]);
            recorded.set_offering(offering->name());
            recorded.set_session_id(r.session_id());
            recorded.set_mark(mark);
            recorded.set_recorded_by(caller.account);
            *recorded.mutable_progress() = progress;
            Announce(tx, offering_id, recorded);
            if (completion.completes)
              Complete(tx, ids[i], offering_id, completion);
            v1::Application* a = response.add_applications();
            *a = *LoadApplication(tx, ids[i]);
            *a->mutable_progress() = progress;
          }
          return response;
        });
  });
}

absl::StatusOr<int> EnrolmentService::CompleteEndedOfferings() {
  return ForEachDue(
      kDueForCompletion, [&](pqxx::work& tx, const pqxx::row& due) {
        std::string offering_id = due[0].as<std::string>();
        if (tx.exec_params(kLockUnchecked, offering_id).empty()) return false;
        std::optional<cv1::Offering> offering =
            LoadOffering(tx, offering_id, /*lock=*/false);
        for (const pqxx::row& row : tx.exec_params(kConfirmedOf, offering_id)) {
          std::string application_id = row[0].as<std::string>();
          CompletionFacts facts;
          facts.status = v1::APPLICATION_STATUS_CONFIRMED;  // as locked
          facts.citizen = "citizens/" + row[1].as<std::string>();
          facts.offering = &*offering;
          facts.marks = MarksOf(tx, application_id);
          facts.threshold_percent = options_.completion_percent;
          facts.now = options_.now();
          CompletionDecision completion = DecideCompletion(facts);
          if (completion.completes)
            Complete(tx, application_id, offering_id, completion);
        }
        tx.exec_params(
            "UPDATE offerings SET completions_checked_at = to_timestamp($2) "
            "WHERE id = $1",
            offering_id, options_.now());
        return true;
      });
}

absl::StatusOr<v1::VerifyCertificateResponse>
EnrolmentService::VerifyCertificate(const common::Caller& caller,
                                    const v1::VerifyCertificateRequest& r) {
  common::FieldViolations v;
  std::string id = common::UuidOf(r.name(), "certificates", "name", v);
  if (!v.empty()) return v.ToStatus();
  return common::InTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::VerifyCertificateResponse> {
        pqxx::result row =
            tx.exec_params("SELECT body FROM certificates WHERE id = $1", id);
        if (row.empty()) {
          return Error(StatusCode::kNotFound, "CERTIFICATE_NOT_FOUND",
                       r.name() + " was not issued here");
        }
        v1::VerifyCertificateResponse response;
        v1::Certificate* c = response.mutable_certificate();
        c->ParseFromString(pqxx::binarystring(row[0][0]).str());
        c->set_name(r.name());
        // The holder is named to themselves and to staff only.
        if (caller.account != c->citizen() && !IsStaff(caller))
          c->clear_citizen();
        return response;
      });
}

}  // namespace lifelong::enrolment
