#include "services/catalogue/search_options.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/generated_enum_reflection.h>

#include <map>

#include "services/catalogue/catalogue_service.h"

namespace lifelong::catalogue {
namespace {

const std::map<std::string, v1::LocalizedText>& Names() {
  static const auto* names = [] {
    auto* m = new std::map<std::string, v1::LocalizedText>();
    auto add = [m](auto value, const char* ko, const char* en) {
      const google::protobuf::EnumValueDescriptor* d =
          google::protobuf::GetEnumDescriptor<decltype(value)>()
              ->FindValueByNumber(value);
      v1::LocalizedText& t = (*m)[d->name()];
      t.set_ko(ko);
      t.set_en(en);
    };
    add(v1::AUDIENCE_OLDER_ADULTS, "어르신", "Older adults");
    add(v1::AUDIENCE_LOW_LITERACY_ADULTS, "성인 문해 학습자",
        "Adults learning to read and write");
    add(v1::AUDIENCE_PEOPLE_WITH_DISABILITIES, "장애인",
        "People with disabilities");
    add(v1::AUDIENCE_OFFICE_WORKERS, "직장인", "Office workers");
    add(v1::AUDIENCE_FAMILIES, "가족", "Families");
    add(v1::AUDIENCE_CHILDREN_AND_YOUTH, "아동·청소년", "Children and youth");
    add(v1::AUDIENCE_ADULTS, "성인", "Adults");
    add(v1::VENUE_KIND_BASE_CENTRE, "평생학습 거점센터",
        "Lifelong learning centre");
    add(v1::VENUE_KIND_LIBRARY, "도서관", "Library");
    add(v1::VENUE_KIND_COMMUNITY_CENTRE, "행정복지센터", "Community centre");
    add(v1::VENUE_KIND_SUBWAY_STATION, "지하철역", "Subway station");
    add(v1::VENUE_KIND_OTHER, "기타 장소", "Other place");
    add(v1::DELIVERY_OFFLINE, "대면", "In person");
    add(v1::DELIVERY_ONLINE, "온라인", "Online");
    add(v1::DELIVERY_HYBRID, "대면·온라인 병행", "In person and online");
    add(v1::ACCESSIBILITY_STEP_FREE, "턱 없는 출입", "Step-free access");
    add(v1::ACCESSIBILITY_HEARING_LOOP, "보청기 루프", "Hearing loop");
    add(v1::ACCESSIBILITY_ACCESSIBLE_TOILET, "장애인 화장실",
        "Accessible toilet");
    add(v1::ACCESSIBILITY_ELEVATOR, "엘리베이터", "Lift");
    add(v1::ACCESSIBILITY_BRAILLE_SIGNAGE, "점자 안내", "Braille signage");
    add(v1::ACCESSIBILITY_SIGN_LANGUAGE, "수어 통역",
        "Sign language interpreting");
    add(v1::TIME_OF_DAY_MORNING, "오전 (12시 전)", "Morning (before 12:00)");
    add(v1::TIME_OF_DAY_AFTERNOON, "오후 (12시~18시)",
        "Afternoon (12:00 to 18:00)");
    add(v1::TIME_OF_DAY_EVENING, "저녁 (18시 이후)", "Evening (from 18:00)");
    add(v1::LEVEL_BEGINNER, "입문", "Beginner");
    add(v1::LEVEL_INTERMEDIATE, "중급", "Intermediate");
    add(v1::LEVEL_ADVANCED, "고급", "Advanced");
    return m;
  }();
  return *names;
}

void Fill(const google::protobuf::EnumDescriptor* e,
          google::protobuf::RepeatedPtrField<v1::EnumOption>* out) {
  for (int i = 0; i < e->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = e->value(i);
    if (value->number() == 0) continue;  // UNSPECIFIED
    const v1::LocalizedText* name = SearchOptionName(value->name());
    if (name == nullptr) continue;
    v1::EnumOption* option = out->Add();
    option->set_value(value->name());
    option->set_number(value->number());
    *option->mutable_display_name() = *name;
  }
}

}  // namespace

const v1::LocalizedText* SearchOptionName(const std::string& value) {
  auto it = Names().find(value);
  return it == Names().end() ? nullptr : &it->second;
}

v1::GetSearchOptionsResponse SearchOptions() {
  v1::GetSearchOptionsResponse r;
  Fill(v1::Audience_descriptor(), r.mutable_audiences());
  Fill(v1::VenueKind_descriptor(), r.mutable_venue_kinds());
  Fill(v1::Delivery_descriptor(), r.mutable_deliveries());
  Fill(v1::Accessibility_descriptor(), r.mutable_accessibility());
  Fill(v1::TimeOfDay_descriptor(), r.mutable_times_of_day());
  Fill(v1::Level_descriptor(), r.mutable_levels());
  return r;
}

absl::StatusOr<v1::GetSearchOptionsResponse> CatalogueService::GetSearchOptions(
    const common::Caller&, const v1::GetSearchOptionsRequest&) {
  static const v1::GetSearchOptionsResponse* options =
      new v1::GetSearchOptionsResponse(SearchOptions());
  return *options;
}

}  // namespace lifelong::catalogue
