// Hanam SAMPLE consulting data (not real people): six consultants at each
// of the eight base centres, three session types per centre (a 60-minute
// first consultation, a 30-minute follow-up by video or phone, a group
// information session of 12 seats) and each consultant's weekly hours —
// weekdays 09:00-18:00 with a lunch break, and two evenings a week for half
// of them (Korean consulting centres add evening slots when demand rises).
// Weekly rules run until changed: that is the term's availability. Used by
// load_consulting_demo (deploy/local/up) and by the slot-search benchmark.
#pragma once

#include <string>
#include <vector>

#include "lifelong/consulting/v1/consulting_service.pb.h"

namespace lifelong::demo {

namespace kv1 = lifelong::consulting::v1;

inline constexpr int kConsultantsPerCentre = 6;

// "misa", "wirye", ... (the catalogue's sample centres).
std::vector<std::string> ConsultingCentres();

struct DemoConsultant {
  std::string key;  // "consultant-misa-1": email key and request ids
  std::string display_name;
  std::string centre;  // "misa"
  int index = 0;       // 1..6 within the centre
};
std::vector<DemoConsultant> HanamConsultants();

struct DemoSessionType {
  std::string key;  // "misa-first"
  kv1::SessionType session_type;
};
std::vector<DemoSessionType> HanamSessionTypes();

// The consultant's weekly rules.
std::vector<kv1::WeeklyRule> WeeklyHoursOf(const DemoConsultant& consultant);

}  // namespace lifelong::demo
