// Checks of catalogue input that need nothing but the request (and, for an
// offering, its venue): each adds violations naming the field and a stable
// reason, so that one answer lists every bad field.
#pragma once

#include <string>
#include <vector>

#include "common/errors.h"
#include "lifelong/catalogue/v1/catalogue_service.pb.h"

namespace lifelong::catalogue {

// "[a-z0-9-]{1,40}": centre, venue and room ids.
bool IsSlug(const std::string& s);

void ValidateCentre(const v1::Centre& centre, common::FieldViolations& v);
void ValidateVenue(const v1::Venue& venue, common::FieldViolations& v);
// Category and prerequisites are checked against the database elsewhere.
void ValidateProgramme(const v1::Programme& programme,
                       const std::string& prefix, common::FieldViolations& v);
void ValidateOffering(const v1::Offering& offering, const std::string& prefix,
                      common::FieldViolations& v);
// Capacity within the room's, sessions inside the venue's opening hours
// (local time = UTC + utc_offset_minutes).
void CheckOfferingAgainstVenue(const v1::Offering& offering,
                               const v1::Venue& venue, int utc_offset_minutes,
                               const std::string& prefix,
                               common::FieldViolations& v);

// Field-mask paths a caller may write.
extern const std::vector<std::string> kProgrammeWritableFields;
extern const std::vector<std::string> kOfferingWritableFields;
// Checks each path is a field of `descriptor` and in `writable`.
void ValidateUpdateMask(const google::protobuf::FieldMask& mask,
                        const google::protobuf::Descriptor& descriptor,
                        const std::vector<std::string>& writable,
                        common::FieldViolations& v);

// Local day of week (1 = Monday) and minute of day of a UTC instant.
struct LocalTime {
  int day_of_week;
  int minute;
};
LocalTime ToLocal(int64_t utc_seconds, int utc_offset_minutes);

}  // namespace lifelong::catalogue
