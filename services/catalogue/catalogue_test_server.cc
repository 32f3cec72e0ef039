#include "services/catalogue/catalogue_test_server.h"

#include <gtest/gtest.h>

namespace lifelong::catalogue {

std::string NewRequestId() { return "req-" + testing::RandomSuffix(); }

CatalogueTestServer::CatalogueTestServer()
    : db_("catalogue_test",
          {{"catalogue",
            testing::RepoRoot() + "/services/catalogue/migrations"}}) {
  pool_ = std::make_unique<common::PgPool>(db_.dsn(), 16);
  auto [host, port] = testing::RedisAddress();
  redis_ = std::make_unique<common::RedisClient>(host, port);

  sessions_ =
      std::make_unique<common::SessionStore>(*redis_, common::SessionPolicy{});
  index_ = std::make_unique<SearchIndex>(*pool_, db_.dsn());
  index_->Start();
  logic_ = std::make_unique<CatalogueService>(
      *pool_, *index_, CatalogueOptions{540, [this] { return now_.load(); }});
  metrics_ = std::make_unique<common::Metrics>("catalogue");
  guard_ =
      std::make_unique<common::RpcGuard>(*sessions_, *metrics_, kErrorDomain);
  handlers_ = std::make_unique<CatalogueGrpc>(*logic_, *guard_);
  server_ = std::make_unique<common::GrpcServer>(common::GrpcServerOptions{0});
  server_->Register(handlers_.get());
  server_->Start();
  stub_ = v1::CatalogueService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                          grpc::InsecureChannelCredentials()));
  admin_ = AdminToken();
}

CatalogueTestServer::~CatalogueTestServer() {
  server_->Shutdown(std::chrono::seconds(1));
  index_->Stop();
}

std::string CatalogueTestServer::Token(
    const std::vector<common::RoleGrant>& roles) {
  absl::StatusOr<common::NewSession> s =
      sessions_->Create("staff/" + testing::RandomSuffix(), roles);
  EXPECT_TRUE(s.ok());
  return s->token;
}

void CatalogueTestServer::AddCentre(const std::string& id,
                                    const std::string& district) {
  v1::CreateCentreRequest centre;
  centre.set_request_id(NewRequestId());
  centre.set_centre_id(id);
  centre.mutable_centre()->mutable_display_name()->set_ko(id + " 평생학습센터");
  centre.mutable_centre()->mutable_display_name()->set_en(
      id + " Lifelong Learning Centre");
  centre.mutable_centre()->set_district(district);
  v1::CreateCentreResponse created;
  ASSERT_TRUE(
      Call(&v1::CatalogueService::Stub::CreateCentre, admin_, centre, &created)
          .ok());

  v1::CreateVenueRequest hall;
  hall.set_request_id(NewRequestId());
  hall.set_venue_id(id + "-hall");
  v1::Venue* v = hall.mutable_venue();
  v->mutable_display_name()->set_ko(id + " 센터 강당");
  v->set_kind(v1::VENUE_KIND_BASE_CENTRE);
  v->set_address("경기도 하남시 " + district);
  v->set_district(district);
  v->set_centre("centres/" + id);
  v->add_accessibility(v1::ACCESSIBILITY_STEP_FREE);
  v1::Room* room = v->add_rooms();
  room->set_room_id("hall");
  room->set_display_name("Hall");
  room->set_capacity(30);
  for (int day = 1; day <= 7; ++day) {
    v1::OpeningWindow* w = v->add_opening_hours();
    w->set_day_of_week(day);
    w->set_start_minute(9 * 60);
    w->set_end_minute(22 * 60);
  }
  v1::CreateVenueResponse venue;
  ASSERT_TRUE(
      Call(&v1::CatalogueService::Stub::CreateVenue, admin_, hall, &venue)
          .ok());

  v1::CreateVenueRequest station = hall;
  station.set_request_id(NewRequestId());
  station.set_venue_id(id + "-station");
  v = station.mutable_venue();
  v->set_kind(v1::VENUE_KIND_SUBWAY_STATION);
  v->clear_accessibility();
  v->mutable_rooms(0)->set_room_id("concourse");
  v->mutable_rooms(0)->set_capacity(20);
  v->clear_opening_hours();
  for (int day : {2, 4}) {
    v1::OpeningWindow* w = v->add_opening_hours();
    w->set_day_of_week(day);
    w->set_start_minute(19 * 60);
    w->set_end_minute(22 * 60);
  }
  ASSERT_TRUE(
      Call(&v1::CatalogueService::Stub::CreateVenue, admin_, station, &venue)
          .ok());
}

