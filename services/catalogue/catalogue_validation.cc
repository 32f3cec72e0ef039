#include "services/catalogue/catalogue_validation.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/text.h"

namespace lifelong::catalogue {
namespace {

using common::FieldViolations;

void CheckText(const std::string& text, const std::string& field, size_t max,
               bool required, FieldViolations& v) {
  if (text.empty()) {
    if (required) v.Add(field, "REQUIRED", "required");
  } else if (common::CodePoints(text) > max) {
    v.Add(field, "TOO_LONG", "at most " + std::to_string(max) + " characters");
  }
}

void CheckLocalized(const v1::LocalizedText& text, const std::string& field,
                    size_t max, bool required, FieldViolations& v) {
  CheckText(text.ko(), field + ".ko", max, required, v);
  CheckText(text.en(), field + ".en", max, required, v);
}

void CheckAges(int min_age, int max_age, const std::string& prefix,
               FieldViolations& v) {
  if (min_age < 0 || min_age > 120)
    v.Add(prefix + "min_age", "OUT_OF_RANGE", "0 to 120");
  if (max_age < 0 || max_age > 120)
    v.Add(prefix + "max_age", "OUT_OF_RANGE", "0 to 120");
  if (min_age > 0 && max_age > 0 && min_age > max_age) {
    v.Add(prefix + "max_age", "OUT_OF_RANGE", "not below min_age");
  }
}

template <typename Enum>
void CheckEnum(int value, bool (*is_valid)(int), const std::string& field,
               bool required, FieldViolations& v) {
  if (value == 0) {
    if (required) v.Add(field, "REQUIRED", "required");
  } else if (!is_valid(value)) {
    v.Add(field, "UNKNOWN_VALUE", "not a known value");
  }
}

bool IsResourceName(const std::string& name, const std::string& collection) {
  std::string prefix = collection + "/";
  if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size()) return false;
  return std::all_of(name.begin() + prefix.size(), name.end(),
                     [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) ||
                              c == '-';
                     }) &&
         name.size() <= prefix.size() + 40;
}

void CheckPriorityGroups(const google::protobuf::RepeatedField<int>& groups,
                         const std::string& field, FieldViolations& v) {
  for (int i = 0; i < groups.size(); ++i) {
    CheckEnum<v1::PriorityGroup>(groups[i], v1::PriorityGroup_IsValid,
                                 field + "[" + std::to_string(i) + "]", true,
                                 v);
  }
}

void CheckQuotas(const v1::Offering& o, const std::string& prefix,
                 FieldViolations& v) {
  if (!o.quotas().empty() && o.selection() != v1::SELECTION_METHOD_LOTTERY) {
    v.Add(prefix + "quotas", "LOTTERY_ONLY",
          "seat quotas apply to lottery offerings");
  }
  std::set<int> groups;
  int reserved = 0;
  for (int i = 0; i < o.quotas_size(); ++i) {
    const v1::SeatQuota& q = o.quotas(i);
    std::string field = prefix + "quotas[" + std::to_string(i) + "]";
    CheckEnum<v1::PriorityGroup>(q.group(), v1::PriorityGroup_IsValid,
                                 field + ".group", true, v);
    if (!groups.insert(q.group()).second)
      v.Add(field + ".group", "DUPLICATE", "each group at most once");
    if (q.seats() < 1 || q.seats() > o.capacity())
      v.Add(field + ".seats", "OUT_OF_RANGE", "1 to capacity");
    reserved += q.seats();
  }
  if (reserved > o.capacity())
    v.Add(prefix + "quotas", "OVER_CAPACITY",
          "reserved seats together at most capacity");
}

}  // namespace

