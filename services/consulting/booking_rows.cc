#include "services/consulting/booking_rows.h"

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/outbox/outbox.h"

namespace lifelong::consulting {

const char kBookingColumns[] = R"sql(
  id::text, citizen_id::text, consultant_id::text, centre,
  session_type_id::text, status, EXTRACT(EPOCH FROM start_at)::bigint,
  EXTRACT(EPOCH FROM end_at)::bigint,
  COALESCE(EXTRACT(EPOCH FROM hold_expires_at)::bigint, 0), channel,
  intake_topics, intake_goals, intake_barriers, intake_language,
  consent_to_keep, consent_to_share, assignment_reason, assignment_detail,
  booked_by, COALESCE(rescheduled_from::text, ''),
  COALESCE(rescheduled_to::text, ''), cancelled_by, cancel_reason,
  reassign_reason, citizen_no_show, consultant_no_show,
  EXTRACT(EPOCH FROM created_at)::bigint, version,
  COALESCE(shared_with_centre, ''), occupancy,
  COALESCE(series_id::text, '') )sql";

BookingRow BookingRowOf(const pqxx::row& r) {
  BookingRow b;
  b.id = r[0].as<std::string>();
  b.citizen_id = r[1].as<std::string>();
  b.consultant_id = r[2].as<std::string>();
  b.centre = r[3].as<std::string>();
  b.session_type_id = r[4].as<std::string>();
  b.status = r[5].as<std::string>();
  b.start = r[6].as<int64_t>();
  b.end = r[7].as<int64_t>();
  b.hold_expires = r[8].as<int64_t>();
  b.channel = r[9].as<int>();
  b.topics = NumbersOf(r[10].as<std::string>());
  b.goals = r[11].as<std::string>();
  b.barriers = NumbersOf(r[12].as<std::string>());
  b.language = r[13].as<int>();
  b.consent_to_keep = r[14].as<bool>();
  b.consent_to_share = r[15].as<bool>();
  b.assignment_reason = r[16].as<int>();
  b.assignment_detail = r[17].as<std::string>();
  b.booked_by = r[18].as<std::string>();
  b.rescheduled_from = r[19].as<std::string>();
  b.rescheduled_to = r[20].as<std::string>();
  b.cancelled_by = r[21].as<std::string>();
  b.cancel_reason = r[22].as<std::string>();
  b.reassign_reason = r[23].as<std::string>();
  b.citizen_no_show = r[24].as<bool>();
  b.consultant_no_show = r[25].as<bool>();
  b.created = r[26].as<int64_t>();
  b.version = r[27].as<int>();
  b.shared_with_centre = r[28].as<std::string>();
  b.occupancy = r[29].as<std::string>();
  b.series_id = r[30].as<std::string>();
  return b;
}

namespace {

v1::BookingStatus StatusOf(const std::string& s) {
  if (s == "held") return v1::BOOKING_STATUS_HELD;
  if (s == "pending") return v1::BOOKING_STATUS_PENDING;
  if (s == "confirmed") return v1::BOOKING_STATUS_CONFIRMED;
  if (s == "rejected") return v1::BOOKING_STATUS_REJECTED;
  if (s == "cancelled") return v1::BOOKING_STATUS_CANCELLED;
  if (s == "completed") return v1::BOOKING_STATUS_COMPLETED;
  if (s == "expired") return v1::BOOKING_STATUS_EXPIRED;
  return v1::BOOKING_STATUS_UNSPECIFIED;
}

bool HasRoleIn(const common::Caller& caller, const std::string& centre) {
  return caller.HasIn(common::kRoleCentreStaff, "centres/" + centre) ||
         caller.HasIn(common::kRoleConsultant, "centres/" + centre);
}

}  // namespace

