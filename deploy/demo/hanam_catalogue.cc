#include "deploy/demo/hanam_catalogue.h"

namespace lifelong::demo {
namespace {

struct Place {
  const char* id;
  const char* ko;
  const char* en;
  const char* district;
  const char* address;
};

// SAMPLE names and addresses.
const Place kCentres[] = {
    {"misa", "미사 평생학습센터", "Misa Lifelong Learning Centre", "Misa",
     "경기도 하남시 미사강변중앙로 (예시)"},
    {"wirye", "위례 평생학습센터", "Wirye Lifelong Learning Centre", "Wirye",
     "경기도 하남시 위례중앙로 (예시)"},
    {"pungsan", "풍산 평생학습센터", "Pungsan Lifelong Learning Centre",
     "Pungsan", "경기도 하남시 덕풍동 (예시)"},
    {"deokpung", "덕풍 평생학습센터", "Deokpung Lifelong Learning Centre",
     "Deokpung", "경기도 하남시 덕풍동 (예시)"},
    {"sinjang", "신장 평생학습센터", "Sinjang Lifelong Learning Centre",
     "Sinjang", "경기도 하남시 신장동 (예시)"},
    {"cheonhyeon", "천현 평생학습센터", "Cheonhyeon Lifelong Learning Centre",
     "Cheonhyeon", "경기도 하남시 천현동 (예시)"},
    {"gamil", "감일 평생학습센터", "Gamil Lifelong Learning Centre", "Gamil",
     "경기도 하남시 감일동 (예시)"},
    {"chungung", "춘궁 평생학습센터", "Chungung Lifelong Learning Centre",
     "Chungung", "경기도 하남시 춘궁동 (예시)"},
};

const Place kLibraries[] = {
    {"misa-library", "미사도서관", "Misa Library", "Misa",
     "경기도 하남시 미사동 (예시)"},
    {"wirye-library", "위례도서관", "Wirye Library", "Wirye",
     "경기도 하남시 위례동 (예시)"},
    {"sinjang-library", "신장도서관", "Sinjang Library", "Sinjang",
     "경기도 하남시 신장동 (예시)"},
    {"nadeuri-library", "나룰도서관", "Narul Library", "Deokpung",
     "경기도 하남시 덕풍동 (예시)"},
};

// Line 5 stations: night classes in their concourses, Tue and Thu evenings.
const Place kStations[] = {
    {"station-pungsan", "하남풍산역", "Hanam Pungsan Station", "Pungsan",
     "하남풍산역 대합실 (예시)"},
    {"station-cityhall", "하남시청역", "Hanam City Hall Station", "Sinjang",
     "하남시청역 대합실 (예시)"},
    {"station-geomdansan", "하남검단산역", "Hanam Geomdansan Station",
     "Chungung", "하남검단산역 대합실 (예시)"},
    {"station-misa", "미사역", "Misa Station", "Misa", "미사역 대합실 (예시)"},
};

enum class When { kMorning, kAfternoon, kEvening, kStation };

struct Subject {
  const char* ko;
  const char* en;
  const char* category;
  cv1::Audience audience;
  When when;
  int64_t fee_krw;
  int min_age;
  cv1::SelectionMethod selection;
  const char* sdg;
};

const Subject kSubjects[] = {
    {"어르신 건강체조", "Health gymnastics for older adults", "health-older",
     cv1::AUDIENCE_OLDER_ADULTS, When::kMorning, 0, 60,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG3"},
    {"치매 예방 두뇌교실", "Brain training for dementia prevention", "dementia",
     cv1::AUDIENCE_OLDER_ADULTS, When::kMorning, 0, 60,
     cv1::SELECTION_METHOD_LOTTERY, "SDG3"},
    {"마음 건강 이야기", "Talking about psychological well-being", "wellbeing",
     cv1::AUDIENCE_ADULTS, When::kAfternoon, 10000, 19,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG3"},
    {"어르신 미술치료", "Art for older adults", "health-older",
     cv1::AUDIENCE_OLDER_ADULTS, When::kAfternoon, 20000, 60,
     cv1::SELECTION_METHOD_LOTTERY, "SDG3"},
    {"한글 문해교실 기초", "Hangul literacy, first steps", "literacy",
     cv1::AUDIENCE_LOW_LITERACY_ADULTS, When::kMorning, 0, 18,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG4"},
    {"한글 문해교실 심화", "Hangul literacy, next steps", "literacy",
     cv1::AUDIENCE_LOW_LITERACY_ADULTS, When::kAfternoon, 0, 18,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG4"},
    {"스마트폰 첫걸음", "First steps with a smartphone", "digital",
     cv1::AUDIENCE_OLDER_ADULTS, When::kAfternoon, 0, 55,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG4"},
    {"키오스크 주문 연습", "Practising kiosk orders", "digital",
     cv1::AUDIENCE_OLDER_ADULTS, When::kMorning, 0, 55,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG4"},
    {"발달장애인 요리교실",
     "Cooking class for people with developmental disabilities", "disability",
     cv1::AUDIENCE_PEOPLE_WITH_DISABILITIES, When::kAfternoon, 0, 15,
     cv1::SELECTION_METHOD_LOTTERY, "SDG10"},
    {"시각장애인 점자 배우기", "Learning braille", "disability",
     cv1::AUDIENCE_PEOPLE_WITH_DISABILITIES, When::kMorning, 0, 10,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG10"},
    {"탄소중립 생활 실천", "Carbon neutrality in daily life", "climate",
     cv1::AUDIENCE_ADULTS, When::kEvening, 0, 16,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG13"},
    {"기후위기 가족 탐험대", "Climate explorers for families", "climate",
     cv1::AUDIENCE_FAMILIES, When::kMorning, 5000, 7,
     cv1::SELECTION_METHOD_LOTTERY, "SDG13"},
    {"지속가능발전 시민학교", "Citizens' school for sustainable development",
     "esd", cv1::AUDIENCE_ADULTS, When::kEvening, 0, 18,
     cv1::SELECTION_METHOD_FIRST_COME, "ESD"},
    {"제로웨이스트 살림", "Zero-waste household", "esd", cv1::AUDIENCE_FAMILIES,
     When::kAfternoon, 10000, 10, cv1::SELECTION_METHOD_FIRST_COME, "SDG12"},
    {"직장인 야간 경영전략", "Night class: business strategy", "management",
     cv1::AUDIENCE_OFFICE_WORKERS, When::kStation, 30000, 20,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG8"},
    {"직장인 야간 데이터 분석", "Night class: data analysis", "vocation",
     cv1::AUDIENCE_OFFICE_WORKERS, When::kStation, 30000, 20,
     cv1::SELECTION_METHOD_LOTTERY, "SDG8"},
    {"퇴근길 인문학", "Humanities on the way home", "humanities",
     cv1::AUDIENCE_OFFICE_WORKERS, When::kStation, 0, 20,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG4"},
    {"창업 실무 기초", "Starting a business", "management",
     cv1::AUDIENCE_ADULTS, When::kEvening, 20000, 19,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG8"},
    {"평생학습 상담가 양성", "Training lifelong-learning consultants",
     "training-ladder", cv1::AUDIENCE_ADULTS, When::kAfternoon, 0, 19,
     cv1::SELECTION_METHOD_LOTTERY, "SDG4"},
    {"평생학습 강사 양성", "Training lifelong-learning instructors",
     "training-ladder", cv1::AUDIENCE_ADULTS, When::kEvening, 0, 19,
     cv1::SELECTION_METHOD_LOTTERY, "SDG4"},
    {"하남의 역사 산책", "Walking through Hanam's history", "humanities",
     cv1::AUDIENCE_ADULTS, When::kMorning, 5000, 15,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG11"},
    {"우리 동네 합창단", "Neighbourhood choir", "culture-arts",
     cv1::AUDIENCE_ADULTS, When::kEvening, 10000, 15,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG11"},
    {"청소년 코딩 캠프", "Coding camp for youth", "digital",
     cv1::AUDIENCE_CHILDREN_AND_YOUTH, When::kAfternoon, 0, 12,
     cv1::SELECTION_METHOD_LOTTERY, "SDG4"},
    {"어린이 그림책 놀이", "Picture-book play for children", "culture-arts",
     cv1::AUDIENCE_CHILDREN_AND_YOUTH, When::kMorning, 0, 5,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG4"},
    {"수채화로 그리는 미사호수", "Watercolours of Misa lake", "culture-arts",
     cv1::AUDIENCE_ADULTS, When::kMorning, 25000, 15,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG11"},
    {"시민 참여 마을 만들기", "Citizens making their village", "citizenship",
     cv1::AUDIENCE_ADULTS, When::kEvening, 0, 18,
     cv1::SELECTION_METHOD_FIRST_COME, "SDG11"},
};

constexpr int kSubjectCount = sizeof(kSubjects) / sizeof(kSubjects[0]);
constexpr int kCentreCount = sizeof(kCentres) / sizeof(kCentres[0]);

void Localized(cv1::LocalizedText* text, const std::string& ko,
               const std::string& en) {
  text->set_ko(ko);
  text->set_en(en);
}

cv1::Venue MakeVenue(const Place& p, cv1::VenueKind kind,
                     const std::string& centre, const char* room,
                     int capacity) {
  cv1::Venue v;
  Localized(v.mutable_display_name(), p.ko, p.en);
  v.set_kind(kind);
  v.set_address(p.address);
  v.set_district(p.district);
  v.set_centre(centre);
  cv1::Room* r = v.add_rooms();
  r->set_room_id(room);
  r->set_display_name(room);
  r->set_capacity(capacity);
  return v;
}

}  // namespace

std::vector<DemoCentre> HanamCentres() {
  std::vector<DemoCentre> out;
  for (const Place& p : kCentres) {
    cv1::Centre c;
    Localized(c.mutable_display_name(), p.ko, p.en);
    c.set_district(p.district);
    out.push_back({p.id, c});
  }
  return out;
}

std::vector<DemoVenue> HanamVenues() {
  std::vector<DemoVenue> out;
  for (const Place& p : kCentres) {
    cv1::Venue v = MakeVenue(p, cv1::VENUE_KIND_BASE_CENTRE,
                             std::string("centres/") + p.id, "hall", 40);
    for (auto a :
         {cv1::ACCESSIBILITY_STEP_FREE, cv1::ACCESSIBILITY_ACCESSIBLE_TOILET,
          cv1::ACCESSIBILITY_ELEVATOR}) {
      v.add_accessibility(a);
    }
    if (out.size() % 2 == 0)
      v.add_accessibility(cv1::ACCESSIBILITY_HEARING_LOOP);
    for (int day = 1; day <= 7; ++day) {
      cv1::OpeningWindow* w = v.add_opening_hours();
      w->set_day_of_week(day);
      w->set_start_minute(9 * 60);
      w->set_end_minute(22 * 60);
    }
    out.push_back({std::string(p.id) + "-hall", v});
  }
  for (const Place& p : kLibraries) {
    cv1::Venue v = MakeVenue(p, cv1::VENUE_KIND_LIBRARY, "", "seminar", 25);
    v.add_accessibility(cv1::ACCESSIBILITY_STEP_FREE);
    out.push_back({p.id, v});
  }
  for (const Place& p : kStations) {
    cv1::Venue v =
        MakeVenue(p, cv1::VENUE_KIND_SUBWAY_STATION, "", "concourse", 30);
    v.add_accessibility(cv1::ACCESSIBILITY_ELEVATOR);
    for (int day : {2, 4}) {
      cv1::OpeningWindow* w = v.add_opening_hours();
      w->set_day_of_week(day);
      w->set_start_minute(19 * 60);
      w->set_end_minute(22 * 60);
    }
    out.push_back({p.id, v});
  }
  return out;
}

std::vector<DemoProgramme> HanamProgrammes() {
  std::vector<DemoProgramme> out;
  for (int c = 0; c < kCentreCount; ++c) {
    for (int s = 0; s < kSubjectCount; ++s) {
      const Subject& subject = kSubjects[s];
      const Place& centre = kCentres[c];
      cv1::Programme p;
      p.set_centre(std::string("centres/") + centre.id);
      Localized(p.mutable_title(),
                std::string(subject.ko) + " (" + centre.ko + ")",
                std::string(subject.en) + " (" + centre.en + ")");
      Localized(p.mutable_description(),
                std::string("[예시 데이터] ") + centre.ko + "에서 여는 " +
                    subject.ko + " 과정입니다. 누구나 함께 배울 수 있습니다.",
                std::string("[Sample data] ") + subject.en + " at " +
                    centre.en + ". Everyone is welcome to learn together.");
      p.set_category(std::string("categories/") + subject.category);
      p.add_audiences(subject.audience);
      p.set_min_age(subject.min_age);
      p.set_instruction_language("ko");
      p.set_level(s % 3 == 2 ? cv1::LEVEL_INTERMEDIATE : cv1::LEVEL_BEGINNER);
      p.add_sdg_tags(subject.sdg);
      if (std::string(subject.category) == "training-ladder") {
        p.set_training_step(std::string(subject.en).find("instructors") !=
                                    std::string::npos
                                ? cv1::TRAINING_STEP_INSTRUCTOR
                                : cv1::TRAINING_STEP_CONSULTANT);
      }
      out.push_back(
          {std::string(centre.id) + "-" + std::to_string(s), p, s, c});
    }
  }
  return out;
}

cv1::Offering HanamOffering(const DemoProgramme& p,
                            const std::string& programme_name, int run,
                            int64_t term_start, int64_t now) {
  const Subject& subject = kSubjects[p.subject];
  const Place& centre = kCentres[p.centre];
  constexpr int64_t kDay = 86400;
  cv1::Offering o;
  o.set_programme(programme_name);
  o.set_term("2027-spring");
  o.set_delivery(cv1::DELIVERY_OFFLINE);
  int day_offset = (p.subject + p.centre + run) % 5;  // Monday to Friday
  int start_minute = subject.when == When::kMorning     ? 10 * 60
                     : subject.when == When::kAfternoon ? 14 * 60
                                                        : 19 * 60;
  if (subject.when == When::kStation) {
    o.set_venue(std::string("venues/") + kStations[p.centre % 4].id);
    o.set_room("concourse");
    day_offset = (p.centre + run) % 2 == 0 ? 1 : 3;  // Tuesday or Thursday
  } else {
    o.set_venue(std::string("venues/") + centre.id + "-hall");
    o.set_room("hall");
  }
  if (p.subject % 9 == 4) o.set_delivery(cv1::DELIVERY_HYBRID);
  o.set_capacity(subject.when == When::kStation ? 30
                                                : 20 + (p.subject % 3) * 5);
  o.set_min_enrolment(5);
  o.mutable_fees()->set_fee_krw(subject.fee_krw);
  if (subject.fee_krw > 0) {
    o.mutable_fees()->set_over_65_discount_percent(50);
    o.mutable_fees()->add_waived_for(cv1::PRIORITY_GROUP_BASIC_LIVELIHOOD);
    o.mutable_fees()->add_waived_for(cv1::PRIORITY_GROUP_DISABILITY);
  }
  o.mutable_eligibility()->set_residents_only(true);
  o.mutable_eligibility()->set_workplace_counts(subject.audience ==
                                                cv1::AUDIENCE_OFFICE_WORKERS);
  o.set_selection(subject.selection);
  // Staged windows from two days ago: priority groups first, then residents
  // three days later, then everyone three days after that.
  int64_t open = now - 2 * kDay;
  const cv1::WindowAudience stages[] = {cv1::WINDOW_AUDIENCE_PRIORITY_GROUPS,
                                        cv1::WINDOW_AUDIENCE_RESIDENTS,
                                        cv1::WINDOW_AUDIENCE_EVERYONE};
  for (int i = 0; i < 3; ++i) {
    cv1::ApplicationWindow* w = o.add_windows();
    w->set_audience(stages[i]);
    w->mutable_open_time()->set_seconds(open + i * 3 * kDay);
    w->mutable_close_time()->set_seconds(
        std::max(term_start, open + 12 * kDay));
  }
  o.set_limit_group("2027-spring");
  int64_t first =
      term_start + (run / 5) * 7 * kDay + day_offset * kDay + start_minute * 60;
  for (int week = 0; week < 10; ++week) {
    cv1::Session* s = o.add_sessions();
    s->mutable_start_time()->set_seconds(first + week * 7 * kDay);
    s->mutable_end_time()->set_seconds(first + week * 7 * kDay + 2 * 3600);
  }
  return o;
}

}  // namespace lifelong::demo
