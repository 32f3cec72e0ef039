// The catalogue's side of "open for application now": the facts it builds
// from an offering (application_open.h) answer every shared case as the
// enrolment service's Apply does (services/enrolment/eligibility_test.cc).
#include "services/catalogue/application_open.h"

#include <gtest/gtest.h>

#include "common/testing/application_open_cases.h"

namespace lifelong::catalogue {
namespace {

constexpr int64_t kBase = 1803913200;

v1::Offering FromCase(const testing::ApplicationOpenCase& c,
                      v1::OfferingState published_as) {
  v1::Offering o;
  o.set_state(c.published ? published_as : v1::OFFERING_STATE_CANCELLED);
  v1::ApplicationWindow* w = o.add_windows();
  w->set_audience(v1::WINDOW_AUDIENCE_EVERYONE);
  w->mutable_open_time()->set_seconds(kBase + c.window_open);
  w->mutable_close_time()->set_seconds(kBase + c.window_close);
  for (size_t i = 0; i < c.sessions.size(); ++i) {
    v1::Session* s = o.add_sessions();
    s->mutable_start_time()->set_seconds(kBase + c.sessions[i].first);
    s->mutable_end_time()->set_seconds(kBase + c.sessions[i].second);
    s->set_state(c.last_session_cancelled && i + 1 == c.sessions.size()
                     ? v1::SESSION_STATE_CANCELLED
                     : v1::SESSION_STATE_SCHEDULED);
  }
  return o;
}

TEST(ApplicationOpenTest, EverySharedCase) {
  for (const testing::ApplicationOpenCase& c :
       testing::ApplicationOpenCases()) {
    // Stored (PUBLISHED) and as presented while it runs (RUNNING).
    for (v1::OfferingState as :
         {v1::OFFERING_STATE_PUBLISHED, v1::OFFERING_STATE_RUNNING}) {
      EXPECT_EQ(
          common::ApplicationsOpen(ScheduleOf(FromCase(c, as)), kBase + c.now),
          c.open)
          << c.name << " (" << v1::OfferingState_Name(as) << ")";
    }
  }
}

TEST(ApplicationOpenTest, WhyClosed) {
  common::OfferingSchedule s{true, {{10, 20}}, 30};
  EXPECT_EQ(common::OpennessAt(s, 9), common::Openness::kOutsideWindow);
  EXPECT_EQ(common::OpennessAt(s, 10), common::Openness::kOpen);
  EXPECT_EQ(common::OpennessAt(s, 30), common::Openness::kEnded);
  s.published = false;
  EXPECT_EQ(common::OpennessAt(s, 15), common::Openness::kNotPublished);
  // No sessions: the windows alone decide.
  common::OfferingSchedule none{true, {{10, 20}}, 0};
  EXPECT_TRUE(common::ApplicationsOpen(none, 19));
}

}  // namespace
}  // namespace lifelong::catalogue
