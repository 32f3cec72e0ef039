#include "services/enrolment/completion.h"

#include "services/enrolment/progress.h"

namespace lifelong::enrolment {

namespace cv1 = lifelong::catalogue::v1;

std::vector<std::string> CountedSessions(const cv1::Offering& offering) {
  std::vector<std::string> counted;
  for (const cv1::Session& s : offering.sessions()) {
    if (s.state() != cv1::SESSION_STATE_CANCELLED)
      counted.push_back(s.session_id());
  }
  return counted;
}

CompletionDecision DecideCompletion(const CompletionFacts& f) {
  const cv1::Offering& offering = *f.offering;
  CompletionDecision d;
  d.progress =
      ProgressOf(CountedSessions(offering), f.marks, f.threshold_percent);
  d.completes = f.status == v1::APPLICATION_STATUS_CONFIRMED &&
                CompletesAt(d.progress, LastSessionEnd(offering), f.now);
  if (!d.completes) return d;
  v1::Certificate& c = d.certificate;
  c.set_offering(offering.name());
  *c.mutable_title() = offering.title();
  c.set_centre(offering.centre());
  c.set_term(offering.term());
  c.set_sessions_attended(d.progress.present() + d.progress.late());
  c.set_sessions_counted(d.progress.sessions() - d.progress.excused());
  c.mutable_issue_time()->set_seconds(f.now);
  c.set_citizen(f.citizen);
  return d;
}

}  // namespace lifelong::enrolment
