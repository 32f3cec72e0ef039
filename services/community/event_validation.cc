#include "services/community/event_validation.h"

namespace lifelong::community {
namespace {

namespace v1 = lifelong::community::v1;

// Limits are in characters; Korean takes three bytes a character in UTF-8.
size_t Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void Text(const std::string& value, const std::string& field, size_t max,
          common::FieldViolations& v) {
  if (Chars(value) > max) {
    v.Add(field, "TOO_LONG", "at most " + std::to_string(max) + " characters");
  }
}

}  // namespace

void ValidateEventTexts(const v1::Event& e, common::FieldViolations& v) {
  Text(e.title().ko(), "event.title.ko", 200, v);
  Text(e.title().en(), "event.title.en", 200, v);
  Text(e.description().ko(), "event.description.ko", 4000, v);
  Text(e.description().en(), "event.description.en", 4000, v);
  Text(e.place(), "event.place", 200, v);
  Text(e.district(), "event.district", 40, v);
  Text(e.audience_note(), "event.audience_note", 500, v);
  Text(e.accessibility_note(), "event.accessibility_note", 500, v);
  if (!e.online_url().empty() && (e.online_url().rfind("https://", 0) != 0 ||
                                  e.online_url().size() > 500)) {
    v.Add("event.online_url", "INVALID_FORMAT", "an https URL");
  }
}

void ValidateRegistration(const v1::Registration& g, const std::string& f,
                          common::FieldViolations& v) {
  if (g.open_time().seconds() <= 0 || g.close_time().seconds() <= 0) {
    v.Add(f + ".open_time", "REQUIRED", "the window's open and close times");
  } else if (g.close_time().seconds() <= g.open_time().seconds()) {
    v.Add(f + ".close_time", "INVALID_RANGE", "close after open");
  }
  if (g.capacity() < 1 || g.capacity() > 100000) {
    v.Add(f + ".capacity", "OUT_OF_RANGE", "1 to 100000 people");
  }
  if (g.waitlist_capacity() < 0 || g.waitlist_capacity() > 100000) {
    v.Add(f + ".waitlist_capacity", "OUT_OF_RANGE", "0 to 100000 people");
  }
  if (g.max_group_size() < 0 || g.max_group_size() > 20) {
    v.Add(f + ".max_group_size", "OUT_OF_RANGE", "1 to 20 (0: 1)");
  }
  if (g.min_age() < 0 || g.min_age() > 120 || g.max_age() < 0 ||
      g.max_age() > 120 || (g.max_age() != 0 && g.min_age() > g.max_age())) {
    v.Add(f + ".min_age", "INVALID_RANGE", "an age band within 0 to 120");
  }
  if (g.min_attendance() < 0 || g.min_attendance() > g.capacity()) {
    v.Add(f + ".min_attendance", "OUT_OF_RANGE", "0 to capacity");
  }
}

void ValidateEventFields(const v1::Event& e, common::FieldViolations& v) {
  if (e.kind() != v1::EVENT_KIND_SINGLE &&
      e.kind() != v1::EVENT_KIND_UMBRELLA &&
      e.kind() != v1::EVENT_KIND_SERIES) {
    v.Add("event.kind", "REQUIRED", "SINGLE, UMBRELLA or SERIES");
  }
  if (e.type() == v1::EVENT_TYPE_UNSPECIFIED ||
      !v1::EventType_IsValid(e.type())) {
    v.Add("event.type", "REQUIRED", "MEETING, COURSE, FESTIVAL, ...");
  }
  if (e.title().ko().empty()) {
    v.Add("event.title.ko", "REQUIRED", "a Korean title");
  }
  ValidateEventTexts(e, v);
  const int64_t start = e.start_time().seconds(), end = e.end_time().seconds();
  if (e.kind() == v1::EVENT_KIND_SINGLE) {
    if (start <= 0 || end <= 0) {
      v.Add("event.start_time", "REQUIRED", "a single event has start and end");
    } else if (end <= start) {
      v.Add("event.end_time", "INVALID_RANGE", "end after start");
    }
  }
  if (e.kind() == v1::EVENT_KIND_UMBRELLA) {
    if ((start > 0 || end > 0) && end <= start) {
      v.Add("event.end_time", "INVALID_RANGE", "end after start");
    }
    if (e.has_registration()) {
      v.Add("event.registration", "NOT_ALLOWED",
            "a festival's sub-events take the RSVPs");
    }
  }
  if (e.kind() != v1::EVENT_KIND_SERIES && e.has_recurrence()) {
    v.Add("event.recurrence", "NOT_ALLOWED", "only a series recurs");
  }
  if (e.has_registration()) {
    ValidateRegistration(e.registration(), "event.registration", v);
  }
}

}  // namespace lifelong::community
