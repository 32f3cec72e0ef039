// The enrolment process is killed (SIGKILL) in the middle of a rush and
// restarted: every application that got an answer is still there, and its
// events all reach Kafka.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "common/errors.h"
#include "common/testing/test_stack.h"
#include "lifelong/catalogue/v1/catalogue_service.grpc.pb.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"

namespace lifelong {
namespace {

namespace iv1 = identity::v1;
namespace cv1 = catalogue::v1;
namespace ev1 = enrolment::v1;

constexpr int kCitizens = 300;

std::shared_ptr<grpc::Channel> Channel(const std::string& service) {
  return grpc::CreateChannel(testing::Env("LIFELONG_" + service + "_ADDR"),
                             grpc::InsecureChannelCredentials());
}

std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return ctx;
}

std::string Login(iv1::IdentityService::Stub& identity,
                  const std::string& login, const std::string& password) {
  iv1::LoginRequest r;
  r.set_login(login);
  r.set_password(password);
  iv1::LoginResponse out;
  EXPECT_TRUE(identity.Login(As("").get(), r, &out).ok());
  return out.session_token();
}

// A published first-come offering with `capacity` seats, open now.
std::string OpenOffering(cv1::CatalogueService::Stub& catalogue,
                         const std::string& admin, const std::string& run,
                         int capacity) {
  cv1::CreateCentreRequest centre;
  centre.set_request_id("kill-centre-" + run);
  centre.set_centre_id("kill-" + run);
  centre.mutable_centre()->mutable_display_name()->set_ko("장애 시험 센터");
  centre.mutable_centre()->set_district("Misa");
  cv1::CreateCentreResponse centre_out;
  EXPECT_TRUE(
      catalogue.CreateCentre(As(admin).get(), centre, &centre_out).ok());
  cv1::CreateProgrammeRequest programme;
  programme.set_request_id("kill-programme-" + run);
  cv1::Programme* p = programme.mutable_programme();
  p->set_centre(centre_out.centre().name());
  p->mutable_title()->set_ko("온라인 인문학");
  p->mutable_title()->set_en("Humanities online");
  p->set_category("categories/humanities");
  p->add_audiences(cv1::AUDIENCE_ADULTS);
  p->set_instruction_language("ko");
  p->set_level(cv1::LEVEL_BEGINNER);
  cv1::CreateProgrammeResponse programme_out;
  EXPECT_TRUE(
      catalogue.CreateProgramme(As(admin).get(), programme, &programme_out)
          .ok());
  cv1::PublishProgrammeRequest publish_programme;
  publish_programme.set_request_id("kill-publish-programme-" + run);
  publish_programme.set_name(programme_out.programme().name());
  cv1::PublishProgrammeResponse programme_published;
  EXPECT_TRUE(catalogue
                  .PublishProgramme(As(admin).get(), publish_programme,
                                    &programme_published)
                  .ok());
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  cv1::CreateOfferingRequest offering;
  offering.set_request_id("kill-offering-" + run);
  cv1::Offering* o = offering.mutable_offering();
  o->set_programme(programme_out.programme().name());
  o->set_term("2027-spring");
  o->set_delivery(cv1::DELIVERY_ONLINE);
  o->set_capacity(capacity);
  o->set_selection(cv1::SELECTION_METHOD_FIRST_COME);
  cv1::ApplicationWindow* w = o->add_windows();
  w->set_audience(cv1::WINDOW_AUDIENCE_EVERYONE);
  w->mutable_open_time()->set_seconds(now - 3600);
  w->mutable_close_time()->set_seconds(now + 86400);
  cv1::Session* s = o->add_sessions();
  s->mutable_start_time()->set_seconds(now + 5 * 86400);
  s->mutable_end_time()->set_seconds(now + 5 * 86400 + 3600);
  cv1::CreateOfferingResponse offering_out;
  EXPECT_TRUE(
      catalogue.CreateOffering(As(admin).get(), offering, &offering_out).ok());
  cv1::PublishOfferingRequest publish;
  publish.set_request_id("kill-publish-" + run);
  publish.set_name(offering_out.offering().name());
  cv1::PublishOfferingResponse published;
  EXPECT_TRUE(
      catalogue.PublishOffering(As(admin).get(), publish, &published).ok());
  return published.offering().name();
}

TEST(EnrolmentKillTest, AnsweredApplicationsSurviveASigkill) {
  auto identity = iv1::IdentityService::NewStub(Channel("IDENTITY"));
  auto catalogue = cv1::CatalogueService::NewStub(Channel("CATALOGUE"));
  std::string run = testing::RandomSuffix();
  std::string admin =
      Login(*identity, "admin@hanam.example", "Hanam-Lifelong-2026!");
  std::string offering = OpenOffering(*catalogue, admin, run, 40);

  std::vector<std::string> tokens;
  for (int i = 0; i < kCitizens; ++i) {
    iv1::RegisterCitizenRequest reg;
    reg.set_request_id("kill-" + run + "-" + std::to_string(i));
    reg.set_display_name("Citizen " + std::to_string(i));
    reg.set_email("kill-" + run + "-" + std::to_string(i) + "@example.kr");
    reg.set_password("Correct-Horse-42");
    reg.set_birth_year(1960 + i % 40);
    reg.set_district("Misa");
    reg.set_language(iv1::LANGUAGE_KO);
    iv1::RegisterCitizenResponse out;
    ASSERT_TRUE(identity->RegisterCitizen(As("").get(), reg, &out).ok());
    tokens.push_back(Login(*identity, reg.email(), "Correct-Horse-42"));
  }

  // Apply from 16 clients; each citizen retries (same request_id) until it
  // has an answer, as a front-end would. The process dies part-way.
  std::mutex mu;
  std::set<std::string> answered;  // application names the clients were given
  std::atomic<int> next{0}, started{0};
  std::atomic<int> refused_while_down{0};  // calls that met the dead process
  auto client = [&] {
    auto enrolment = ev1::EnrolmentService::NewStub(Channel("ENROLMENT"));
    for (int i = next++; i < kCitizens; i = next++) {
      ev1::ApplyRequest apply;
      apply.set_request_id("kill-apply-" + run + "-" + std::to_string(i));
      apply.set_offering(offering);
      auto deadline =
          std::chrono::steady_clock::now() + std::chrono::seconds(120);
      while (std::chrono::steady_clock::now() < deadline) {
        ev1::ApplyResponse out;
        grpc::Status s = enrolment->Apply(As(tokens[i]).get(), apply, &out);
        if (s.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          answered.insert(out.application().name());
          ++started;
          break;
        }
        std::string reason = common::ReasonOf(common::FromGrpcStatus(s));
        if (reason != "CITIZEN_UNKNOWN" && reason != "OFFERING_NOT_FOUND") {
          ++refused_while_down;
        }
        // Not yet known (events in flight) or the process is down: retry.
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  };
  std::vector<std::thread> clients;
  for (int t = 0; t < 16; ++t) clients.emplace_back(client);
  while (started < kCitizens / 3)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  testing::StackCtl("service-kill enrolment");
  testing::StackCtl("service-start enrolment");
  for (auto& t : clients) t.join();

  EXPECT_GT(refused_while_down, 0) << "the kill did not land during the rush";
  ASSERT_EQ(answered.size(), static_cast<size_t>(kCitizens));
  std::string id = offering.substr(10);
  EXPECT_EQ(
      testing::AdminQuery("SELECT count(*) FROM enrolment.applications WHERE "
                          "offering_id = '" +
                          id + "'"),
      std::to_string(kCitizens));
  EXPECT_EQ(
      testing::AdminQuery(
          "SELECT confirmed FROM enrolment.offerings WHERE id = '" + id + "'"),
      "40");
  // Every answered application's ApplicationSubmitted is on Kafka.
  std::set<std::string> on_kafka;
  for (const common::ConsumedMessage& m : testing::ReadTopic(
           "lifelong.enrolment.application.v1",
           [&](const common::ConsumedMessage& m) {
             return m.key == id &&
                    m.headers.at("ce_type") ==
                        "lifelong.enrolment.events.v1.ApplicationSubmitted";
           },
           kCitizens, std::chrono::seconds(90))) {
    enrolment::events::v1::ApplicationSubmitted e;
    ASSERT_TRUE(e.ParseFromString(m.value));
    on_kafka.insert(e.application().name());
  }
  EXPECT_EQ(on_kafka, answered);
}

}  // namespace
}  // namespace lifelong
