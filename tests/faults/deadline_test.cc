// Deadlines and drain against the running platform (issue 12, item 5): an
// answer of failure means nothing was committed.
//   - Apply with a 1, 10 or 50 ms deadline while enrolment's tables are
//     locked (a slow database) answers DEADLINE_EXCEEDED, and the server's
//     transaction ends at the deadline and commits nothing; the retry with
//     the same request_id then applies once and every later retry returns
//     that answer.
//   - The same for a consulting booking (BookSlot) while consulting's
//     tables are locked.
//   - A replica told to stop while ten Apply calls wait on the lock: when
//     the lock goes within the drain limit every call is answered OK and
//     committed; when the drain outlasts its limit no call that was not
//     answered OK commits anything afterwards.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <future>
#include <pqxx/pqxx>
#include <thread>

#include "common/errors.h"
#include "common/testing/test_stack.h"
#include "lifelong/consulting/v1/consulting_service.grpc.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "tests/support/platform_clients.h"

namespace lifelong {
namespace {

namespace iv1 = identity::v1;
namespace cv1 = catalogue::v1;
namespace ev1 = enrolment::v1;
namespace kv1 = consulting::v1;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;
using testing::Bearer;
using testing::ServiceChannel;

std::string IdOf(const std::string& name) {
  return name.substr(name.rfind('/') + 1);
}

// A service's tables locked against writes from another session, as a slow
// database would hold them, until the object goes.
class TableLock {
 public:
  explicit TableLock(const std::string& tables =
                         "enrolment.idempotency_keys, enrolment.applications")
      : conn_(testing::Env("LIFELONG_PG_ADMIN_DSN")), tx_(conn_) {
    tx_.exec("LOCK TABLE " + tables + " IN EXCLUSIVE MODE");
  }
  ~TableLock() { tx_.abort(); }

 private:
  pqxx::connection conn_;
  pqxx::work tx_;
};

// Sessions of a service's role waiting on a lock (its transactions still
// running).
int WaitingTransactions(const std::string& role = "enrolment") {
  return std::stoi(testing::AdminQuery(
      "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role +
      "' AND wait_event_type = 'Lock'"));
}

int Committed(const std::string& citizen_id, const std::string& request_id) {
  return std::stoi(testing::AdminQuery(
             "SELECT count(*) FROM enrolment.applications WHERE citizen_id = "
             "'" +
             citizen_id + "'")) +
         std::stoi(testing::AdminQuery(
             "SELECT count(*) FROM enrolment.idempotency_keys WHERE "
             "request_id = '" +
             request_id + "'"));
}

struct Citizen {
  std::string id;
  std::string token;
};

grpc::Status Apply(ev1::EnrolmentService::Stub& stub, const Citizen& c,
                   const ev1::ApplyRequest& r, milliseconds deadline,
                   ev1::ApplyResponse* out) {
  std::unique_ptr<grpc::ClientContext> ctx = Bearer(c.token);
  ctx->set_deadline(std::chrono::system_clock::now() + deadline);
  return stub.Apply(ctx.get(), r, out);
}

class DeadlineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    identity_ = iv1::IdentityService::NewStub(ServiceChannel("IDENTITY"));
    catalogue_ = cv1::CatalogueService::NewStub(ServiceChannel("CATALOGUE"));
    enrolment_ = ev1::EnrolmentService::NewStub(ServiceChannel("ENROLMENT"));
    run_ = "deadline-" + testing::RandomSuffix();
    admin_ = testing::LogIn(*identity_, testing::kAdminEmail,
                            testing::kAdminPassword);
    offering_ = testing::OpenFirstComeOffering(*catalogue_, admin_, run_, 100);
  }

  // Citizens that enrolment knows (their events consumed), and the offering.
  std::vector<Citizen> Citizens(int n) {
    std::vector<Citizen> out;
    for (int i = 0; i < n; ++i) {
      iv1::RegisterCitizenResponse r = testing::RegisterCitizen(
          *identity_, run_ + "-" + std::to_string(i), 1950 + i);
      out.push_back({IdOf(r.citizen().name()),
                     testing::LogIn(*identity_, r.citizen().email(),
                                    testing::kCitizenPassword)});
    }
    auto until = Clock::now() + std::chrono::seconds(60);
    std::string ids = "'" + out.back().id + "'";
    for (const Citizen& c : out) ids += ",'" + c.id + "'";
    while (Clock::now() < until) {
      bool known =
          testing::AdminQuery(
              "SELECT count(*) FROM enrolment.offerings "
              "WHERE id = '" +
              IdOf(offering_) + "'") == "1" &&
          std::stoi(testing::AdminQuery(
              "SELECT count(DISTINCT id) FROM enrolment.citizens WHERE id IN "
              "(" +
              ids + ")")) == n;
      if (known) return out;
      std::this_thread::sleep_for(milliseconds(100));
    }
    ADD_FAILURE() << "enrolment did not learn of the citizens and offering";
    return out;
  }