bool IsSlug(const std::string& s) {
  return !s.empty() && s.size() <= 40 &&
         std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

LocalTime ToLocal(int64_t utc_seconds, int utc_offset_minutes) {
  int64_t local = utc_seconds + utc_offset_minutes * 60LL;
  int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  int minute = static_cast<int>((local - days * 86400) / 60);
  // 1970-01-01 was a Thursday (4).
  int dow = static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;
  return {dow, minute};
}

void ValidateCentre(const v1::Centre& centre, FieldViolations& v) {
  CheckText(centre.display_name().ko(), "centre.display_name.ko", 200, true, v);
  CheckText(centre.display_name().en(), "centre.display_name.en", 200, false,
            v);
  CheckText(centre.district(), "centre.district", 64, true, v);
}

void ValidateVenue(const v1::Venue& venue, FieldViolations& v) {
  CheckText(venue.display_name().ko(), "venue.display_name.ko", 200, true, v);
  CheckText(venue.display_name().en(), "venue.display_name.en", 200, false, v);
  CheckEnum<v1::VenueKind>(venue.kind(), v1::VenueKind_IsValid, "venue.kind",
                           true, v);
  CheckText(venue.address(), "venue.address", 300, true, v);
  CheckText(venue.district(), "venue.district", 64, true, v);
  if (!venue.centre().empty() && !IsResourceName(venue.centre(), "centres")) {
    v.Add("venue.centre", "INVALID_NAME", "\"centres/{id}\"");
  }
  for (int i = 0; i < venue.accessibility_size(); ++i) {
    CheckEnum<v1::Accessibility>(
        venue.accessibility(i), v1::Accessibility_IsValid,
        "venue.accessibility[" + std::to_string(i) + "]", true, v);
  }
  if (venue.rooms().empty())
    v.Add("venue.rooms", "REQUIRED", "at least one room");
  std::set<std::string> ids;
  for (int i = 0; i < venue.rooms_size(); ++i) {
    const v1::Room& room = venue.rooms(i);
    std::string field = "venue.rooms[" + std::to_string(i) + "]";
    if (!IsSlug(room.room_id())) {
      v.Add(field + ".room_id", "INVALID_FORMAT", "1 to 40 of [a-z0-9-]");
    } else if (!ids.insert(room.room_id()).second) {
      v.Add(field + ".room_id", "DUPLICATE",
            "room ids are unique within a venue");
    }
    CheckText(room.display_name(), field + ".display_name", 100, true, v);
    if (room.capacity() < 1 || room.capacity() > 1000) {
      v.Add(field + ".capacity", "OUT_OF_RANGE", "1 to 1000 people");
    }
  }
  for (int i = 0; i < venue.opening_hours_size(); ++i) {
    const v1::OpeningWindow& w = venue.opening_hours(i);
    std::string field = "venue.opening_hours[" + std::to_string(i) + "]";
    if (w.day_of_week() < 1 || w.day_of_week() > 7) {
      v.Add(field + ".day_of_week", "OUT_OF_RANGE", "1 (Monday) to 7 (Sunday)");
    }
    if (w.start_minute() < 0 || w.end_minute() > 1440 ||
        w.start_minute() >= w.end_minute()) {
      v.Add(field + ".end_minute", "OUT_OF_RANGE",
            "0 <= start_minute < end_minute <= 1440");
    }
  }
}

void ValidateProgramme(const v1::Programme& p, const std::string& prefix,
                       FieldViolations& v) {
  CheckLocalized(p.title(), prefix + "title", 200, true, v);
  CheckLocalized(p.description(), prefix + "description", 4000, false, v);
  if (!IsResourceName(p.category(), "categories")) {
    v.Add(prefix + "category",
          p.category().empty() ? "REQUIRED" : "INVALID_NAME",
          "\"categories/{id}\" from ListCategories");
  }
  if (p.audiences().empty())
    v.Add(prefix + "audiences", "REQUIRED", "at least one");
  for (int i = 0; i < p.audiences_size(); ++i) {
    CheckEnum<v1::Audience>(p.audiences(i), v1::Audience_IsValid,
                            prefix + "audiences[" + std::to_string(i) + "]",
                            true, v);
  }
  CheckAges(p.min_age(), p.max_age(), prefix, v);
  if (p.instruction_language() != "ko" && p.instruction_language() != "en") {
    v.Add(prefix + "instruction_language",
          p.instruction_language().empty() ? "REQUIRED" : "UNKNOWN_VALUE",
          "\"ko\" or \"en\"");
  }
  CheckEnum<v1::Level>(p.level(), v1::Level_IsValid, prefix + "level", true, v);
  if (p.sdg_tags_size() > 10)
    v.Add(prefix + "sdg_tags", "TOO_MANY", "at most 10");
  for (int i = 0; i < p.sdg_tags_size(); ++i) {
    const std::string& tag = p.sdg_tags(i);
    bool ok =
        !tag.empty() && tag.size() <= 32 &&
        std::all_of(tag.begin(), tag.end(), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        });
    if (!ok) {
      v.Add(prefix + "sdg_tags[" + std::to_string(i) + "]", "INVALID_FORMAT",
            "1 to 32 of [A-Z0-9_], such as SDG4");
    }
  }
  CheckEnum<v1::TrainingStep>(p.training_step(), v1::TrainingStep_IsValid,
                              prefix + "training_step", false, v);
  for (int i = 0; i < p.prerequisites_size(); ++i) {
    if (!IsResourceName(p.prerequisites(i), "programmes")) {
      v.Add(prefix + "prerequisites[" + std::to_string(i) + "]", "INVALID_NAME",
            "\"programmes/{uuid}\"");
    }
  }
}

