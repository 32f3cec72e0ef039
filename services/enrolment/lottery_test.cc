#include "services/enrolment/lottery.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "common/hex_digest.h"

namespace lifelong::enrolment {
namespace {

std::string Id(int n) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "00000000-0000-4000-8000-%012d", n);
  return buf;
}

std::vector<DrawEntryInput> Entries(int n, int every_nth_disabled) {
  std::vector<DrawEntryInput> out;
  for (int i = 0; i < n; ++i) {
    DrawEntryInput e{Id(i), {}};
    if (every_nth_disabled > 0 && i % every_nth_disabled == 0)
      e.priority_groups.insert(2);
    out.push_back(e);
  }
  return out;
}

TEST(LotteryTest, RankKeyIsSha256OfSeedThenApplicationId) {
  // printf 'seed-1%s' 00000000-0000-4000-8000-000000000000 | sha256sum
  EXPECT_EQ(common::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::vector<DrawOutcome> out = RunDraw("seed-1", Entries(1, 0), {}, 1);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rank_key, common::Sha256Hex("seed-1" + Id(0)));
}

TEST(LotteryTest, SameSeedAndEntriesGiveTheSameResultWhateverTheirOrder) {
  std::vector<DrawEntryInput> entries = Entries(200, 7);
  std::vector<DrawQuota> quotas = {{2, 5}};
  std::vector<DrawOutcome> a = RunDraw("seed-1", entries, quotas, 20);
  std::reverse(entries.begin(), entries.end());
  std::vector<DrawOutcome> b = RunDraw("seed-1", entries, quotas, 20);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].application_id, b[i].application_id);
    EXPECT_EQ(a[i].seated, b[i].seated);
    EXPECT_EQ(a[i].waitlist_position, b[i].waitlist_position);
  }
  // Another seed orders them otherwise.
  std::vector<DrawOutcome> c = RunDraw("seed-2", entries, quotas, 20);
  int same = 0;
  for (size_t i = 0; i < a.size(); ++i)
    same += a[i].application_id == c[i].application_id;
  EXPECT_LT(same, 10);
}

TEST(LotteryTest, QuotasSeatTheirGroupFirstAndUnfilledSeatsReturn) {
  // 29 of 200 are in group 2 (every 7th); 10 seats, 4 reserved for group 2.
  std::vector<DrawOutcome> out =
      RunDraw("seed-1", Entries(200, 7), {{2, 4}}, 10);
  int seated = 0, by_quota = 0;
  std::vector<int> waitlist;
  for (const DrawOutcome& o : out) {
    seated += o.seated;
    by_quota += o.quota_group == 2;
    if (!o.seated) waitlist.push_back(o.waitlist_position);
  }
  EXPECT_EQ(seated, 10);
  EXPECT_EQ(by_quota, 4);
  // Waitlist 1..190 in rank order.
  ASSERT_EQ(waitlist.size(), 190u);
  for (size_t i = 0; i < waitlist.size(); ++i) EXPECT_EQ(waitlist[i], i + 1);

  // Only 2 of 10 applicants are in group 2: the other 3 reserved seats go to
  // the general pool, and everyone is seated.
  std::vector<DrawOutcome> few =
      RunDraw("seed-1", Entries(10, 5), {{2, 5}}, 10);
  int quota = 0, all = 0;
  for (const DrawOutcome& o : few) {
    quota += o.quota_group == 2;
    all += o.seated;
  }
  EXPECT_EQ(quota, 2);
  EXPECT_EQ(all, 10);
}

TEST(LotteryTest, QuotaSeatsGoToTheBestRankedOfTheGroup) {
  std::vector<DrawEntryInput> entries = Entries(50, 3);
  std::vector<DrawOutcome> out = RunDraw("s", entries, {{2, 3}}, 5);
  std::map<std::string, bool> in_group;
  for (const DrawEntryInput& e : entries)
    in_group[e.application_id] = e.priority_groups.count(2) > 0;
  int group_seen = 0;
  for (const DrawOutcome& o : out) {
    if (!in_group[o.application_id]) continue;
    ++group_seen;
    // The first three of the group in rank order hold the quota.
    EXPECT_EQ(o.quota_group == 2, group_seen <= 3) << o.application_id;
  }
  // Keys ascend.
  for (size_t i = 1; i < out.size(); ++i)
    EXPECT_LT(out[i - 1].rank_key, out[i].rank_key);
}

}  // namespace
}  // namespace lifelong::enrolment
