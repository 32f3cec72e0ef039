#include "tests/support/platform_clients.h"

#include <gtest/gtest.h>

#include <chrono>

#include "common/testing/test_stack.h"

namespace lifelong::testing {

namespace iv1 = identity::v1;
namespace cv1 = catalogue::v1;

std::shared_ptr<grpc::Channel> ServiceChannel(const std::string& service) {
  return grpc::CreateChannel(Env("LIFELONG_" + service + "_ADDR"),
                             grpc::InsecureChannelCredentials());
}

std::unique_ptr<grpc::ClientContext> Bearer(const std::string& token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(10));
  return ctx;
}

std::string LogIn(iv1::IdentityService::Stub& identity,
                  const std::string& login, const std::string& password) {
  iv1::LoginRequest r;
  r.set_login(login);
  r.set_password(password);
  iv1::LoginResponse out;
  grpc::Status s = identity.Login(Bearer("").get(), r, &out);
  EXPECT_TRUE(s.ok()) << login << ": " << s.error_message();
  return out.session_token();
}

iv1::RegisterCitizenResponse RegisterCitizen(
    iv1::IdentityService::Stub& identity, const std::string& key,
    int birth_year) {
  iv1::RegisterCitizenRequest r;
  r.set_request_id("register-" + key);
  r.set_display_name("시험 시민 " + key);
  r.set_email(key + "@example.kr");
  r.set_password(kCitizenPassword);
  r.set_birth_year(birth_year);
  r.set_district("Misa");
  r.set_language(iv1::LANGUAGE_KO);
  iv1::RegisterCitizenResponse out;
  grpc::Status s = identity.RegisterCitizen(Bearer("").get(), r, &out);
  EXPECT_TRUE(s.ok()) << key << ": " << s.error_message();
  return out;
}

std::string CreateStaff(iv1::IdentityService::Stub& identity,
                        const std::string& admin, const std::string& key,
                        iv1::Role role,
                        const std::vector<std::string>& scopes) {
  iv1::CreateStaffAccountRequest create;
  create.set_request_id("staff-" + key);
  create.set_display_name("시험 직원");
  create.set_email(key + "-staff@hanam.example");
  create.set_password(kCitizenPassword);
  iv1::CreateStaffAccountResponse staff;
  grpc::Status s =
      identity.CreateStaffAccount(Bearer(admin).get(), create, &staff);
  EXPECT_TRUE(s.ok()) << s.error_message();
  for (const std::string& scope : scopes) {
    iv1::GrantRoleRequest grant;
    grant.set_request_id("grant-" + key + "-" + std::to_string(role) + "-" +
                         scope.substr(scope.find('/') + 1));
    grant.set_staff(staff.staff().name());
    grant.mutable_grant()->set_role(role);
    grant.mutable_grant()->set_scope(scope);
    iv1::GrantRoleResponse granted;
    s = identity.GrantRole(Bearer(admin).get(), grant, &granted);
    EXPECT_TRUE(s.ok()) << scope << ": " << s.error_message();
  }
  return staff.staff().name();
}

std::string OpenFirstComeOffering(cv1::CatalogueService::Stub& catalogue,
                                  const std::string& admin,
                                  const std::string& key, int capacity) {
  return OpenOffering(catalogue, admin, key,
                      [&](cv1::Offering& o) { o.set_capacity(capacity); });
}

std::string OpenOffering(cv1::CatalogueService::Stub& catalogue,
                         const std::string& admin, const std::string& key,
                         const std::function<void(cv1::Offering&)>& edit) {
  cv1::CreateCentreRequest centre;
  centre.set_request_id("centre-" + key);
  centre.set_centre_id(key);
  centre.mutable_centre()->mutable_display_name()->set_ko("시험 센터");
  centre.mutable_centre()->set_district("Misa");
  cv1::CreateCentreResponse centre_out;
  EXPECT_TRUE(
      catalogue.CreateCentre(Bearer(admin).get(), centre, &centre_out).ok());

  cv1::CreateProgrammeRequest programme;
  programme.set_request_id("programme-" + key);
  cv1::Programme* p = programme.mutable_programme();
  p->set_centre(centre_out.centre().name());
  p->mutable_title()->set_ko("어르신 스마트폰 교실");
  p->mutable_title()->set_en("Smartphones for older adults");
  p->set_category("categories/digital");
  p->add_audiences(cv1::AUDIENCE_OLDER_ADULTS);
  p->set_instruction_language("ko");
  p->set_level(cv1::LEVEL_BEGINNER);
  cv1::CreateProgrammeResponse programme_out;
  EXPECT_TRUE(
      catalogue.CreateProgramme(Bearer(admin).get(), programme, &programme_out)
          .ok());
  cv1::PublishProgrammeRequest publish_programme;
  publish_programme.set_request_id("publish-programme-" + key);
  publish_programme.set_name(programme_out.programme().name());
  cv1::PublishProgrammeResponse programme_published;
  EXPECT_TRUE(catalogue
                  .PublishProgramme(Bearer(admin).get(), publish_programme,
                                    &programme_published)
                  .ok());

  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  cv1::CreateOfferingRequest offering;
  offering.set_request_id("offering-" + key);
  cv1::Offering* o = offering.mutable_offering();
  o->set_programme(programme_out.programme().name());
  o->set_term("2027-spring");
  o->set_delivery(cv1::DELIVERY_ONLINE);
  o->set_capacity(10);
  o->set_selection(cv1::SELECTION_METHOD_FIRST_COME);
  cv1::ApplicationWindow* w = o->add_windows();
  w->set_audience(cv1::WINDOW_AUDIENCE_EVERYONE);
  w->mutable_open_time()->set_seconds(now - 3600);
  w->mutable_close_time()->set_seconds(now + 7 * 86400);
  cv1::Session* s = o->add_sessions();
  s->mutable_start_time()->set_seconds(now + 10 * 86400);
  s->mutable_end_time()->set_seconds(now + 10 * 86400 + 7200);
  edit(*o);
  cv1::CreateOfferingResponse offering_out;
  grpc::Status created =
      catalogue.CreateOffering(Bearer(admin).get(), offering, &offering_out);
  EXPECT_TRUE(created.ok()) << created.error_message();
  cv1::PublishOfferingRequest publish;
  publish.set_request_id("publish-offering-" + key);
  publish.set_name(offering_out.offering().name());
  cv1::PublishOfferingResponse published;
  EXPECT_TRUE(
      catalogue.PublishOffering(Bearer(admin).get(), publish, &published).ok());
  return published.offering().name();
}

}  // namespace lifelong::testing
