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

namespace lifelong::enrolment {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

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

// Sets every field of `m` (recursively, one element of each repeated field)
// to a value that is not the default; names carry an upper-case uuid.
void FillEveryField(Message* m, int depth = 0) {
  const Descriptor* d = m->GetDescriptor();
  const Reflection* r = m->GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    bool rep = f->is_repeated();
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (depth < 4)
          FillEveryField(rep ? r->AddMessage(m, f) : r->MutableMessage(m, f),
                         depth + 1);
        break;
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string v = "things/3F2A0E1C-0000-4000-8000-00000000ABCD";
        rep ? r->AddString(m, f, v) : r->SetString(m, f, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        const auto* e = f->enum_type();
        const auto* v = e->value(e->value_count() - 1);
        rep ? r->AddEnum(m, f, v) : r->SetEnum(m, f, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_BOOL:
        rep ? r->AddBool(m, f, true) : r->SetBool(m, f, true);
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        rep ? r->AddInt32(m, f, 7 + i) : r->SetInt32(m, f, 7 + i);
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        rep ? r->AddInt64(m, f, 1700000000 + i)
            : r->SetInt64(m, f, 1700000000 + i);
        break;
      default:
        ADD_FAILURE() << "no filler for " << f->full_name();
    }
  }
  // Who applied and who cancelled are codes in v2.
  if (d->full_name() == "lifelong.enrolment.v1.Application") {
    auto* a = static_cast<v1::Application*>(m);
    a->set_applied_by("staff/3F2A0E1C-0000-4000-8000-00000000ABCD");
    a->set_cancelled_by("catalogue");
  }
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(c));
  return s;
}

// Every field of `from` is left out, or `to` has a field of the same name
// holding the same value (strings may be made lower-case or become a code;
// enums keep their numbers; messages compared field by field).
void ExpectCarried(const Message& from, const Message& to,
                   const std::string& path) {
  const Descriptor* d = from.GetDescriptor();
  const Reflection* r = from.GetReflection();
  const Reflection* tr = to.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (LeftOut().count(f->full_name())) continue;
    std::string where = path + "." + f->name();
    const FieldDescriptor* t = to.GetDescriptor()->FindFieldByName(f->name());
    if (t == nullptr) {
      ADD_FAILURE() << f->full_name()
                    << " is neither in v2 (by the same name) nor in LeftOut()";
      continue;
    }
    ASSERT_FALSE(f->is_repeated()) << where << ": no repeated field expected";
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_MESSAGE:
        ASSERT_TRUE(tr->HasField(to, t)) << where << " not mapped";
        ExpectCarried(r->GetMessage(from, f), tr->GetMessage(to, t), where);
        break;
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string a = r->GetString(from, f);
        if (t->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
          EXPECT_NE(tr->GetEnumValue(to, t), 0) << where << " not mapped";
          break;
        }
        std::string b = tr->GetString(to, t);
        EXPECT_TRUE(b == a || b == Lower(a)) << where << ": " << b;
        break;
      }
      case FieldDescriptor::CPPTYPE_ENUM:
        EXPECT_EQ(tr->GetEnumValue(to, t), r->GetEnumValue(from, f)) << where;
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        EXPECT_EQ(tr->GetBool(to, t), r->GetBool(from, f)) << where;
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        EXPECT_EQ(tr->GetInt32(to, t), r->GetInt32(from, f)) << where;
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        EXPECT_EQ(tr->GetInt64(to, t), r->GetInt64(from, f)) << where;
        break;
      default:
        ADD_FAILURE() << "cannot compare " << where;
    }
  }
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
    FillEveryField(v1_event.get());
    std::unique_ptr<Message> v2 = EnrolmentEventV2(*v1_event);
    ASSERT_NE(v2, nullptr) << d->full_name() << " has no v2 twin";
    EXPECT_EQ(v2->GetDescriptor()->full_name(),
              "lifelong.enrolment.events.v2." + d->name());
    ExpectCarried(*v1_event, *v2, d->name());
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
