// The consulting service's integration tests share this fixture: a scratch
// schema on the real PostgreSQL with the service's migrations, its logic on
// a clock the test moves, consultants made by identity's events fed to the
// consumer's handler, and helpers that set up session types and hours.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <regex>
#include <string>

#include "common/errors.h"
#include "common/pg/transaction.h"
#include "common/testing/test_stack.h"
#include "lifelong/identity/events/v1/identity_events.pb.h"
#include "services/consulting/consultants.h"
#include "services/consulting/consulting_service.h"

namespace lifelong::consulting {

// Monday 4 January 2027 in Seoul; the clock starts the Friday before, noon.
inline const int kMonday = DayNumber(2027, 1, 4);
inline const int64_t kNow = InstantOf(kMonday - 3, 12 * 60);

inline std::string Uuid(int kind, int n) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08d-0000-4000-8000-%012d", kind, n);
  return buf;
}
inline std::string CitizenName(int n) { return "citizens/" + Uuid(2, n); }
inline std::string ConsultantName(int n) { return "staff/" + Uuid(3, n); }
inline int64_t At(int day, int hour, int minute = 0) {
  return InstantOf(day, hour * 60 + minute);
}

class ConsultingTest : public ::testing::Test {
 protected:
  ConsultingTest()
      : db_("consulting_test",
            {{"consulting",
              testing::RepoRoot() + "/services/consulting/migrations"}}),
        pool_(db_.dsn(), 40),
        logic_(pool_, Options()) {}

  ConsultingOptions Options() {
    ConsultingOptions o;
    o.now = [this] { return now_.load(); };
    o.max_open_bookings = 50;
    return o;
  }

  static common::Caller Citizen(int n) {
    return {CitizenName(n), "", {{common::kRoleCitizen, ""}}, ""};
  }
  static common::Caller Staff(const std::string& centre = "misa") {
    return {"staff/" + Uuid(8, 1),
            "",
            {{common::kRoleCentreStaff, "centres/" + centre}},
            ""};
  }
  static common::Caller Admin() {
    return {"staff/" + Uuid(9, 1), "", {{common::kRoleAdmin, ""}}, ""};
  }

  void IdentityEvent(const google::protobuf::Message& payload) {
    common::ConsumedMessage m;
    m.topic = kIdentityAccountTopic;
    m.value = payload.SerializeAsString();
    m.headers["ce_type"] = payload.GetTypeName();
    absl::Status s = common::InTransaction(
        pool_, [&](pqxx::work& tx) { return ApplyIdentityEvent(tx, m); });
    ASSERT_TRUE(s.ok()) << s;
  }

  // A consultant of `centre` working Monday to Friday `from`-`to` (hours).
  std::string AddConsultant(int n, const std::string& centre = "misa",
                            int from = 9, int to = 18) {
    identity::events::v1::StaffRoleGranted e;
    e.set_staff(ConsultantName(n));
    e.mutable_grant()->set_role(identity::v1::ROLE_CONSULTANT);
    e.mutable_grant()->set_scope("centres/" + centre);
    IdentityEvent(e);
    v1::SetWeeklyRulesRequest r;
    r.set_request_id("rules-" + std::to_string(n));
    r.set_consultant(ConsultantName(n));
    v1::WeeklyRule* rule = r.add_rules();
    for (int d = 1; d <= 5; ++d) rule->add_days(d);
    rule->mutable_hours()->mutable_start()->set_hours(from);
    rule->mutable_hours()->mutable_end()->set_hours(to);
    auto set = logic_.SetWeeklyRules(Admin(), r);
    EXPECT_TRUE(set.ok()) << set.status();
    return ConsultantName(n);
  }

  // A session type of `centre`; `edit` changes the defaults (60 min on a
  // 30-minute grid, 15 min after-buffer, 2 h notice, 60 days ahead).
  std::string AddSessionType(
      const std::function<void(v1::SessionType&)>& edit = nullptr,
      const std::string& centre = "misa") {
    v1::CreateSessionTypeRequest r;
    r.set_request_id("type-" + std::to_string(++types_));
    v1::SessionType& t = *r.mutable_session_type();
    t.set_centre("centres/" + centre);
    t.set_display_name("First consultation");
    t.set_length_minutes(60);
    t.set_grid_minutes(30);
    t.set_buffer_after_minutes(15);
    t.set_minimum_notice_minutes(120);
    t.set_horizon_days(60);
    t.set_seats(1);
    t.set_channel(v1::CHANNEL_IN_PERSON);
    if (edit) edit(t);
    auto created = logic_.CreateSessionType(Admin(), r);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->session_type().name() : "";
  }

  absl::StatusOr<v1::ListAvailableSlotsResponse> Slots(
      const v1::ListAvailableSlotsRequest& r) {
    auto answer = logic_.ListAvailableSlots({}, r);
    if (!answer.ok()) return answer.status();
    v1::ListAvailableSlotsResponse response;
    EXPECT_TRUE(response.ParseFromString(**answer));
    return response;
  }

  absl::StatusOr<v1::BookSlotResponse> Book(
      int citizen, const std::string& type, const std::string& consultant,
      int64_t start, const std::string& request_id = "") {
    v1::BookSlotRequest r;
    r.set_request_id(request_id.empty() ? "book-" + std::to_string(++books_)
                                        : request_id);
    r.set_session_type(type);
    r.set_consultant(consultant);
    r.mutable_start_time()->set_seconds(start);
    r.mutable_intake()->add_topics(v1::TOPIC_DIGITAL_SKILLS);
    r.mutable_intake()->set_goals("private goals text");
    r.mutable_intake()->set_consent_to_keep(true);
    return logic_.BookSlot(Citizen(citizen), r);
  }

  std::string Query(const std::string& sql) {
    return db_.AdminQuery(
        std::regex_replace(sql, std::regex("\\{s\\}"), db_.name()));
  }
  std::string Events(const std::string& type) {
    return Query(
        "SELECT count(*) FROM {s}.outbox WHERE type = "
        "'lifelong.consulting.events.v1." +
        type + "'");
  }

  std::atomic<int64_t> now_{kNow};
  std::atomic<int> books_{0};
  int types_ = 0;
  testing::ScratchSchema db_;
  common::PgPool pool_;
  ConsultingService logic_;
};

}  // namespace lifelong::consulting
