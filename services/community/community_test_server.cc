#include "services/community/community_test_server.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <regex>

#include "common/errors.h"

namespace lifelong::community {

std::string NewRequestId() { return "req-" + testing::RandomSuffix(); }

std::string CitizenName(int n) {
  static const std::string run = [] {
    std::string s = testing::RandomSuffix();
    std::string hex;
    for (char c : s)
      hex += "0123456789abcdef"[static_cast<unsigned char>(c) % 16];
    return (hex + "00000000").substr(0, 8);
  }();
  char buf[64];
  std::snprintf(buf, sizeof(buf), "citizens/%s-0000-4000-8000-%012d",
                run.c_str(), n);
  return buf;
}

CommunityTestServer::CommunityTestServer()
    : db_("community_test",
          {{"community",
            testing::RepoRoot() + "/services/community/migrations"}}) {
  pool_ = std::make_unique<common::PgPool>(db_.dsn(), 24);
  auto [host, port] = testing::RedisAddress();
  redis_ = std::make_unique<common::RedisClient>(host, port);
  sessions_ =
      std::make_unique<common::SessionStore>(*redis_, common::SessionPolicy{});
  CommunityOptions options;
  options.now = [this] { return now_.load(); };
  options.max_occurrences = 60;
  options.listing_cache_ms = 0;  // tests read their own writes at once
  logic_ = std::make_unique<CommunityService>(*pool_, options);
  metrics_ = std::make_unique<common::Metrics>("community");
  guard_ =
      std::make_unique<common::RpcGuard>(*sessions_, *metrics_, kErrorDomain);
  handlers_ = std::make_unique<CommunityGrpc>(*logic_, *guard_);
  common::GrpcServerOptions server_options;
  server_options.port = 0;  // any free port
  server_ = std::make_unique<common::GrpcServer>(server_options);
  server_->Register(handlers_.get());
  server_->Start();
  stub_ = v1::CommunityService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                          grpc::InsecureChannelCredentials()));
  admin_ = AdminToken();
}

CommunityTestServer::~CommunityTestServer() {
  server_->Shutdown(std::chrono::seconds(1));
}

std::string CommunityTestServer::Token(
    const std::string& account, const std::vector<common::RoleGrant>& roles) {
  absl::StatusOr<common::NewSession> s = sessions_->Create(account, roles);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? s->token : "";
}

std::string CommunityTestServer::AdminToken() {
  return Token("staff/" + CitizenName(900000).substr(9),
               {{common::kRoleAdmin, ""}});
}

std::string CommunityTestServer::CoordinatorToken(const std::string& village) {
  return Token(
      "staff/" +
          CitizenName(800000 + static_cast<int>(
                                   std::hash<std::string>{}(village) % 1000))
              .substr(9),
      {{common::kRoleVillageCoordinator, "villages/" + village}});
}

std::string CommunityTestServer::CitizenToken(int n) {
  return Token(CitizenName(n), {{common::kRoleCitizen, ""}});
}

std::string CommunityTestServer::Query(const std::string& sql) {
  return db_.AdminQuery(
      std::regex_replace(sql, std::regex("\\{s\\}"), db_.name()));
}

v1::Group CommunityTestServer::Village(const std::string& id,
                                       const std::string& district) {
  v1::CreateGroupRequest r;
  r.set_request_id(NewRequestId());
  r.set_group_id(id);
  v1::Group* g = r.mutable_group();
  g->set_kind(v1::GROUP_KIND_VILLAGE);
  g->mutable_display_name()->set_ko(id + " 학습마을");
  g->mutable_display_name()->set_en(id + " learning village");
  g->add_districts(district);
  g->set_joining_mode(v1::JOINING_MODE_OPEN);
  g->set_visibility(v1::VISIBILITY_PUBLIC);
  v1::CreateGroupResponse response;
  grpc::Status s = Call(&Stub::CreateGroup, admin_, r, &response);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return response.group();
}

v1::Event CommunityTestServer::PublishedEvent(const std::string& token,
                                              const std::string& group,
                                              int capacity, int waitlist,
                                              int days, int max_group_size) {
  v1::CreateEventRequest r;
  r.set_request_id(NewRequestId());
  v1::Event* e = r.mutable_event();
  e->set_group(group);
  e->set_kind(v1::EVENT_KIND_SINGLE);
  e->set_type(v1::EVENT_TYPE_MEETING);
  e->mutable_title()->set_ko("마을 모임");
  e->set_place("마을 작은도서관");
  const int64_t start = kTermStart + days * kDay + 19 * 3600;
  e->mutable_start_time()->set_seconds(start);
  e->mutable_end_time()->set_seconds(start + 7200);
  v1::Registration* g = e->mutable_registration();
  g->mutable_open_time()->set_seconds(now_ - kDay);
  g->mutable_close_time()->set_seconds(start);
  g->set_capacity(capacity);
  g->set_waitlist_capacity(waitlist);
  g->set_max_group_size(max_group_size);
  v1::CreateEventResponse created;
  grpc::Status s = Call(&Stub::CreateEvent, token, r, &created);
  EXPECT_TRUE(s.ok()) << s.error_message();
  v1::PublishEventRequest p;
  p.set_request_id(NewRequestId());
  p.set_name(created.event().name());
  v1::PublishEventResponse published;
  s = Call(&Stub::PublishEvent, token, p, &published);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return published.event();
}

absl::StatusOr<v1::RsvpResponse> CommunityTestServer::Rsvp(
    const std::string& token, const std::string& event, int group_size) {
  v1::RsvpRequest r;
  r.set_request_id(NewRequestId());
  r.set_event(event);
  r.set_group_size(group_size);
  v1::RsvpResponse response;
  grpc::Status s = Call(&Stub::Rsvp, token, r, &response);
  if (!s.ok()) return common::FromGrpcStatus(s);
  return response;
}

v1::Event CommunityTestServer::GetEvent(const std::string& name) {
  v1::GetEventRequest r;
  r.set_name(name);
  v1::GetEventResponse response;
  grpc::Status s = Call(&Stub::GetEvent, admin_, r, &response);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return response.event();
}

}  // namespace lifelong::community
