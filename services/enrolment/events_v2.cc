#include "services/enrolment/events_v2.h"

#include <functional>
#include <map>

#include "common/resource_name.h"

namespace lifelong::enrolment {
namespace {

namespace ev1 = events::v1;
namespace ev2 = events::v2;
using google::protobuf::Message;

bool StartsWith(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

template <typename To, typename From>
To ApplicationEvent(const From& e) {
  To out;
  if (e.has_application())
    *out.mutable_application() = ApplicationV2(e.application());
  if (e.has_fee()) *out.mutable_fee() = FeeV2(e.fee());
  return out;
}

ev2::ApplicationSubmitted Map(const ev1::ApplicationSubmitted& e) {
  return ApplicationEvent<ev2::ApplicationSubmitted>(e);
}
ev2::EnrolmentConfirmed Map(const ev1::EnrolmentConfirmed& e) {
  auto out = ApplicationEvent<ev2::EnrolmentConfirmed>(e);
  out.set_confirmed_count(e.confirmed_count());
  out.set_capacity(e.capacity());
  return out;
}
ev2::Waitlisted Map(const ev1::Waitlisted& e) {
  auto out = ApplicationEvent<ev2::Waitlisted>(e);
  out.set_queue_position(e.queue_position());
  return out;
}
ev2::SeatOffered Map(const ev1::SeatOffered& e) {
  auto out = ApplicationEvent<ev2::SeatOffered>(e);
  out.set_reason(static_cast<ev2::SeatOfferReason>(e.reason()));
  return out;
}
ev2::SeatOfferExpired Map(const ev1::SeatOfferExpired& e) {
  return ApplicationEvent<ev2::SeatOfferExpired>(e);
}
ev2::EnrolmentCancelled Map(const ev1::EnrolmentCancelled& e) {
  auto out = ApplicationEvent<ev2::EnrolmentCancelled>(e);
  out.set_seat_freed(e.seat_freed());
  return out;
}
ev2::CourseCompleted Map(const ev1::CourseCompleted& e) {
  return ApplicationEvent<ev2::CourseCompleted>(e);
}
ev2::LotteryDrawn Map(const ev1::LotteryDrawn& e) {
  ev2::LotteryDrawn out;
  out.set_offering(common::CanonicalName(e.offering()));
  out.set_seed_sha256(e.seed_sha256());
  out.set_seed(e.seed());
  out.set_seats(e.seats());
  out.set_entries(e.entries());
  out.set_seated(e.seated());
  out.set_waitlisted(e.waitlisted());
  return out;
}
ev2::OfferingUndersubscribed Map(const ev1::OfferingUndersubscribed& e) {
  ev2::OfferingUndersubscribed out;
  out.set_offering(common::CanonicalName(e.offering()));
  out.set_confirmed_count(e.confirmed_count());
  out.set_min_enrolment(e.min_enrolment());
  return out;
}
ev2::AttendanceRecorded Map(const ev1::AttendanceRecorded& e) {
  ev2::AttendanceRecorded out;  // recorded_by: a staff id, left out
  out.set_application(common::CanonicalName(e.application()));
  out.set_offering(common::CanonicalName(e.offering()));
  out.set_session_id(e.session_id());
  out.set_mark(static_cast<ev2::AttendanceMark>(e.mark()));
  if (e.has_progress()) *out.mutable_progress() = ProgressV2(e.progress());
  return out;
}
ev2::CertificateIssued Map(const ev1::CertificateIssued& e) {
  ev2::CertificateIssued out;
  if (e.has_certificate())
    *out.mutable_certificate() = CertificateV2(e.certificate());
  out.set_application(common::CanonicalName(e.application()));
  return out;
}

// One entry per v1 event type: parse it as its C++ type, map it.
template <typename V1>
std::pair<const std::string,
          std::function<std::unique_ptr<Message>(const Message&)>>
Entry() {
  return {V1::descriptor()->full_name(), [](const Message& m) {
            V1 typed;
            if (const auto* same = dynamic_cast<const V1*>(&m)) {
              typed = *same;
            } else {
              typed.ParseFromString(m.SerializeAsString());
            }
            auto out = Map(typed);
            return std::unique_ptr<Message>(new decltype(out)(std::move(out)));
          }};
}

}  // namespace

ev2::AppliedBy AppliedByV2(const std::string& applied_by) {
  if (StartsWith(applied_by, "staff/")) return ev2::APPLIED_BY_STAFF;
  if (StartsWith(applied_by, "citizens/")) return ev2::APPLIED_BY_CITIZEN;
  return ev2::APPLIED_BY_UNSPECIFIED;
}

ev2::CancelledBy CancelledByV2(const std::string& cancelled_by) {
  if (StartsWith(cancelled_by, "staff/")) return ev2::CANCELLED_BY_STAFF;
  if (StartsWith(cancelled_by, "citizens/")) return ev2::CANCELLED_BY_CITIZEN;
  if (cancelled_by == "catalogue") return ev2::CANCELLED_BY_CATALOGUE;
  return ev2::CANCELLED_BY_UNSPECIFIED;
}

ev2::Progress ProgressV2(const v1::Progress& p) {
  ev2::Progress out;
  out.set_sessions(p.sessions());
  out.set_present(p.present());
  out.set_late(p.late());
  out.set_excused(p.excused());
  out.set_absent(p.absent());
  out.set_required(p.required());
  out.set_can_still_complete(p.can_still_complete());
  return out;
}

ev2::ApplicationFee FeeV2(const ev1::ApplicationFee& f) {
  ev2::ApplicationFee out;
  out.set_amount_krw(f.amount_krw());
  out.set_list_price_krw(f.list_price_krw());
  out.set_basis(static_cast<ev2::FeeBasis>(f.basis()));
  out.set_discount_percent(f.discount_percent());
  return out;
}

ev2::Application ApplicationV2(const v1::Application& a) {
  // quota_group, cancel_reason, offering_summary: left out (events_v2.h).
  ev2::Application out;
  out.set_name(common::CanonicalName(a.name()));
  out.set_offering(common::CanonicalName(a.offering()));
  out.set_citizen(common::CanonicalName(a.citizen()));
  out.set_status(static_cast<ev2::ApplicationStatus>(a.status()));
  out.set_waitlist_position(a.waitlist_position());
  out.set_applied_by(AppliedByV2(a.applied_by()));
  if (a.has_create_time()) *out.mutable_create_time() = a.create_time();
  if (a.has_offer_expire_time())
    *out.mutable_offer_expire_time() = a.offer_expire_time();
  out.set_cancelled_by(CancelledByV2(a.cancelled_by()));
  if (a.has_progress()) *out.mutable_progress() = ProgressV2(a.progress());
  out.set_certificate(common::CanonicalName(a.certificate()));
  return out;
}

ev2::Certificate CertificateV2(const v1::Certificate& c) {
  ev2::Certificate out;
  out.set_name(common::CanonicalName(c.name()));
  out.set_offering(common::CanonicalName(c.offering()));
  if (c.has_title()) {
    out.mutable_title()->set_ko(c.title().ko());
    out.mutable_title()->set_en(c.title().en());
  }
  out.set_centre(c.centre());
  out.set_term(c.term());
  out.set_sessions_attended(c.sessions_attended());
  out.set_sessions_counted(c.sessions_counted());
  if (c.has_issue_time()) *out.mutable_issue_time() = c.issue_time();
  out.set_citizen(common::CanonicalName(c.citizen()));
  return out;
}

std::unique_ptr<Message> EnrolmentEventV2(const Message& v1_event) {
  static const auto* mappings = new std::map<
      std::string, std::function<std::unique_ptr<Message>(const Message&)>>{
      Entry<ev1::ApplicationSubmitted>(), Entry<ev1::EnrolmentConfirmed>(),
      Entry<ev1::Waitlisted>(),           Entry<ev1::SeatOffered>(),
      Entry<ev1::SeatOfferExpired>(),     Entry<ev1::EnrolmentCancelled>(),
      Entry<ev1::LotteryDrawn>(),         Entry<ev1::OfferingUndersubscribed>(),
      Entry<ev1::AttendanceRecorded>(),   Entry<ev1::CourseCompleted>(),
      Entry<ev1::CertificateIssued>(),
  };
  auto it = mappings->find(v1_event.GetDescriptor()->full_name());
  if (it == mappings->end()) return nullptr;
  return it->second(v1_event);
}

}  // namespace lifelong::enrolment