  ev1::ApplyRequest ApplyRequest(const std::string& request_id) {
    ev1::ApplyRequest r;
    r.set_request_id(request_id);
    r.set_offering(offering_);
    return r;
  }

  std::unique_ptr<iv1::IdentityService::Stub> identity_;
  std::unique_ptr<cv1::CatalogueService::Stub> catalogue_;
  std::unique_ptr<ev1::EnrolmentService::Stub> enrolment_;
  std::string run_, admin_, offering_;
};

TEST_F(DeadlineTest, ShortDeadlineOnASlowDatabaseCommitsNothing) {
  const std::vector<int> deadlines_ms = {1, 10, 50};
  std::vector<Citizen> citizens = Citizens(deadlines_ms.size());
  {
    TableLock lock;
    for (size_t i = 0; i < deadlines_ms.size(); ++i) {
      ev1::ApplyResponse out;
      grpc::Status s = Apply(*enrolment_, citizens[i],
                             ApplyRequest(run_ + "-" + std::to_string(i)),
                             milliseconds(deadlines_ms[i]), &out);
      EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED)
          << deadlines_ms[i] << " ms: " << s.error_message();
    }
    // The server's transactions ended at their deadlines: none still waits
    // on the lock (the 50 ms one ended well within this pause).
    std::this_thread::sleep_for(milliseconds(300));
    EXPECT_EQ(WaitingTransactions(), 0)
        << "a transaction outlived its call's deadline";
  }
  std::this_thread::sleep_for(milliseconds(300));
  for (size_t i = 0; i < deadlines_ms.size(); ++i) {
    EXPECT_EQ(Committed(citizens[i].id, run_ + "-" + std::to_string(i)), 0)
        << "the call with a " << deadlines_ms[i]
        << " ms deadline committed after answering DEADLINE_EXCEEDED";
  }

  // The retry with the same request_id applies, once; a retry of the retry
  // returns the committed answer.
  for (size_t i = 0; i < deadlines_ms.size(); ++i) {
    ev1::ApplyRequest r = ApplyRequest(run_ + "-" + std::to_string(i));
    ev1::ApplyResponse first, again;
    ASSERT_TRUE(
        Apply(*enrolment_, citizens[i], r, milliseconds(10000), &first).ok());
    ASSERT_TRUE(
        Apply(*enrolment_, citizens[i], r, milliseconds(10000), &again).ok());
    EXPECT_EQ(again.application().name(), first.application().name());
    EXPECT_EQ(std::stoi(testing::AdminQuery(
                  "SELECT count(*) FROM enrolment.applications WHERE "
                  "citizen_id = '" +
                  citizens[i].id + "'")),
              1);
  }
}

// `call` until it answers other than UNKNOWN_CONSULTANT (events in flight).
grpc::Status UntilConsultantKnown(const std::function<grpc::Status()>& call) {
  auto until = Clock::now() + std::chrono::seconds(60);
  grpc::Status s;
  do {
    s = call();
    if (common::ReasonOf(common::FromGrpcStatus(s)) != "UNKNOWN_CONSULTANT") {
      return s;
    }
    std::this_thread::sleep_for(milliseconds(250));
  } while (Clock::now() < until);
  return s;
}

lifelong::types::v1::LocalDate SeoulDate(int64_t instant) {
  std::time_t t = instant + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  lifelong::types::v1::LocalDate d;
  d.set_year(tm.tm_year + 1900);
  d.set_month(tm.tm_mon + 1);
  d.set_day(tm.tm_mday);
  return d;
}

