// The enrolment service's integration tests share this fixture: a scratch
// schema on the real PostgreSQL with the service's migrations, its logic on
// a clock the test moves, and catalogue and identity events fed to the read
// models as the Kafka consumer would.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <string>

#include "common/errors.h"
#include "common/pg/transaction.h"
#include "common/testing/test_stack.h"
#include "lifelong/catalogue/events/v1/catalogue_events.pb.h"
#include "lifelong/identity/events/v1/identity_events.pb.h"
#include "services/enrolment/enrolment_service.h"
#include "services/enrolment/read_model.h"

namespace lifelong::enrolment {

namespace cv1 = lifelong::catalogue::v1;
inline constexpr int64_t kNow = 1800000000;
inline constexpr char kInstructor[] =
    "staff/00000009-0000-4000-8000-000000000001";

inline std::string Uuid(int kind, int n) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08d-0000-4000-8000-%012d", kind, n);
  return buf;
}

class EnrolmentTest : public ::testing::Test {
 protected:
  EnrolmentTest()
      : db_("enrolment_test",
            {{"enrolment",
              testing::RepoRoot() + "/services/enrolment/migrations"}}),
        pool_(db_.dsn(), 40),
        logic_(pool_, {[this] { return now_.load(); }, [] { return 2027; }}) {}

  void Event(const std::string& topic,
             const google::protobuf::Message& payload) {
    common::ConsumedMessage m;
    m.topic = topic;
    m.value = payload.SerializeAsString();
    m.headers["ce_type"] = payload.GetTypeName();
    absl::Status s = common::InTransaction(pool_, [&](pqxx::work& tx) {
      return ApplyEvent(tx, m, logic_.seat_policy());
    });
    ASSERT_TRUE(s.ok()) << s;
  }

  // A published offering of the Misa centre: one window for everyone from a
  // minute ago for a day, then `sessions` weekly sessions a week later.
  static cv1::Offering Offering(int n, int capacity,
                                cv1::SelectionMethod selection,
                                int sessions = 1) {
    cv1::Offering o;
    o.set_name("offerings/" + Uuid(1, n));
    o.set_centre("centres/misa");
    o.set_instructor(kInstructor);
    o.set_etag("v1");
    o.set_state(cv1::OFFERING_STATE_PUBLISHED);
    o.set_capacity(capacity);
    o.set_selection(selection);
    cv1::ApplicationWindow* w = o.add_windows();
    w->set_audience(cv1::WINDOW_AUDIENCE_EVERYONE);
    w->mutable_open_time()->set_seconds(kNow - 60);
    w->mutable_close_time()->set_seconds(kNow + 86400);
    for (int i = 0; i < sessions; ++i) {
      cv1::Session* s = o.add_sessions();
      s->set_session_id("s" + std::to_string(i + 1));
      s->mutable_start_time()->set_seconds(kNow + (i + 1) * 7 * 86400);
      s->mutable_end_time()->set_seconds(kNow + (i + 1) * 7 * 86400 + 7200);
      s->set_state(cv1::SESSION_STATE_SCHEDULED);
    }
    return o;
  }

  std::string Publish(const cv1::Offering& o) {
    catalogue::events::v1::OfferingPublished e;
    *e.mutable_offering() = o;
    Event(kCatalogueOfferingTopic, e);
    return o.name();
  }

  std::string Publish(int n, int capacity, cv1::SelectionMethod selection,
                      int version = 1, const std::string& limit_group = "") {
    cv1::Offering o = Offering(n, capacity, selection);
    o.set_etag("v" + std::to_string(version));
    o.set_limit_group(limit_group);
    return Publish(o);
  }

  std::string Citizen(int n, int verified_group = 0) {
    identity::events::v1::CitizenRegistered e;
    e.set_citizen("citizens/" + Uuid(2, n));
    e.set_birth_year(1980);
    e.set_district("Misa");
    Event(kIdentityAccountTopic, e);
    if (verified_group != 0) {
      identity::events::v1::PriorityClaimVerified v;
      v.set_citizen(e.citizen());
      v.set_group(static_cast<identity::v1::PriorityGroup>(verified_group));
      v.set_status(identity::v1::CLAIM_STATUS_VERIFIED);
      Event(kIdentityPriorityTopic, v);
    }
    return e.citizen();
  }

  static common::Caller As(const std::string& citizen) {
    return {citizen, "", {{common::kRoleCitizen, ""}}, "127.0.0.1"};
  }
  static common::Caller Staff() {
    return {"staff/" + Uuid(8, 1),
            "",
            {{common::kRoleCentreStaff, "centres/misa"}},
            "127.0.0.1"};
  }
  static common::Caller Instructor() {
    return {kInstructor, "", {{common::kRoleInstructor, ""}}, "127.0.0.1"};
  }

  absl::StatusOr<v1::ApplyResponse> Apply(const std::string& citizen,
                                          const std::string& offering,
                                          const std::string& request_id) {
    v1::ApplyRequest r;
    r.set_request_id(request_id);
    r.set_offering(offering);
    return logic_.Apply(As(citizen), r);
  }

  std::string Count(const std::string& sql) {
    return db_.AdminQuery(
        std::regex_replace(sql, std::regex("\\{s\\}"), db_.name()));
  }

  // Events of one type in the outbox.
  std::string Events(const std::string& type) {
    return Count(
        "SELECT count(*) FROM {s}.outbox WHERE type = "
        "'lifelong.enrolment.events.v1." +
        type + "'");
  }

  // The payloads of one event type in the outbox, oldest first.
  std::vector<std::string> Payloads(const std::string& type) {
    std::vector<std::string> out;
    pqxx::connection conn(db_.dsn());
    pqxx::nontransaction tx(conn);
    for (const pqxx::row& row : tx.exec_params(
             "SELECT payload FROM outbox WHERE type = $1 ORDER BY id", type)) {
      out.push_back(pqxx::binarystring(row[0]).str());
    }
    return out;
  }

  std::atomic<int64_t> now_{kNow};
  testing::ScratchSchema db_;
  common::PgPool pool_;
  EnrolmentService logic_;
};

}  // namespace lifelong::enrolment