v1::Booking BookingOf(const BookingRow& b) {
  v1::Booking p;
  p.set_name("bookings/" + b.id);
  p.set_citizen("citizens/" + b.citizen_id);
  p.set_consultant("staff/" + b.consultant_id);
  p.set_centre("centres/" + b.centre);
  p.set_session_type("sessionTypes/" + b.session_type_id);
  p.set_status(StatusOf(b.status));
  p.mutable_start_time()->set_seconds(b.start);
  p.mutable_end_time()->set_seconds(b.end);
  if (b.status == "held") {
    p.mutable_hold_expire_time()->set_seconds(b.hold_expires);
  }
  p.set_channel(static_cast<v1::Channel>(b.channel));
  v1::Intake* intake = p.mutable_intake();
  for (int t : b.topics) intake->add_topics(static_cast<v1::Topic>(t));
  intake->set_goals(b.goals);
  for (int x : b.barriers) intake->add_barriers(static_cast<v1::Barrier>(x));
  intake->set_preferred_language(
      static_cast<lifelong::types::v1::Language>(b.language));
  intake->set_consent_to_keep(b.consent_to_keep);
  intake->set_consent_to_share(b.consent_to_share);
  p.set_assignment_reason(
      static_cast<v1::AssignmentReason>(b.assignment_reason));
  p.set_assignment_detail(b.assignment_detail);
  p.set_booked_by(b.booked_by);
  if (!b.rescheduled_from.empty()) {
    p.set_rescheduled_from("bookings/" + b.rescheduled_from);
  }
  if (!b.rescheduled_to.empty()) {
    p.set_rescheduled_to("bookings/" + b.rescheduled_to);
  }
  p.set_cancelled_by(b.cancelled_by);
  p.set_cancel_reason(b.cancel_reason);
  p.set_reassign_reason(b.reassign_reason);
  p.set_citizen_no_show(b.citizen_no_show);
  p.set_consultant_no_show(b.consultant_no_show);
  p.mutable_create_time()->set_seconds(b.created);
  p.set_etag("v" + std::to_string(b.version));
  if (!b.series_id.empty()) p.set_series("series/" + b.series_id);
  return p;
}

events::v1::BookingFacts FactsOf(const BookingRow& b) {
  events::v1::BookingFacts f;
  f.set_booking("bookings/" + b.id);
  f.set_citizen("citizens/" + b.citizen_id);
  f.set_consultant("staff/" + b.consultant_id);
  f.set_centre("centres/" + b.centre);
  f.set_session_type("sessionTypes/" + b.session_type_id);
  f.mutable_start_time()->set_seconds(b.start);
  f.mutable_end_time()->set_seconds(b.end);
  f.set_channel(static_cast<events::v1::Channel>(b.channel));
  for (int t : b.topics) f.add_topics(static_cast<events::v1::Topic>(t));
  f.set_language(static_cast<lifelong::types::v1::Language>(b.language));
  f.set_assignment_reason(
      static_cast<events::v1::AssignmentReason>(b.assignment_reason));
  return f;
}

std::optional<BookingRow> LoadBooking(pqxx::work& tx, const std::string& id,
                                      bool lock) {
  pqxx::result r = tx.exec_params(std::string("SELECT ") + kBookingColumns +
                                      " FROM bookings WHERE id = $1" +
                                      (lock ? " FOR UPDATE" : ""),
                                  id);
  if (r.empty()) return std::nullopt;
  return BookingRowOf(r[0]);
}

void Announce(pqxx::work& tx, const std::string& booking_id,
              const google::protobuf::Message& event) {
  // Keyed by the bare id, as every topic's aggregate is.
  common::AddToOutbox(
      tx, common::OutboxEvent::Of(kBookingTopic, booking_id, event));
}

std::vector<int> NumbersOf(const std::string& text) {
  std::vector<int> out;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    out.push_back(std::stoi(std::string(part)));
  }
  return out;
}

std::string TextOf(const std::vector<int>& numbers) {
  return absl::StrJoin(numbers, ",");
}

std::string CentreIdOf(const std::string& name) {
  static const std::string kPrefix = "centres/";
  if (name.compare(0, kPrefix.size(), kPrefix) != 0) return "";
  std::string id = name.substr(kPrefix.size());
  if (id.empty() || id.size() > 40) return "";
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return "";
    }
  }
  return id;
}

bool IsAdmin(const common::Caller& caller) {
  return caller.Has(common::kRoleAdmin);
}

bool WorksAt(const common::Caller& caller, const std::string& centre) {
  return IsAdmin(caller) || HasRoleIn(caller, centre);
}

std::string StaffIdOf(const common::Caller& caller) {
  static const std::string kPrefix = "staff/";
  if (caller.account.compare(0, kPrefix.size(), kPrefix) != 0) return "";
  return caller.account.substr(kPrefix.size());
}

bool MayManage(const common::Caller& caller, const BookingRow& row) {
  return WorksAt(caller, row.centre) || StaffIdOf(caller) == row.consultant_id;
}

bool MaySee(const common::Caller& caller, const BookingRow& row) {
  if (caller.account == "citizens/" + row.citizen_id) return true;
  if (MayManage(caller, row)) return true;
  bool other_centre_staff = caller.Has(common::kRoleCentreStaff) ||
                            caller.Has(common::kRoleConsultant);
  if (!other_centre_staff) return false;
  if (row.consent_to_share) return true;
  return !row.shared_with_centre.empty() &&
         HasRoleIn(caller, row.shared_with_centre);
}

}  // namespace lifelong::consulting
