// Hanam SAMPLE community data (not the city's real villages or people): 24
// learning villages (학습마을) across Hanam's districts, clubs in some of
// them, terms of weekly club meetings (series with a skipped week), and a
// city learning festival with sub-events. Used by load_community_demo
// (deploy/local/up) and by the community benchmark.
//
//   for (const DemoVillage& v : HanamVillages()) ...create groups/{v.id}...
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lifelong/community/v1/community_service.pb.h"

namespace lifelong::demo {

namespace mv1 = lifelong::community::v1;

struct DemoVillage {
  std::string id;  // slug; identity's scope is "villages/{id}"
  mv1::Group group;
};
// 24 villages; "misa-lake" is the one the demo coordinator holds.
std::vector<DemoVillage> HanamVillages();

struct DemoClub {
  std::string key;      // the club's id (group.name is "groups/{key}")
  std::string village;  // "groups/{id}"
  mv1::Group group;
};
// Two clubs in each of the first 12 villages.
std::vector<DemoClub> HanamClubs();

enum class Term { kSpring, kAutumn };

// A weekly meeting series of `club` (its weekday, Tuesday to Saturday, and
// hour by `index`) for a term of `year`: spring, 13 weeks from March with
// the fourth skipped (12 meetings), RSVPs until the end of June; autumn, 15
// weeks from September with the sixth skipped (14 meetings), RSVPs until the
// end of the year.
mv1::Event ClubSeries(const DemoClub& club, int index, int year, Term term);

// The city's learning festival (an umbrella without a group) on the first
// Saturday of May of `year`, and its sub-events (talks, workshops, booths of
// villages), each with its own places.
mv1::Event Festival(int year);
// The spring term's year for `now`: this year until June, else the next.
int TermYear(int64_t now);
std::vector<mv1::Event> FestivalSubEvents(const std::string& festival,
                                          int year);

}  // namespace lifelong::demo
