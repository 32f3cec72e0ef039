// load_community_demo IDENTITY_ADDR COMMUNITY_ADDR
// Loads Hanam SAMPLE community data (deploy/demo/hanam_community.h) into a
// running platform through the community API, signed in as the demo admin:
// 24 learning villages, 24 clubs, an autumn and a spring term of weekly
// meetings per club (published), and the city's learning festival with six
// sub-events (published). Every call has a fixed request_id, so running it
// again changes nothing.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <iostream>
#include <string>

#include "deploy/demo/hanam_community.h"
#include "lifelong/community/v1/community_service.grpc.pb.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"

namespace iv1 = lifelong::identity::v1;
namespace mv1 = lifelong::community::v1;
namespace demo = lifelong::demo;
using Stub = mv1::CommunityService::Stub;

namespace {

constexpr char kAdminEmail[] = "admin@hanam.example";
constexpr char kAdminPassword[] = "Hanam-Lifelong-2026!";

class Loader {
 public:
  Loader(Stub& stub, std::string bearer)
      : stub_(stub), bearer_(std::move(bearer)) {}

  template <typename Request, typename Response>
  bool Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                         Response*),
            const Request& request, Response* response,
            const std::string& what) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", bearer_);
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    grpc::Status s = (stub_.*method)(&ctx, request, response);
    if (s.ok() || s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
      return true;
    }
    std::cerr << what << ": " << s.error_code() << " " << s.error_message()
              << "\n";
    ++failures_;
    return false;
  }

  // Creates and publishes; returns the event's name or "".
  std::string Publish(const mv1::Event& event, const std::string& key) {
    mv1::CreateEventRequest create;
    create.set_request_id("demo-event-" + key);
    *create.mutable_event() = event;
    mv1::CreateEventResponse created;
    if (!Call(&Stub::CreateEvent, create, &created, key)) return "";
    mv1::PublishEventRequest publish;
    publish.set_request_id("demo-publish-" + key);
    publish.set_name(created.event().name());
    mv1::PublishEventResponse published;
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", bearer_);
    grpc::Status s = stub_.PublishEvent(&ctx, publish, &published);
    // Published before by a run whose answer was lost: fine.
    if (!s.ok() && s.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
      std::cerr << key << ": " << s.error_message() << "\n";
      ++failures_;
    }
    return created.event().name();
  }

  int failures() const { return failures_; }

 private:
  Stub& stub_;
  const std::string bearer_;
  int failures_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: load_community_demo IDENTITY_ADDR COMMUNITY_ADDR\n";
    return 2;
  }
  auto identity = iv1::IdentityService::NewStub(
      grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials()));
  iv1::LoginRequest login;
  login.set_login(kAdminEmail);
  login.set_password(kAdminPassword);
  iv1::LoginResponse session;
  grpc::ClientContext login_ctx;
  grpc::Status s = identity->Login(&login_ctx, login, &session);
  if (!s.ok()) {
    std::cerr << "admin login: " << s.error_message() << "\n";
    return 1;
  }
  auto community = mv1::CommunityService::NewStub(
      grpc::CreateChannel(argv[2], grpc::InsecureChannelCredentials()));
  Loader loader(*community, "Bearer " + session.session_token());

  for (const demo::DemoVillage& v : demo::HanamVillages()) {
    mv1::CreateGroupRequest r;
    r.set_request_id("demo-village-" + v.id);
    r.set_group_id(v.id);
    *r.mutable_group() = v.group;
    mv1::CreateGroupResponse out;
    loader.Call(&Stub::CreateGroup, r, &out, v.id);
  }
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const int year = demo::TermYear(now);
  const std::vector<demo::DemoClub> clubs = demo::HanamClubs();
  int series = 0;
  for (size_t i = 0; i < clubs.size(); ++i) {
    const demo::DemoClub& c = clubs[i];
    mv1::CreateGroupRequest r;
    r.set_request_id("demo-club-" + c.key);
    r.set_group_id(c.key);
    *r.mutable_group() = c.group;
    mv1::CreateGroupResponse out;
    if (!loader.Call(&Stub::CreateGroup, r, &out, c.key)) continue;
    // The spring term ahead and the autumn term before it, so that the
    // public listing has meetings in most months of the year.
    series += !loader
                   .Publish(demo::ClubSeries(c, static_cast<int>(i), year,
                                             demo::Term::kSpring),
                            "series-" + c.key + "-" + std::to_string(year))
                   .empty();
    series +=
        !loader
             .Publish(demo::ClubSeries(c, static_cast<int>(i), year - 1,
                                       demo::Term::kAutumn),
                      "series-" + c.key + "-autumn-" + std::to_string(year - 1))
             .empty();
  }
  const std::string festival =
      loader.Publish(demo::Festival(year), "festival-" + std::to_string(year));
  int subs = 0;
  if (!festival.empty()) {
    std::vector<mv1::Event> events = demo::FestivalSubEvents(festival, year);
    for (size_t i = 0; i < events.size(); ++i) {
      subs += !loader
                   .Publish(events[i], "festival-" + std::to_string(year) +
                                           "-" + std::to_string(i + 1))
                   .empty();
    }
  }
  std::cout << "demo community: 24 villages, " << clubs.size() << " clubs, "
            << series << " weekly series (autumn " << year - 1 << ", spring "
            << year << ")"
            << ", a festival with " << subs << " sub-events\n";
  return loader.failures() == 0 ? 0 : 1;
}
