#include "deploy/demo/hanam_consulting.h"

namespace lifelong::demo {
namespace {

const char* const kFamilyNames[] = {"Kim",  "Lee", "Park", "Choi", "Jung",
                                    "Kang", "Cho", "Yoon", "Jang", "Lim"};
const char* const kGivenNames[] = {"Minji",  "Seojun", "Jiwoo",  "Hayun",
                                   "Dohyun", "Yerin",  "Jihoon", "Sua"};

kv1::TimeWindow Window(int from_hour, int to_hour) {
  kv1::TimeWindow w;
  w.mutable_start()->set_hours(from_hour);
  w.mutable_end()->set_hours(to_hour);
  return w;
}

}  // namespace

std::vector<std::string> ConsultingCentres() {
  return {"misa",    "wirye",      "pungsan", "deokpung",
          "sinjang", "cheonhyeon", "gamil",   "chungung"};
}

std::vector<DemoConsultant> HanamConsultants() {
  std::vector<DemoConsultant> out;
  int n = 0;
  for (const std::string& centre : ConsultingCentres()) {
    for (int i = 1; i <= kConsultantsPerCentre; ++i, ++n) {
      out.push_back({"consultant-" + centre + "-" + std::to_string(i),
                     std::string(kFamilyNames[n % 10]) + " " +
                         kGivenNames[(n / 10 + i) % 8] +
                         " (learning consultant, " + centre + ")",
                     centre, i});
    }
  }
  return out;
}

std::vector<DemoSessionType> HanamSessionTypes() {
  std::vector<DemoSessionType> out;
  for (const std::string& centre : ConsultingCentres()) {
    kv1::SessionType first;
    first.set_centre("centres/" + centre);
    first.set_display_name("첫 평생학습 상담 (First learning consultation)");
    first.set_length_minutes(60);
    first.set_grid_minutes(30);
    first.set_buffer_after_minutes(15);
    first.set_minimum_notice_minutes(120);
    first.set_horizon_days(90);
    first.set_cap_per_day(5);
    first.set_channel(kv1::CHANNEL_IN_PERSON);
    first.add_languages(lifelong::types::v1::LANGUAGE_KO);
    first.add_languages(lifelong::types::v1::LANGUAGE_EN);
    first.set_cancel_notice_minutes(24 * 60);
    out.push_back({centre + "-first", first});

    kv1::SessionType follow_up;
    follow_up.set_centre("centres/" + centre);
    follow_up.set_display_name("후속 상담 (Follow-up, video)");
    follow_up.set_length_minutes(30);
    follow_up.set_grid_minutes(30);
    follow_up.set_minimum_notice_minutes(60);
    follow_up.set_horizon_days(90);
    follow_up.set_cap_per_week(20);
    follow_up.set_channel(kv1::CHANNEL_VIDEO);
    follow_up.add_languages(lifelong::types::v1::LANGUAGE_KO);
    follow_up.set_cancel_notice_minutes(120);
    out.push_back({centre + "-follow-up", follow_up});

    kv1::SessionType group;
    group.set_centre("centres/" + centre);
    group.set_display_name("평생학습 설명회 (Group information session)");
    group.set_length_minutes(90);
    group.set_grid_minutes(180);
    group.set_buffer_before_minutes(15);
    group.set_buffer_after_minutes(15);
    group.set_minimum_notice_minutes(24 * 60);
    group.set_horizon_days(90);
    group.set_cap_per_week(2);
    group.set_seats(12);
    group.set_channel(kv1::CHANNEL_IN_PERSON);
    group.add_topics(kv1::TOPIC_CAREER_CHANGE);
    group.add_topics(kv1::TOPIC_QUALIFICATION);
    group.add_topics(kv1::TOPIC_RETIREMENT);
    group.set_needs_confirmation(true);
    group.set_cancel_notice_minutes(24 * 60);
    out.push_back({centre + "-group", group});
  }
  return out;
}

std::vector<kv1::WeeklyRule> WeeklyHoursOf(const DemoConsultant& c) {
  std::vector<kv1::WeeklyRule> rules;
  kv1::WeeklyRule weekdays;
  for (int d = 1; d <= 5; ++d) weekdays.add_days(d);
  *weekdays.mutable_hours() = Window(9, 18);
  *weekdays.add_breaks() = Window(12, 13);
  rules.push_back(weekdays);
  if (c.index % 2 == 0) {
    kv1::WeeklyRule evenings;
    evenings.add_days(2);
    evenings.add_days(4);
    *evenings.mutable_hours() = Window(18, 21);
    rules.push_back(evenings);
  }
  if (c.index == 1) {
    kv1::WeeklyRule saturday;  // Saturday walk-in and booked mornings
    saturday.add_days(6);
    *saturday.mutable_hours() = Window(10, 13);
    rules.push_back(saturday);
  }
  return rules;
}

}  // namespace lifelong::demo
