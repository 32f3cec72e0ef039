#include "deploy/demo/hanam_community.h"

#include <ctime>

namespace lifelong::demo {
namespace {

struct VillageSeed {
  const char* id;
  const char* ko;
  const char* en;
  const char* place;
  std::vector<const char*> districts;
};

const std::vector<VillageSeed>& Seeds() {
  static const std::vector<VillageSeed> seeds = {
      {"misa-lake",
       "미사호수 학습마을",
       "Misa Lake Learning Village",
       "미사호수공원 작은도서관",
       {"미사1동", "미사2동"}},
      {"misa-9danji",
       "미사강변 9단지 학습마을",
       "Misa Riverside 9 Village",
       "미사강변 9단지 커뮤니티센터",
       {"미사1동"}},
      {"misa-28danji",
       "미사강변 28단지 학습마을",
       "Misa Riverside 28 Village",
       "미사강변 28단지 주민공동시설",
       {"미사2동"}},
      {"misa-forest",
       "미사숲 학습마을",
       "Misa Forest Village",
       "미사3동 행정복지센터 3층",
       {"미사3동"}},
      {"wirye-park",
       "위례공원 학습마을",
       "Wirye Park Village",
       "위례 스토리박스",
       {"위례동"}},
      {"wirye-creek",
       "위례 창곡천 학습마을",
       "Wirye Creek Village",
       "위례동 주민센터 강의실",
       {"위례동"}},
      {"gamil-hill",
       "감일 언덕 학습마을",
       "Gamil Hill Village",
       "감일 작은도서관",
       {"감일동"}},
      {"gamil-stream",
       "감일 하천 학습마을",
       "Gamil Stream Village",
       "감일 복합문화센터",
       {"감일동"}},
      {"gambuk-farm",
       "감북 텃밭 학습마을",
       "Gambuk Garden Village",
       "감북동 마을회관",
       {"감북동"}},
      {"cheonhyeon",
       "천현 학습마을",
       "Cheonhyeon Village",
       "천현동 주민센터",
       {"천현동"}},
      {"cheonhyeon-school",
       "천현 학교 곁 학습마을",
       "Cheonhyeon School Village",
       "천현초등학교 돌봄교실",
       {"천현동"}},
      {"sinjang-market",
       "신장시장 학습마을",
       "Sinjang Market Village",
       "신장시장 상인회관",
       {"신장1동"}},
      {"sinjang-library",
       "신장 도서관 학습마을",
       "Sinjang Library Village",
       "신장도서관 세미나실",
       {"신장2동"}},
      {"deokpung-1",
       "덕풍 골목 학습마을",
       "Deokpung Alley Village",
       "덕풍1동 행정복지센터",
       {"덕풍1동"}},
      {"deokpung-2",
       "덕풍 시장 학습마을",
       "Deokpung Market Village",
       "덕풍전통시장 공동체실",
       {"덕풍2동"}},
      {"deokpung-3",
       "덕풍 산곡천 학습마을",
       "Deokpung Creek Village",
       "덕풍3동 주민센터",
       {"덕풍3동"}},
      {"pungsan",
       "풍산 학습마을",
       "Pungsan Village",
       "풍산동 작은도서관",
       {"풍산동"}},
      {"pungsan-ict",
       "풍산 디지털 학습마을",
       "Pungsan Digital Village",
       "풍산 아이테코 공유오피스",
       {"풍산동"}},
      {"chungung",
       "춘궁 학습마을",
       "Chungung Village",
       "춘궁동 마을회관",
       {"춘궁동"}},
      {"choi", "초이 학습마을", "Choi Village", "초이동 경로당", {"초이동"}},
      {"geomdan",
       "검단산 학습마을",
       "Geomdansan Village",
       "검단산 생태교육관",
       {"천현동", "춘궁동"}},
      {"hanam-station",
       "하남역 학습마을",
       "Hanam Station Village",
       "하남풍산역 대합실 학습카페",
       {"풍산동", "덕풍2동"}},
      {"misa-station",
       "미사역 학습마을",
       "Misa Station Village",
       "미사역 빛나는 학습공간",
       {"미사1동", "미사2동", "미사3동"}},
      {"gamil-wirye",
       "감일·위례 연합 학습마을",
       "Gamil-Wirye Joint Village",
       "감일·위례 공동육아나눔터",
       {"감일동", "위례동"}},
  };
  return seeds;
}

struct ClubSeed {
  const char* ko;
  const char* en;
  mv1::JoiningMode mode;
};

const std::vector<ClubSeed>& ClubSeeds() {
  static const std::vector<ClubSeed> seeds = {
      {"그림책 읽기 모임", "Picture book circle", mv1::JOINING_MODE_OPEN},
      {"탄소중립 실천 동아리", "Carbon-neutral action club",
       mv1::JOINING_MODE_OPEN},
      {"스마트폰 배움터", "Smartphone learning club", mv1::JOINING_MODE_OPEN},
      {"마을 합창단", "Village choir", mv1::JOINING_MODE_APPROVAL},
      {"한글 이야기 교실", "Korean literacy story circle",
       mv1::JOINING_MODE_APPROVAL},
      {"주민강사 공부방", "Resident instructors' study room",
       mv1::JOINING_MODE_INVITE_ONLY},
  };
  return seeds;
}

// UTC seconds of a local Seoul (UTC+9, no daylight saving) date and time.
int64_t Seoul(int year, int month, int day, int hour, int minute) {
  std::tm t{};
  t.tm_year = year - 1900;
  t.tm_mon = month - 1;
  t.tm_mday = day;
  t.tm_hour = hour;
  t.tm_min = minute;
  return static_cast<int64_t>(timegm(&t)) - 9 * 3600;
}

// Day of the month of the first `weekday` (0 Sunday) of a month.
int FirstWeekday(int year, int month, int weekday) {
  std::tm t{};
  t.tm_year = year - 1900;
  t.tm_mon = month - 1;
  t.tm_mday = 1;
  time_t when = timegm(&t);
  std::tm back{};
  gmtime_r(&when, &back);
  return 1 + (weekday - back.tm_wday + 7) % 7;
}

// RSVPs open from 1 July of the year before the term (TermYear: loading
// happens after that), fixed so that loading again sends the same requests.
mv1::Registration Open(int year, int64_t close, int capacity, int waitlist,
                       int group) {
  mv1::Registration r;
  r.mutable_open_time()->set_seconds(Seoul(year - 1, 7, 1, 0, 0));
  r.mutable_close_time()->set_seconds(close);
  r.set_capacity(capacity);
  r.set_waitlist_capacity(waitlist);
  r.set_max_group_size(group);
  return r;
}

}  // namespace

std::vector<DemoVillage> HanamVillages() {
  std::vector<DemoVillage> out;
  for (const VillageSeed& s : Seeds()) {
    DemoVillage v;
    v.id = s.id;
    mv1::Group& g = v.group;
    g.set_kind(mv1::GROUP_KIND_VILLAGE);
    g.mutable_display_name()->set_ko(s.ko);
    g.mutable_display_name()->set_en(s.en);
    g.mutable_description()->set_ko(std::string(s.ko) +
                                    ": 주민이 기획하고 주민이 가르치는 배움터");
    g.mutable_description()->set_en(
        std::string(s.en) + ": learning planned and taught by residents");
    g.set_place(s.place);
    for (const char* d : s.districts) g.add_districts(d);
    g.set_joining_mode(mv1::JOINING_MODE_OPEN);
    g.set_visibility(mv1::VISIBILITY_PUBLIC);
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<DemoClub> HanamClubs() {
  std::vector<DemoClub> out;
  const std::vector<VillageSeed>& villages = Seeds();
  for (size_t v = 0; v < 12; ++v) {
    for (int k = 0; k < 2; ++k) {
      const ClubSeed& seed = ClubSeeds()[(v * 2 + k) % ClubSeeds().size()];
      DemoClub c;
      c.key = std::string(villages[v].id) + "-" + std::to_string(k + 1);
      c.village = std::string("groups/") + villages[v].id;
      mv1::Group& g = c.group;
      g.set_name("groups/" + c.key);
      g.set_kind(mv1::GROUP_KIND_CLUB);
      g.set_village(c.village);
      g.mutable_display_name()->set_ko(std::string(villages[v].ko) + " " +
                                       seed.ko);
      g.mutable_display_name()->set_en(std::string(villages[v].en) + " " +
                                       seed.en);
      g.set_place(villages[v].place);
      g.set_joining_mode(seed.mode);
      g.set_visibility(mv1::VISIBILITY_PUBLIC);
      out.push_back(std::move(c));
    }
  }
  return out;
}

mv1::Event ClubSeries(const DemoClub& club, int index, int year, Term term) {
  // Clubs meet on Tuesday to Saturday, mornings or evenings.
  static const char* const kDays[] = {"TU", "WE", "TH", "FR", "SA"};
  const bool spring = term == Term::kSpring;
  const int month = spring ? 3 : 9;
  const int weeks = spring ? 13 : 15;
  const int skipped_week = spring ? 4 : 6;
  const int weekday = 2 + index % 5;  // 2 = Tuesday
  const int first = FirstWeekday(year, month, weekday);
  const int hour = index % 2 == 0 ? 10 : 19;
  mv1::Event e;
  e.set_group(club.group.name());
  e.set_kind(mv1::EVENT_KIND_SERIES);
  e.set_type(mv1::EVENT_TYPE_MEETING);
  e.mutable_title()->set_ko(club.group.display_name().ko() + " 정기모임");
  e.mutable_title()->set_en(club.group.display_name().en() + " weekly meeting");
  if (spring) {
    e.mutable_description()->set_ko("봄 학기 정기모임 (넷째 주는 쉽니다)");
    e.mutable_description()->set_en(
        "Spring term meetings (no meeting in week 4)");
  } else {
    e.mutable_description()->set_ko("가을 학기 정기모임 (여섯째 주는 쉽니다)");
    e.mutable_description()->set_en(
        "Autumn term meetings (no meeting in week 6)");
  }
  e.set_place(club.group.place());
  e.set_audience_note("누구나 / everyone");
  e.set_accessibility_note("엘리베이터 있음 / step-free access");
  mv1::Recurrence* r = e.mutable_recurrence();
  r->set_rrule(std::string("FREQ=WEEKLY;BYDAY=") + kDays[index % 5] +
               ";COUNT=" + std::to_string(weeks));
  r->mutable_first_date()->set_year(year);
  r->mutable_first_date()->set_month(month);
  r->mutable_first_date()->set_day(first);
  r->mutable_start_time()->set_hours(hour);
  r->set_duration_minutes(120);
  types::v1::LocalDate* skipped = r->add_exception_dates();
  std::tm t{};
  t.tm_year = year - 1900;
  t.tm_mon = month - 1;
  t.tm_mday = first + 7 * (skipped_week - 1);
  time_t when = timegm(&t);
  std::tm back{};
  gmtime_r(&when, &back);
  skipped->set_year(back.tm_year + 1900);
  skipped->set_month(back.tm_mon + 1);
  skipped->set_day(back.tm_mday);
  // Spring: RSVPs from 1 July before until the end of June; autumn: from 1
  // July until the end of the year.
  *e.mutable_registration() =
      spring ? Open(year, Seoul(year, 6, 30, 23, 0), 15 + index % 3 * 5, 5, 3)
             : Open(year + 1, Seoul(year, 12, 31, 23, 0), 15 + index % 3 * 5, 5,
                    3);
  return e;
}

int TermYear(int64_t now) {
  time_t when = static_cast<time_t>(now + 9 * 3600);
  std::tm t{};
  gmtime_r(&when, &t);
  return t.tm_year + 1900 + (t.tm_mon >= 6 ? 1 : 0);
}

mv1::Event Festival(int year) {
  const int day = FirstWeekday(year, 5, 6);
  mv1::Event e;
  e.set_kind(mv1::EVENT_KIND_UMBRELLA);
  e.set_type(mv1::EVENT_TYPE_FESTIVAL);
  e.mutable_title()->set_ko("하남 평생학습 축제");
  e.mutable_title()->set_en("Hanam Lifelong Learning Festival");
  e.mutable_description()->set_ko(
      "24개 학습마을과 동아리가 함께하는 배움 축제");
  e.mutable_description()->set_en(
      "A festival of learning with the 24 villages and their clubs");
  e.set_place("미사경정공원");
  e.set_district("미사2동");
  e.mutable_start_time()->set_seconds(Seoul(year, 5, day, 10, 0));
  e.mutable_end_time()->set_seconds(Seoul(year, 5, day, 18, 0));
  return e;
}

std::vector<mv1::Event> FestivalSubEvents(const std::string& festival,
                                          int year) {
  struct Sub {
    const char* ko;
    const char* en;
    mv1::EventType type;
    int hour;
    int capacity;
    int group;
  };
  static const Sub kSubs[] = {
      {"개막 토크: 배우는 도시 하남", "Opening talk: Hanam, a learning city",
       mv1::EVENT_TYPE_COURSE, 10, 200, 4},
      {"그림책 만들기 가족 워크숍", "Family picture-book workshop",
       mv1::EVENT_TYPE_COURSE, 11, 30, 4},
      {"탄소중립 장바구니 만들기", "Make a zero-waste shopping bag",
       mv1::EVENT_TYPE_VOLUNTEERING, 13, 40, 3},
      {"학습마을 성과 전시", "Learning villages' exhibition",
       mv1::EVENT_TYPE_EXHIBITION, 10, 500, 6},
      {"어르신 스마트폰 상담소", "Smartphone help desk for older adults",
       mv1::EVENT_TYPE_COURSE, 14, 20, 2},
      {"마을 합창 공연", "Village choirs' concert", mv1::EVENT_TYPE_MEETING, 16,
       150, 6},
  };
  const int day = FirstWeekday(year, 5, 6);
  std::vector<mv1::Event> out;
  for (const Sub& s : kSubs) {
    mv1::Event e;
    e.set_parent(festival);
    e.set_kind(mv1::EVENT_KIND_SINGLE);
    e.set_type(s.type);
    e.mutable_title()->set_ko(s.ko);
    e.mutable_title()->set_en(s.en);
    e.set_place("미사경정공원");
    e.set_district("미사2동");
    int64_t start = Seoul(year, 5, day, s.hour, 0);
    e.mutable_start_time()->set_seconds(start);
    e.mutable_end_time()->set_seconds(start + 90 * 60);
    *e.mutable_registration() =
        Open(year, start - 3600, s.capacity, s.capacity / 5, s.group);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace lifelong::demo
