// Whether a learner completes (수료) and the certificate they are issued:
// a pure function of the facts attendance.cc loads (the application's
// status as of its row lock, the offering as enrolment knows it, the
// learner's marks, the threshold, the time). The transaction then writes
// what it says: COMPLETED, CourseCompleted, the certificate and
// CertificateIssued.
//
//   CompletionFacts facts{status, citizen, &offering, marks, 80, now};
//   CompletionDecision d = DecideCompletion(facts);
//   if (d.completes) { /* store d.certificate, announce */ }
//
// The rule: a CONFIRMED learner completes when their progress is complete
// (progress.h: every counted session marked, present or late at least the
// threshold of the sessions not excused) and the offering's last counted
// session has ended (CompletesAt); a certificate is never issued while the
// course still runs, nor twice (a completed learner is not CONFIRMED).
// The certificate names the offering, its title, centre and term, the
// sessions attended (present + late) out of those counted (scheduled -
// excused), the holder and the time of issue; its name is given when it
// is stored.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "lifelong/catalogue/v1/catalogue_service.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.pb.h"

namespace lifelong::enrolment {

struct CompletionFacts {
  v1::ApplicationStatus status = v1::APPLICATION_STATUS_UNSPECIFIED;
  std::string citizen;  // "citizens/{uuid}", the certificate's holder
  const catalogue::v1::Offering* offering = nullptr;  // never nullptr
  std::map<std::string, v1::AttendanceMark> marks;    // by session id
  int threshold_percent = 80;                         // 1 to 100
  int64_t now = 0;                                    // UTC seconds
};

struct CompletionDecision {
  v1::Progress progress;  // always
  bool completes = false;
  v1::Certificate certificate;  // when `completes`; without a name
};

// The offering's counted sessions (not cancelled), in its order.
std::vector<std::string> CountedSessions(
    const catalogue::v1::Offering& offering);

CompletionDecision DecideCompletion(const CompletionFacts& facts);

}  // namespace lifelong::enrolment