TEST_F(DeadlineTest, ShortDeadlineOnABookingCommitsNothing) {
  auto consulting =
      kv1::ConsultingService::NewStub(ServiceChannel("CONSULTING"));
  // A consultant of Misa free all of today and tomorrow (Seoul), a
  // ten-minute session type, a citizen.
  std::string consultant = testing::CreateStaff(
      *identity_, admin_, run_, iv1::ROLE_CONSULTANT, {"centres/misa"});
  kv1::CreateSessionTypeRequest type;
  type.set_request_id("type-" + run_);
  kv1::SessionType& t = *type.mutable_session_type();
  t.set_centre("centres/misa");
  t.set_display_name("Deadline check-in");
  t.set_length_minutes(10);
  t.set_grid_minutes(10);
  t.set_horizon_days(2);
  t.set_channel(kv1::CHANNEL_PHONE);
  kv1::CreateSessionTypeResponse type_out;
  ASSERT_TRUE(
      consulting->CreateSessionType(Bearer(admin_).get(), type, &type_out)
          .ok());
  int64_t now = std::time(nullptr);
  for (int day = 0; day < 2; ++day) {
    kv1::SetDateOverrideRequest o;
    o.set_request_id("override-" + run_ + "-" + std::to_string(day));
    o.set_consultant(consultant);
    *o.mutable_date() = SeoulDate(now + day * 86400);
    o.add_windows()->mutable_end()->set_hours(24);
    kv1::SetDateOverrideResponse out;
    grpc::Status s = UntilConsultantKnown([&] {
      return consulting->SetDateOverride(Bearer(admin_).get(), o, &out);
    });
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  iv1::RegisterCitizenResponse registered =
      testing::RegisterCitizen(*identity_, run_ + "-booker", 1960);
  std::string citizen = testing::LogIn(*identity_, registered.citizen().email(),
                                       testing::kCitizenPassword);
  std::string citizen_id = IdOf(registered.citizen().name());

  auto book = [&](int i, milliseconds deadline, kv1::BookSlotResponse* out) {
    kv1::BookSlotRequest r;
    r.set_request_id(run_ + "-book-" + std::to_string(i));
    r.set_session_type(type_out.session_type().name());
    r.set_consultant(consultant);
    // Ten-minute slots an hour apart, from the next hour on.
    r.mutable_start_time()->set_seconds((now / 3600 + 1 + i) * 3600);
    r.mutable_intake()->add_topics(kv1::TOPIC_DIGITAL_SKILLS);
    std::unique_ptr<grpc::ClientContext> ctx = Bearer(citizen);
    ctx->set_deadline(std::chrono::system_clock::now() + deadline);
    return consulting->BookSlot(ctx.get(), r, out);
  };
  auto committed = [&] {
    return std::stoi(testing::AdminQuery(
               "SELECT count(*) FROM consulting.bookings WHERE citizen_id = '" +
               citizen_id + "'")) +
           std::stoi(testing::AdminQuery(
               "SELECT count(*) FROM consulting.idempotency_keys WHERE "
               "request_id LIKE '" +
               run_ + "-book-%'"));
  };

  const std::vector<int> deadlines_ms = {1, 10, 50};
  {
    TableLock lock("consulting.idempotency_keys, consulting.bookings");
    for (size_t i = 0; i < deadlines_ms.size(); ++i) {
      kv1::BookSlotResponse out;
      grpc::Status s = book(i, milliseconds(deadlines_ms[i]), &out);
      EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED)
          << deadlines_ms[i] << " ms: " << s.error_message();
    }
    std::this_thread::sleep_for(milliseconds(300));
    EXPECT_EQ(WaitingTransactions("consulting"), 0)
        << "a booking transaction outlived its call's deadline";
  }
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_EQ(committed(), 0)
      << "a booking that answered DEADLINE_EXCEEDED was committed";

  // Retried with their request_ids: each books once.
  for (size_t i = 0; i < deadlines_ms.size(); ++i) {
    kv1::BookSlotResponse first, again;
    grpc::Status s = book(i, milliseconds(10000), &first);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_TRUE(book(i, milliseconds(10000), &again).ok());
    EXPECT_EQ(again.booking().name(), first.booking().name());
  }
  EXPECT_EQ(
      std::stoi(testing::AdminQuery(
          "SELECT count(*) FROM consulting.bookings WHERE citizen_id = '" +
          citizen_id + "'")),
      3);
}

// A replica of enrolment with a 1-second drain limit and 16 connections.
struct Replica {
  std::string address;
  std::unique_ptr<ev1::EnrolmentService::Stub> stub;
};

Replica StartReplica() {
  // Connections for all ten calls, so that all ten wait on the lock.
  setenv("LIFELONG_DRAIN_SECONDS", "1", 1);
  setenv("LIFELONG_PG_POOL_SIZE", "16", 1);
  testing::StackCtl("replica-start enrolment 1");
  unsetenv("LIFELONG_DRAIN_SECONDS");
  unsetenv("LIFELONG_PG_POOL_SIZE");
  std::ifstream addr(testing::Env("LIFELONG_STATE") + "/run/enrolment-1.addr");
  Replica r;
  addr >> r.address;
  r.stub = ev1::EnrolmentService::NewStub(
      grpc::CreateChannel(r.address, grpc::InsecureChannelCredentials()));
  return r;
}

