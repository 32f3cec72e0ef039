// events_v2.h: every v1 event has a v2 twin of the same name, and every
// field a v1 event carries (the API's Application, Progress and Certificate
// included) is mapped to a v2 field of the same name holding the same value,
// or listed here as deliberately left out. The check walks the descriptors,
// so a field or event added to v1 later fails here until someone decides
// what v2 does with it.
#include "services/enrolment/events_v2.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/testing/every_field.h"

namespace lifelong::enrolment {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using testing::ExpectCarried;
using testing::FillEveryField;

// v1 fields that v2 leaves out on purpose (events_v2.h says why).
const std::set<std::string>& LeftOut() {
  static const auto* fields = new std::set<std::string>{
      "lifelong.enrolment.v1.Application.quota_group",
      "lifelong.enrolment.v1.Application.cancel_reason",
      "lifelong.enrolment.v1.Application.offering_summary",
      "lifelong.enrolment.events.v1.AttendanceRecorded.recorded_by",
  };
  return *fields;
}

// Every field filled, with who applied and who cancelled as v1 writes them
// (v2 makes them codes).
void FillEveryV1Field(Message* event) {
  FillEveryField(event);
  const FieldDescriptor* f =
      event->GetDescriptor()->FindFieldByName("application");
  if (f == nullptr || f->message_type() != v1::Application::descriptor()) {
    return;  // AttendanceRecorded names its application
  }
  auto* a = static_cast<v1::Application*>(
      event->GetReflection()->MutableMessage(event, f));
  a->set_applied_by("staff/3F2A0E1C-0000-4000-8000-00000000ABCD");
  a->set_cancelled_by("catalogue");
}

TEST(EnrolmentEventsV2, EveryV1EventHasATwinCarryingEveryFieldOrLeavingItOut) {
  const google::protobuf::FileDescriptor* file =
      events::v1::ApplicationSubmitted::descriptor()->file();
  int events_seen = 0;
  for (int i = 0; i < file->message_type_count(); ++i) {
    const Descriptor* d = file->message_type(i);
    if (d->name() == "ApplicationFee") continue;  // a part, not an event
    ++events_seen;
    std::unique_ptr<Message> v1_event(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(d)
            ->New());
    FillEveryV1Field(v1_event.get());
    std::unique_ptr<Message> v2 = EnrolmentEventV2(*v1_event);
    ASSERT_NE(v2, nullptr) << d->full_name() << " has no v2 twin";
    EXPECT_EQ(v2->GetDescriptor()->full_name(),
              "lifelong.enrolment.events.v2." + d->name());
    ExpectCarried(*v1_event, *v2, d->name(), LeftOut());
  }
  EXPECT_EQ(events_seen, 11);
}

TEST(EnrolmentEventsV2, NoPriorityGroupStaffIdOrFreeTextReachesV2) {
  events::v1::EnrolmentCancelled e;
  v1::Application* a = e.mutable_application();
  a->set_name("applications/3F2A0E1C-0000-4000-8000-00000000ABCD");
  a->set_applied_by("staff/11111111-0000-4000-8000-000000000001");
  a->set_cancelled_by("staff/22222222-0000-4000-8000-000000000002");
  a->set_cancel_reason("장애인 전형 취소 (010-1234-5678)");
  a->set_quota_group(catalogue::v1::PRIORITY_GROUP_DISABILITY);
  a->mutable_offering_summary()->set_centre("centres/misa");
  std::unique_ptr<google::protobuf::Message> v2 = EnrolmentEventV2(e);
  ASSERT_NE(v2, nullptr);
  std::string text = v2->DebugString();
  EXPECT_EQ(text.find("staff/"), std::string::npos) << text;
  EXPECT_EQ(text.find("010-1234-5678"), std::string::npos) << text;
  EXPECT_EQ(text.find("centres/misa"), std::string::npos) << text;
  EXPECT_EQ(text.find("DISABILITY"), std::string::npos) << text;
  auto* cancelled = static_cast<events::v2::EnrolmentCancelled*>(v2.get());
  EXPECT_EQ(cancelled->application().applied_by(),
            events::v2::APPLIED_BY_STAFF);
  EXPECT_EQ(cancelled->application().cancelled_by(),
            events::v2::CANCELLED_BY_STAFF);
  EXPECT_EQ(cancelled->application().name(),
            "applications/3f2a0e1c-0000-4000-8000-00000000abcd");
}

TEST(EnrolmentEventsV2, WhoAppliedAndWhoCancelledBecomeCodes) {
  EXPECT_EQ(AppliedByV2("citizens/3f2a0e1c-0000-4000-8000-00000000abcd"),
            events::v2::APPLIED_BY_CITIZEN);
  EXPECT_EQ(AppliedByV2("staff/3f2a0e1c-0000-4000-8000-00000000abcd"),
            events::v2::APPLIED_BY_STAFF);
  EXPECT_EQ(AppliedByV2(""), events::v2::APPLIED_BY_UNSPECIFIED);
  EXPECT_EQ(CancelledByV2("catalogue"), events::v2::CANCELLED_BY_CATALOGUE);
  EXPECT_EQ(CancelledByV2("citizens/x"), events::v2::CANCELLED_BY_CITIZEN);
  EXPECT_EQ(CancelledByV2("staff/x"), events::v2::CANCELLED_BY_STAFF);
  EXPECT_EQ(CancelledByV2(""), events::v2::CANCELLED_BY_UNSPECIFIED);
}

// v2's own enums keep v1's names and numbers, so a static_cast maps them.
TEST(EnrolmentEventsV2, EnumTwinsHaveTheSameValues) {
  std::vector<std::pair<const google::protobuf::EnumDescriptor*,
                        const google::protobuf::EnumDescriptor*>>
      twins = {
          {v1::ApplicationStatus_descriptor(),
           events::v2::ApplicationStatus_descriptor()},
          {v1::AttendanceMark_descriptor(),
           events::v2::AttendanceMark_descriptor()},
          {events::v1::FeeBasis_descriptor(),
           events::v2::FeeBasis_descriptor()},
          {events::v1::SeatOfferReason_descriptor(),
           events::v2::SeatOfferReason_descriptor()},
      };
  for (const auto& [old_enum, v2] : twins) {
    ASSERT_EQ(old_enum->value_count(), v2->value_count())
        << old_enum->full_name();
    for (int i = 0; i < old_enum->value_count(); ++i) {
      const auto* twin = v2->FindValueByNumber(old_enum->value(i)->number());
      ASSERT_NE(twin, nullptr) << old_enum->value(i)->full_name();
      EXPECT_EQ(twin->name(), old_enum->value(i)->name());
    }
  }
}

}  // namespace
}  // namespace lifelong::enrolment
