#include "services/community/event_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lifelong::community {
namespace {

namespace v1 = lifelong::community::v1;

v1::Event Single() {
  v1::Event e;
  e.set_kind(v1::EVENT_KIND_SINGLE);
  e.set_type(v1::EVENT_TYPE_MEETING);
  e.mutable_title()->set_ko("미사호수 독서모임");
  e.mutable_start_time()->set_seconds(2000);
  e.mutable_end_time()->set_seconds(5600);
  v1::Registration* g = e.mutable_registration();
  g->mutable_open_time()->set_seconds(100);
  g->mutable_close_time()->set_seconds(1900);
  g->set_capacity(20);
  g->set_waitlist_capacity(10);
  return e;
}

std::vector<std::string> Fields(const v1::Event& e) {
  common::FieldViolations v;
  ValidateEventFields(e, v);
  std::vector<std::string> out;
  for (const auto& f : v.violations()) out.push_back(f.field + ":" + f.reason);
  return out;
}

TEST(EventValidationTest, AGoodSingleEvent) {
  EXPECT_TRUE(Fields(Single()).empty());
}

TEST(EventValidationTest, RequiredFields) {
  v1::Event e;
  EXPECT_THAT(Fields(e), ::testing::IsSupersetOf({"event.kind:REQUIRED",
                                                  "event.type:REQUIRED",
                                                  "event.title.ko:REQUIRED"}));
  e = Single();
  e.clear_start_time();
  EXPECT_THAT(Fields(e), ::testing::ElementsAre("event.start_time:REQUIRED"));
  e = Single();
  e.mutable_end_time()->set_seconds(2000);
  EXPECT_THAT(Fields(e),
              ::testing::ElementsAre("event.end_time:INVALID_RANGE"));
}

TEST(EventValidationTest, Registration) {
  v1::Event e = Single();
  e.mutable_registration()->set_capacity(0);
  e.mutable_registration()->set_max_group_size(21);
  e.mutable_registration()->set_min_age(70);
  e.mutable_registration()->set_max_age(60);
  e.mutable_registration()->mutable_close_time()->set_seconds(50);
  EXPECT_THAT(Fields(e), ::testing::UnorderedElementsAre(
                             "event.registration.capacity:OUT_OF_RANGE",
                             "event.registration.max_group_size:OUT_OF_RANGE",
                             "event.registration.min_age:INVALID_RANGE",
                             "event.registration.close_time:INVALID_RANGE"));
  e = Single();
  e.mutable_registration()->set_min_attendance(21);
  EXPECT_THAT(Fields(e), ::testing::ElementsAre(
                             "event.registration.min_attendance:OUT_OF_RANGE"));
}

TEST(EventValidationTest, UmbrellasTakeNoRegistrationOnlySeriesRecur) {
  v1::Event e = Single();
  e.set_kind(v1::EVENT_KIND_UMBRELLA);
  e.mutable_recurrence()->set_rrule("FREQ=DAILY;COUNT=2");
  EXPECT_THAT(Fields(e),
              ::testing::UnorderedElementsAre("event.registration:NOT_ALLOWED",
                                              "event.recurrence:NOT_ALLOWED"));
}

TEST(EventValidationTest, TextLimitsCountCharacters) {
  v1::Event e = Single();
  std::string title;
  for (int i = 0; i < 200; ++i) title += "마";
  e.mutable_title()->set_ko(title);
  EXPECT_TRUE(Fields(e).empty());
  e.mutable_title()->set_ko(title + "을");
  EXPECT_THAT(Fields(e), ::testing::ElementsAre("event.title.ko:TOO_LONG"));
  e = Single();
  e.set_online_url("http://example.org");
  EXPECT_THAT(Fields(e),
              ::testing::ElementsAre("event.online_url:INVALID_FORMAT"));
}

}  // namespace
}  // namespace lifelong::community
