#include "services/identity/registration_options.h"

#include <gtest/gtest.h>

namespace lifelong::identity {
namespace {

TEST(RegistrationOptionsTest, DistrictsInOrderWithTheirNames) {
  v1::GetRegistrationOptionsResponse form =
      RegistrationOptions({"Misa", "Wirye"}, {{"Misa", "미사동"}}, 2026);
  ASSERT_EQ(form.districts_size(), 2);
  EXPECT_EQ(form.districts(0).code(), "Misa");
  EXPECT_EQ(form.districts(0).name_ko(), "미사동");
  EXPECT_EQ(form.districts(0).name_en(), "Misa-dong");
  EXPECT_EQ(form.districts(1).name_ko(), "Wirye");  // no Korean name given
  EXPECT_EQ(form.max_birth_year(), 2026);
  EXPECT_EQ(form.senior_age(), 65);
}

TEST(RegistrationOptionsTest, EveryPriorityGroupAndLanguageWithDocuments) {
  v1::GetRegistrationOptionsResponse form = RegistrationOptions({}, {}, 2026);
  int groups = 0;
  for (int g = 1; v1::PriorityGroup_IsValid(g); ++g) ++groups;
  ASSERT_EQ(form.priority_groups_size(), groups);
  for (const v1::PriorityGroupOption& o : form.priority_groups()) {
    EXPECT_FALSE(o.name_ko().empty());
    EXPECT_GE(o.documents_ko_size(), 1);
    EXPECT_EQ(o.documents_ko_size(), o.documents_en_size());
  }
  int languages = 0;
  for (int l = 1; v1::Language_IsValid(l); ++l) ++languages;
  EXPECT_EQ(form.languages_size(), languages);
}

}  // namespace
}  // namespace lifelong::identity