void ValidateOffering(const v1::Offering& o, const std::string& prefix,
                      FieldViolations& v) {
  if (!IsResourceName(o.programme(), "programmes")) {
    v.Add(prefix + "programme",
          o.programme().empty() ? "REQUIRED" : "INVALID_NAME",
          "\"programmes/{uuid}\"");
  }
  const std::string& term = o.term();
  static const std::set<std::string> kSeasons = {"spring", "summer", "autumn",
                                                 "winter"};
  bool term_ok = term.size() > 5 && term[4] == '-' &&
                 std::all_of(term.begin(), term.begin() + 4, ::isdigit) &&
                 kSeasons.count(term.substr(5)) > 0;
  if (!term_ok)
    v.Add(prefix + "term", term.empty() ? "REQUIRED" : "INVALID_FORMAT",
          "\"2027-spring\": year, then spring, summer, autumn or winter");
  CheckEnum<v1::Delivery>(o.delivery(), v1::Delivery_IsValid,
                          prefix + "delivery", true, v);
  if (o.delivery() != v1::DELIVERY_ONLINE) {
    if (!IsResourceName(o.venue(), "venues")) {
      v.Add(prefix + "venue", o.venue().empty() ? "REQUIRED" : "INVALID_NAME",
            "\"venues/{id}\" for offline and hybrid offerings");
    }
    if (!IsSlug(o.room()))
      v.Add(prefix + "room", "REQUIRED", "a room of the venue");
  }
  if (!o.instructor().empty() && !IsResourceName(o.instructor(), "staff")) {
    v.Add(prefix + "instructor", "INVALID_NAME", "\"staff/{uuid}\"");
  }
  if (o.capacity() < 1 || o.capacity() > 10000) {
    v.Add(prefix + "capacity", "OUT_OF_RANGE", "1 to 10000 seats");
  }
  if (o.min_enrolment() < 0 || o.min_enrolment() > o.capacity()) {
    v.Add(prefix + "min_enrolment", "OUT_OF_RANGE", "0 to capacity");
  }
  if (o.fees().fee_krw() < 0 || o.fees().fee_krw() > 10'000'000) {
    v.Add(prefix + "fees.fee_krw", "OUT_OF_RANGE", "0 to 10,000,000 won");
  }
  if (o.fees().over_65_discount_percent() < 0 ||
      o.fees().over_65_discount_percent() > 100) {
    v.Add(prefix + "fees.over_65_discount_percent", "OUT_OF_RANGE", "0 to 100");
  }
  CheckPriorityGroups(o.fees().waived_for(), prefix + "fees.waived_for", v);
  CheckAges(o.eligibility().min_age(), o.eligibility().max_age(),
            prefix + "eligibility.", v);
  CheckPriorityGroups(o.eligibility().priority_groups_only(),
                      prefix + "eligibility.priority_groups_only", v);
  CheckEnum<v1::SelectionMethod>(o.selection(), v1::SelectionMethod_IsValid,
                                 prefix + "selection", true, v);
  if (o.windows().empty())
    v.Add(prefix + "windows", "REQUIRED", "at least one window");
  int previous_audience = 0;
  int64_t previous_open = 0;
  for (int i = 0; i < o.windows_size(); ++i) {
    const v1::ApplicationWindow& w = o.windows(i);
    std::string field = prefix + "windows[" + std::to_string(i) + "]";
    CheckEnum<v1::WindowAudience>(w.audience(), v1::WindowAudience_IsValid,
                                  field + ".audience", true, v);
    if (w.open_time().seconds() <= 0)
      v.Add(field + ".open_time", "REQUIRED", "required");
    if (w.close_time().seconds() <= w.open_time().seconds()) {
      v.Add(field + ".close_time", "ENDS_BEFORE_START", "after open_time");
    }
    // Staged windows run priority groups, then residents, then everyone.
    if (i > 0 && (w.audience() <= previous_audience ||
                  w.open_time().seconds() < previous_open)) {
      v.Add(field, "WINDOW_ORDER",
            "staged windows go priority groups, then residents, then everyone, "
            "each opening no earlier than the one before");
    }
    previous_audience = w.audience();
    previous_open = w.open_time().seconds();
  }
  if (o.limit_group().size() > 64)
    v.Add(prefix + "limit_group", "TOO_LONG", "at most 64");
  CheckQuotas(o, prefix, v);
  if (o.sessions().empty())
    v.Add(prefix + "sessions", "REQUIRED", "at least one session");
  if (o.sessions_size() > 200)
    v.Add(prefix + "sessions", "TOO_MANY", "at most 200");
  for (int i = 0; i < o.sessions_size(); ++i) {
    const v1::Session& s = o.sessions(i);
    std::string field = prefix + "sessions[" + std::to_string(i) + "]";
    int64_t length = s.end_time().seconds() - s.start_time().seconds();
    if (s.start_time().seconds() <= 0)
      v.Add(field + ".start_time", "REQUIRED", "required");
    if (length <= 0) {
      v.Add(field + ".end_time", "ENDS_BEFORE_START", "after start_time");
    } else if (length > 12 * 3600) {
      v.Add(field + ".end_time", "TOO_LONG",
            "at most 12 hours after start_time");
    }
  }
}

