// What every part of the consulting service shares about bookings in the
// database: one column list and its conversions (to the API's Booking, and
// to the events' BookingFacts, which leave out notes and intake text), who
// may see a booking, and one way to put a booking's event in the outbox.
//
//   pqxx::result r = tx.exec_params(
//       std::string("SELECT ") + kBookingColumns + " FROM bookings WHERE id =
//       $1", id);
//   BookingRow row = BookingRowOf(r[0]);
//   Announce(tx, row, event);   // keyed by the booking id
#pragma once

#include <google/protobuf/message.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/auth/caller.h"
#include "lifelong/consulting/events/v1/consulting_events.pb.h"
#include "lifelong/consulting/v1/consulting_service.pb.h"

namespace lifelong::consulting {

inline constexpr char kBookingTopic[] = "lifelong.consulting.booking.v1";

// "SELECT " + kBookingColumns + " FROM bookings WHERE ...".
extern const char kBookingColumns[];

struct BookingRow {
  std::string id;
  std::string citizen_id;
  std::string consultant_id;
  std::string centre;  // "misa"
  std::string session_type_id;
  std::string status;  // "held", "pending", ...
  int64_t start = 0;
  int64_t end = 0;
  int64_t hold_expires = 0;
  int channel = 0;
  std::vector<int> topics;
  std::string goals;
  std::vector<int> barriers;
  int language = 0;
  bool consent_to_keep = false;
  bool consent_to_share = false;
  int assignment_reason = 0;
  std::string assignment_detail;
  std::string booked_by;
  std::string rescheduled_from;
  std::string rescheduled_to;
  std::string cancelled_by;
  std::string cancel_reason;
  std::string reassign_reason;
  bool citizen_no_show = false;
  bool consultant_no_show = false;
  int64_t created = 0;
  int version = 0;
  std::string shared_with_centre;
  std::string occupancy;
  std::string series_id;

  bool active() const {
    return status == "held" || status == "pending" || status == "confirmed";
  }
  bool group() const { return occupancy != id; }
};

BookingRow BookingRowOf(const pqxx::row& row);
v1::Booking BookingOf(const BookingRow& row);
events::v1::BookingFacts FactsOf(const BookingRow& row);

// The booking with `id`, locked until commit when `lock`; nullopt if none.
std::optional<BookingRow> LoadBooking(pqxx::work& tx, const std::string& id,
                                      bool lock);

// Writes `event` to the outbox keyed by the booking id.
void Announce(pqxx::work& tx, const std::string& booking_id,
              const google::protobuf::Message& event);

// "1,2,3" <-> {1,2,3}.
std::vector<int> NumbersOf(const std::string& text);
std::string TextOf(const std::vector<int>& numbers);

// "centres/misa" -> "misa"; "" when the name is not a centre's.
std::string CentreIdOf(const std::string& name);
// Admin, or centre staff or a consultant of the centre ("misa").
bool WorksAt(const common::Caller& caller, const std::string& centre);
bool IsAdmin(const common::Caller& caller);
// The caller's own staff id ("staff/{uuid}" -> uuid), or "".
std::string StaffIdOf(const common::Caller& caller);
// The citizen, their booking's consultant, the booking centre's staff (and
// admin); other centres' staff once the citizen consented to share or the
// booking was reassigned from or to them.
bool MaySee(const common::Caller& caller, const BookingRow& row);
// Staff who may act on the booking: admin, its consultant, its centre's
// staff and consultants.
bool MayManage(const common::Caller& caller, const BookingRow& row);

}  // namespace lifelong::consulting