struct Outcome {
  grpc::Status status;
  std::string application;
};

// Ten Apply calls wait on the lock at the replica; the replica is told to
// stop; the lock goes `release_after` later. Returns each call's answer.
std::vector<Outcome> DrainWhileWaiting(
    Replica& replica, const std::vector<Citizen>& citizens,
    milliseconds release_after,
    const std::function<ev1::ApplyRequest(int)>& request) {
  auto lock = std::make_unique<TableLock>();
  std::vector<std::future<Outcome>> calls;
  for (size_t i = 0; i < citizens.size(); ++i) {
    calls.push_back(std::async(std::launch::async, [&, i] {
      ev1::ApplyResponse out;
      Outcome o;
      o.status = Apply(*replica.stub, citizens[i], request(i),
                       milliseconds(30000), &out);
      o.application = out.application().name();
      return o;
    }));
  }
  auto until = Clock::now() + std::chrono::seconds(10);
  while (WaitingTransactions() < static_cast<int>(citizens.size()) &&
         Clock::now() < until) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_EQ(WaitingTransactions(), static_cast<int>(citizens.size()));
  auto stop = std::async(std::launch::async, [] {
    testing::StackCtl("replica-stop enrolment 1");  // SIGTERM, waits for exit
  });
  std::this_thread::sleep_for(release_after);
  lock.reset();
  std::vector<Outcome> outcomes;
  for (auto& c : calls) outcomes.push_back(c.get());
  stop.get();
  return outcomes;
}

TEST_F(DeadlineTest, DrainWithinItsLimitAnswersAndCommitsEveryCall) {
  std::vector<Citizen> citizens = Citizens(10);
  Replica replica = StartReplica();
  auto request = [&](int i) {
    return ApplyRequest(run_ + "-in-" + std::to_string(i));
  };
  std::vector<Outcome> outcomes =
      DrainWhileWaiting(replica, citizens, milliseconds(400), request);
  for (size_t i = 0; i < outcomes.size(); ++i) {
    EXPECT_TRUE(outcomes[i].status.ok()) << outcomes[i].status.error_message();
    EXPECT_EQ(Committed(citizens[i].id, request(i).request_id()), 2);
  }
}

TEST_F(DeadlineTest, DrainPastItsLimitCommitsNothingItDidNotAnswer) {
  std::vector<Citizen> citizens = Citizens(10);
  Replica replica = StartReplica();
  auto request = [&](int i) {
    return ApplyRequest(run_ + "-past-" + std::to_string(i));
  };
  // The lock outlasts the 1-second drain limit and the 2-second grace.
  std::vector<Outcome> outcomes =
      DrainWhileWaiting(replica, citizens, milliseconds(4000), request);
  std::this_thread::sleep_for(milliseconds(500));
  int answered_ok = 0, shutting_down = 0;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const grpc::Status& s = outcomes[i].status;
    if (s.ok()) {
      ++answered_ok;
      EXPECT_EQ(Committed(citizens[i].id, request(i).request_id()), 2);
      continue;
    }
    if (common::ReasonOf(common::FromGrpcStatus(s)) == "SHUTTING_DOWN") {
      ++shutting_down;
    }
    EXPECT_EQ(Committed(citizens[i].id, request(i).request_id()), 0)
        << "call " << i << " was answered " << s.error_code() << " ("
        << s.error_message() << ") and committed afterwards";
    // Another replica takes the retry, once.
    ev1::ApplyResponse out;
    EXPECT_TRUE(
        Apply(*enrolment_, citizens[i], request(i), milliseconds(10000), &out)
            .ok());
    EXPECT_EQ(Committed(citizens[i].id, request(i).request_id()), 2);
  }
  std::cout << "drain past its limit: " << answered_ok << " answered OK, "
            << shutting_down << " UNAVAILABLE SHUTTING_DOWN, "
            << outcomes.size() - answered_ok - shutting_down
            << " other failures; nothing committed after a failure\n";
  EXPECT_EQ(shutting_down, 10)
      << "the waiting calls were to be told SHUTTING_DOWN (nothing "
         "committed, retry) before the grace ended";
}

}  // namespace
}  // namespace lifelong