void CheckOfferingAgainstVenue(const v1::Offering& o, const v1::Venue& venue,
                               int utc_offset_minutes,
                               const std::string& prefix, FieldViolations& v) {
  if (o.delivery() == v1::DELIVERY_ONLINE) return;
  const v1::Room* room = nullptr;
  for (const v1::Room& r : venue.rooms()) {
    if (r.room_id() == o.room()) room = &r;
  }
  if (room == nullptr) {
    v.Add(prefix + "room", "UNKNOWN_ROOM", "not a room of " + venue.name());
  } else if (o.capacity() > room->capacity()) {
    v.Add(prefix + "capacity", "OVER_ROOM_CAPACITY",
          "the room holds " + std::to_string(room->capacity()));
  }
  if (venue.opening_hours().empty()) return;
  for (int i = 0; i < o.sessions_size(); ++i) {
    const v1::Session& s = o.sessions(i);
    LocalTime start = ToLocal(s.start_time().seconds(), utc_offset_minutes);
    int end_minute =
        start.minute +
        static_cast<int>((s.end_time().seconds() - s.start_time().seconds()) /
                         60);
    bool inside = false;
    for (const v1::OpeningWindow& w : venue.opening_hours()) {
      inside |= w.day_of_week() == start.day_of_week &&
                w.start_minute() <= start.minute &&
                end_minute <= w.end_minute();
    }
    if (!inside) {
      v.Add(prefix + "sessions[" + std::to_string(i) + "]",
            "OUTSIDE_OPENING_HOURS",
            "outside the opening hours of " + venue.name());
    }
  }
}

const std::vector<std::string> kProgrammeWritableFields = {
    "title",
    "description",
    "category",
    "audiences",
    "min_age",
    "max_age",
    "instruction_language",
    "level",
    "sdg_tags",
    "training_step",
    "prerequisites"};

const std::vector<std::string> kOfferingWritableFields = {
    "term",     "venue",         "room",     "instructor",  "delivery",
    "capacity", "min_enrolment", "fees",     "eligibility", "selection",
    "windows",  "limit_group",   "sessions", "quotas"};

void ValidateUpdateMask(const google::protobuf::FieldMask& mask,
                        const google::protobuf::Descriptor& descriptor,
                        const std::vector<std::string>& writable,
                        FieldViolations& v) {
  if (mask.paths().empty())
    v.Add("update_mask", "REQUIRED", "name the fields to change");
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    std::string field = "update_mask.paths[" + std::to_string(i) + "]";
    if (descriptor.FindFieldByName(path) == nullptr) {
      v.Add(field, "UNKNOWN_FIELD", "\"" + path + "\" is not a field");
    } else if (std::find(writable.begin(), writable.end(), path) ==
               writable.end()) {
      v.Add(field, "NOT_WRITABLE", "\"" + path + "\" may not be written");
    }
  }
}

}  // namespace lifelong::catalogue
