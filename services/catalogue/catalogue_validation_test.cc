#include "services/catalogue/catalogue_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lifelong::catalogue {
namespace {

TEST(LocalTimeTest, SeoulIsNineHoursAhead) {
  // 2027-03-02 10:00 UTC is Tuesday 19:00 in Seoul.
  LocalTime t = ToLocal(1803981600, 540);
  EXPECT_EQ(t.day_of_week, 2);
  EXPECT_EQ(t.minute, 19 * 60);
  // 2027-03-07 15:30 UTC is Monday 00:30 in Seoul.
  t = ToLocal(1804433400, 540);
  EXPECT_EQ(t.day_of_week, 1);
  EXPECT_EQ(t.minute, 30);
}

TEST(SlugTest, LowerCaseLettersDigitsAndDashes) {
  EXPECT_TRUE(IsSlug("misa-1"));
  EXPECT_FALSE(IsSlug(""));
  EXPECT_FALSE(IsSlug("Misa"));
  EXPECT_FALSE(IsSlug("misa/1"));
  EXPECT_FALSE(IsSlug(std::string(41, 'a')));
}

TEST(ProgrammeValidationTest, NamesEachBadField) {
  v1::Programme p;
  p.mutable_title()->set_ko(std::string(201 * 3, 'x'));
  p.set_category("health");
  p.add_audiences(static_cast<v1::Audience>(77));
  p.set_min_age(70);
  p.set_max_age(60);
  p.set_instruction_language("fr");
  p.add_sdg_tags("sdg 4");
  common::FieldViolations v;
  ValidateProgramme(p, "programme.", v);
  std::vector<std::string> got;
  for (const auto& f : v.violations()) got.push_back(f.field + ":" + f.reason);
  EXPECT_EQ(
      got,
      (std::vector<std::string>{
          "programme.title.ko:TOO_LONG", "programme.title.en:REQUIRED",
          "programme.category:INVALID_NAME",
          "programme.audiences[0]:UNKNOWN_VALUE",
          "programme.max_age:OUT_OF_RANGE",
          "programme.instruction_language:UNKNOWN_VALUE",
          "programme.level:REQUIRED", "programme.sdg_tags[0]:INVALID_FORMAT"}));
}

TEST(OfferingValidationTest, StagedWindowsGoInOrder) {
  v1::Offering o;
  o.set_programme("programmes/00000000-0000-0000-0000-000000000000");
  o.set_term("2027-spring");
  o.set_delivery(v1::DELIVERY_ONLINE);
  o.set_capacity(10);
  o.set_selection(v1::SELECTION_METHOD_LOTTERY);
  auto window = [&](v1::WindowAudience a, int64_t open) {
    v1::ApplicationWindow* w = o.add_windows();
    w->set_audience(a);
    w->mutable_open_time()->set_seconds(open);
    w->mutable_close_time()->set_seconds(open + 86400);
  };
  window(v1::WINDOW_AUDIENCE_PRIORITY_GROUPS, 1000000);
  window(v1::WINDOW_AUDIENCE_RESIDENTS, 1086400);
  window(v1::WINDOW_AUDIENCE_EVERYONE, 1172800);
  v1::Session* s = o.add_sessions();
  s->mutable_start_time()->set_seconds(2000000);
  s->mutable_end_time()->set_seconds(2003600);
  common::FieldViolations ok;
  ValidateOffering(o, "", ok);
  EXPECT_TRUE(ok.empty());

  o.mutable_windows()->SwapElements(0, 2);
  common::FieldViolations bad;
  ValidateOffering(o, "", bad);
  ASSERT_FALSE(bad.empty());
  EXPECT_EQ(bad.violations()[0].reason, "WINDOW_ORDER");
}

TEST(OfferingValidationTest, QuotasFitCapacityOnceEachForLotteries) {
  v1::Offering o;
  o.set_capacity(10);
  o.set_selection(v1::SELECTION_METHOD_LOTTERY);
  auto quota = [&](v1::PriorityGroup g, int seats) {
    v1::SeatQuota* q = o.add_quotas();
    q->set_group(g);
    q->set_seats(seats);
  };
  auto reasons = [&] {
    common::FieldViolations v;
    ValidateOffering(o, "", v);
    std::vector<std::string> out;
    for (const auto& f : v.violations()) {
      if (f.field.rfind("quotas", 0) == 0)
        out.push_back(f.field + ":" + f.reason);
    }
    return out;
  };
  quota(v1::PRIORITY_GROUP_DISABILITY, 3);
  quota(v1::PRIORITY_GROUP_OVER_65, 4);
  EXPECT_THAT(reasons(), testing::IsEmpty());

  quota(v1::PRIORITY_GROUP_DISABILITY, 4);
  EXPECT_THAT(reasons(),
              testing::UnorderedElementsAre("quotas[2].group:DUPLICATE",
                                            "quotas:OVER_CAPACITY"));

  o.clear_quotas();
  quota(v1::PRIORITY_GROUP_OVER_65, 0);
  o.set_selection(v1::SELECTION_METHOD_FIRST_COME);
  EXPECT_THAT(reasons(),
              testing::UnorderedElementsAre("quotas:LOTTERY_ONLY",
                                            "quotas[0].seats:OUT_OF_RANGE"));
}

TEST(UpdateMaskTest, KnownAndWritableOnly) {
  google::protobuf::FieldMask mask;
  mask.add_paths("capacity");
  common::FieldViolations v;
  ValidateUpdateMask(mask, *v1::Offering::descriptor(), kOfferingWritableFields,
                     v);
  EXPECT_TRUE(v.empty());
  mask.add_paths("etag");
  mask.add_paths("colour");
  ValidateUpdateMask(mask, *v1::Offering::descriptor(), kOfferingWritableFields,
                     v);
  ASSERT_EQ(v.violations().size(), 2u);
  EXPECT_EQ(v.violations()[0].reason, "NOT_WRITABLE");
  EXPECT_EQ(v.violations()[1].reason, "UNKNOWN_FIELD");
}

}  // namespace
}  // namespace lifelong::catalogue
