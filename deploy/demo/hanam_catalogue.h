// Hanam SAMPLE catalogue data (not the city's real programme): the eight base
// centres, libraries and Line 5 subway-station venues, and a term of
// programmes and offerings for every audience, in Korean with English
// translations. Used by load_demo (deploy/local/up) and, scaled up, by the
// catalogue benchmark.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lifelong/catalogue/v1/catalogue_service.pb.h"

namespace lifelong::demo {

namespace cv1 = lifelong::catalogue::v1;

struct DemoCentre {
  std::string id;  // also the identity scope "centres/{id}"
  cv1::Centre centre;
};
struct DemoVenue {
  std::string id;
  cv1::Venue venue;
};

std::vector<DemoCentre> HanamCentres();
// Each centre's hall, four libraries and four subway stations on Line 5.
std::vector<DemoVenue> HanamVenues();

// One programme per subject and centre (26 subjects x 8 centres = 208).
struct DemoProgramme {
  std::string key;  // stable, for request ids
  cv1::Programme programme;
  int subject = 0;
  int centre = 0;
};
std::vector<DemoProgramme> HanamProgrammes();

// The `run`-th offering of a programme (run 0 is the spring term's): weekly
// sessions from `term_start` (UTC seconds of a Monday 00:00 in Seoul).
cv1::Offering HanamOffering(const DemoProgramme& p,
                            const std::string& programme_name, int run,
                            int64_t term_start, int64_t now);

// Monday 2027-03-01 00:00 in Seoul.
inline constexpr int64_t kSpring2027 = 1803826800;

}  // namespace lifelong::demo