v1::Programme CatalogueTestServer::Programme(const std::string& centre,
                                             const std::string& title_ko,
                                             const std::string& title_en,
                                             const std::string& category) {
  v1::Programme p;
  p.set_centre("centres/" + centre);
  p.mutable_title()->set_ko(title_ko);
  p.mutable_title()->set_en(title_en);
  p.mutable_description()->set_ko(title_ko + " 과정입니다.");
  p.mutable_description()->set_en("A course: " + title_en + ".");
  p.set_category(category);
  p.add_audiences(v1::AUDIENCE_ADULTS);
  p.set_instruction_language("ko");
  p.set_level(v1::LEVEL_BEGINNER);
  return p;
}

v1::Offering CatalogueTestServer::Offering(const std::string& programme,
                                           const std::string& centre) {
  v1::Offering o;
  o.set_programme(programme);
  o.set_term("2027-spring");
  o.set_venue("venues/" + centre + "-hall");
  o.set_room("hall");
  o.set_instructor(kInstructor);
  o.set_delivery(v1::DELIVERY_OFFLINE);
  o.set_capacity(20);
  o.set_min_enrolment(5);
  o.mutable_fees()->set_fee_krw(30000);
  o.set_selection(v1::SELECTION_METHOD_FIRST_COME);
  v1::ApplicationWindow* w = o.add_windows();
  w->set_audience(v1::WINDOW_AUDIENCE_EVERYONE);
  w->mutable_open_time()->set_seconds(kTermStart - 30 * kDay);
  w->mutable_close_time()->set_seconds(kTermStart);
  for (int week = 0; week < 10; ++week) {
    v1::Session* s = o.add_sessions();
    int64_t start = kTermStart + week * 7 * kDay + 19 * 3600;  // Tuesday 19:00
    s->mutable_start_time()->set_seconds(start);
    s->mutable_end_time()->set_seconds(start + 2 * 3600);
  }
  return o;
}

v1::Programme CatalogueTestServer::PublishedProgramme(const v1::Programme& p) {
  v1::CreateProgrammeRequest create;
  create.set_request_id(NewRequestId());
  *create.mutable_programme() = p;
  v1::CreateProgrammeResponse created;
  grpc::Status s = Call(&v1::CatalogueService::Stub::CreateProgramme, admin_,
                        create, &created);
  EXPECT_TRUE(s.ok()) << s.error_message();
  v1::PublishProgrammeRequest publish;
  publish.set_request_id(NewRequestId());
  publish.set_name(created.programme().name());
  v1::PublishProgrammeResponse published;
  s = Call(&v1::CatalogueService::Stub::PublishProgramme, admin_, publish,
           &published);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return published.programme();
}

v1::Offering CatalogueTestServer::PublishedOffering(const v1::Offering& o) {
  v1::CreateOfferingRequest create;
  create.set_request_id(NewRequestId());
  *create.mutable_offering() = o;
  v1::CreateOfferingResponse created;
  grpc::Status s = Call(&v1::CatalogueService::Stub::CreateOffering, admin_,
                        create, &created);
  EXPECT_TRUE(s.ok()) << s.error_message();
  v1::PublishOfferingRequest publish;
  publish.set_request_id(NewRequestId());
  publish.set_name(created.offering().name());
  v1::PublishOfferingResponse published;
  s = Call(&v1::CatalogueService::Stub::PublishOffering, admin_, publish,
           &published);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return published.offering();
}

}  // namespace lifelong::catalogue
