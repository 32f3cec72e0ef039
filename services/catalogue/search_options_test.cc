#include "services/catalogue/search_options.h"

#include <gtest/gtest.h>

namespace lifelong::catalogue {
namespace {

// A value added to a searchable enum must get its names here, or the form
// would not offer it.
TEST(SearchOptionsTest, EverySearchableValueHasKoreanAndEnglishNames) {
  for (const google::protobuf::EnumDescriptor* e :
       {v1::Audience_descriptor(), v1::VenueKind_descriptor(),
        v1::Delivery_descriptor(), v1::Accessibility_descriptor(),
        v1::TimeOfDay_descriptor(), v1::Level_descriptor()}) {
    for (int i = 1; i < e->value_count(); ++i) {
      const v1::LocalizedText* name = SearchOptionName(e->value(i)->name());
      ASSERT_NE(name, nullptr) << e->value(i)->name() << " has no names";
      EXPECT_FALSE(name->ko().empty()) << e->value(i)->name();
      EXPECT_FALSE(name->en().empty()) << e->value(i)->name();
    }
  }
}

TEST(SearchOptionsTest, ListsFollowTheirEnumsWithoutUnspecified) {
  v1::GetSearchOptionsResponse r = SearchOptions();
  ASSERT_EQ(r.audiences_size(), v1::Audience_descriptor()->value_count() - 1);
  EXPECT_EQ(r.audiences(0).value(), "AUDIENCE_OLDER_ADULTS");
  EXPECT_EQ(r.audiences(0).number(), v1::AUDIENCE_OLDER_ADULTS);
  EXPECT_EQ(r.audiences(0).display_name().ko(), "어르신");
  bool subway = false;
  for (const v1::EnumOption& o : r.venue_kinds()) {
    subway |= o.number() == v1::VENUE_KIND_SUBWAY_STATION &&
              o.display_name().en() == "Subway station";
  }
  EXPECT_TRUE(subway);
  EXPECT_EQ(r.times_of_day_size(), 3);
  EXPECT_EQ(r.levels_size(), 3);
  EXPECT_EQ(r.deliveries_size(), 3);
  EXPECT_EQ(r.accessibility_size(),
            v1::Accessibility_descriptor()->value_count() - 1);
}

}  // namespace
}  // namespace lifelong::catalogue
