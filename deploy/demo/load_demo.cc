// load_demo IDENTITY_ADDR CATALOGUE_ADDR
// Loads Hanam SAMPLE data (not real people, not the city's real programme)
// into a running platform through its public APIs: staff for the eight base
// centres with their roles, citizens from every district (some with priority
// claims), and the catalogue of deploy/demo/hanam_catalogue.h. Every call has
// a fixed request_id, so running it again changes nothing.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "deploy/demo/hanam_catalogue.h"
#include "lifelong/catalogue/v1/catalogue_service.grpc.pb.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"

namespace v1 = lifelong::identity::v1;
namespace cv1 = lifelong::catalogue::v1;

namespace {

constexpr char kAdminEmail[] = "admin@hanam.example";
constexpr char kAdminPassword[] = "Hanam-Lifelong-2026!";
constexpr char kDemoPassword[] = "Hanam-demo-2026";

struct Staff {
  const char* key;
  const char* name;
  v1::Role role;
  const char* scope;
};

// Centre ids match the catalogue's sample centres.
const std::vector<Staff> kStaff = {
    {"misa-staff", "Park Jiyeon (Misa centre)", v1::ROLE_CENTRE_STAFF,
     "centres/misa"},
    {"wirye-staff", "Lee Sujin (Wirye centre)", v1::ROLE_CENTRE_STAFF,
     "centres/wirye"},
    {"pungsan-staff", "Choi Minho (Pungsan centre)", v1::ROLE_CENTRE_STAFF,
     "centres/pungsan"},
    {"deokpung-staff", "Jung Hana (Deokpung centre)", v1::ROLE_CENTRE_STAFF,
     "centres/deokpung"},
    {"sinjang-staff", "Kang Dongwook (Sinjang centre)", v1::ROLE_CENTRE_STAFF,
     "centres/sinjang"},
    {"cheonhyeon-staff", "Yoon Seoyeon (Cheonhyeon centre)",
     v1::ROLE_CENTRE_STAFF, "centres/cheonhyeon"},
    {"gamil-staff", "Han Jisoo (Gamil centre)", v1::ROLE_CENTRE_STAFF,
     "centres/gamil"},
    {"chungung-staff", "Seo Yuna (Chungung centre)", v1::ROLE_CENTRE_STAFF,
     "centres/chungung"},
    {"misa-consultant", "Oh Eunji (consultant, Misa)", v1::ROLE_CONSULTANT,
     "centres/misa"},
    {"wirye-consultant", "Shin Hyunwoo (consultant, Wirye)",
     v1::ROLE_CONSULTANT, "centres/wirye"},
    {"instructor-1", "Moon Jaehyun (instructor)", v1::ROLE_INSTRUCTOR, ""},
    {"instructor-2", "Song Minseo (instructor)", v1::ROLE_INSTRUCTOR, ""},
    {"village-coordinator", "Bae Sora (Misa lake village)",
     v1::ROLE_VILLAGE_COORDINATOR, "villages/misa-lake"},
    {"city-system", "Hanam policy dashboard", v1::ROLE_CITY_SYSTEM, ""},
    {"verifier", "Yoon Seoyeon (priority claims, city hall)",
     v1::ROLE_PRIORITY_VERIFIER, ""},
};

struct Citizen {
  const char* key;
  const char* name;
  int birth_year;
  const char* district;
  const char* workplace;
  v1::Language language;
  std::vector<v1::PriorityGroup> claims;
};

const std::vector<Citizen> kCitizens = {
    {"c01",
     "김영숙",
     1950,
     "Misa",
     "",
     v1::LANGUAGE_KO,
     {v1::PRIORITY_GROUP_BASIC_LIVELIHOOD}},
    {"c02", "이정호", 1956, "Deokpung", "", v1::LANGUAGE_KO, {}},
    {"c03", "박민지", 1991, "Wirye", "Pungsan", v1::LANGUAGE_KO, {}},
    {"c04",
     "최서준",
     1988,
     "Gamil",
     "Misa",
     v1::LANGUAGE_KO,
     {v1::PRIORITY_GROUP_SINGLE_PARENT}},
    {"c05",
     "정미경",
     1962,
     "Sinjang",
     "",
     v1::LANGUAGE_KO,
     {v1::PRIORITY_GROUP_DISABILITY}},
    {"c06", "Nguyen Thi Lan", 1993, "Pungsan", "Pungsan", v1::LANGUAGE_EN, {}},
    {"c07",
     "강하늘",
     1979,
     "Cheonhyeon",
     "",
     v1::LANGUAGE_KO,
     {v1::PRIORITY_GROUP_NATIONAL_MERIT}},
    {"c08", "윤지우", 2004, "Chungung", "", v1::LANGUAGE_KO, {}},
    {"c09",
     "장순자",
     1944,
     "Gambuk",
     "",
     v1::LANGUAGE_KO,
     {v1::PRIORITY_GROUP_BASIC_LIVELIHOOD}},
    {"c10", "임도현", 1985, "Misa", "Misa", v1::LANGUAGE_KO, {}},
    {"c11", "한예린", 1997, "Wirye", "", v1::LANGUAGE_KO, {}},
    {"c12",
     "오병철",
     1958,
     "Choi",
     "",
     v1::LANGUAGE_KO,
     {v1::PRIORITY_GROUP_DISABILITY}},
};

bool Check(const grpc::Status& s, const std::string& what) {
  if (s.ok() || s.error_code() == grpc::StatusCode::ALREADY_EXISTS) return true;
  std::cerr << what << ": " << s.error_code() << " " << s.error_message()
            << "\n";
  return false;
}

// Calls `method` as the admin; true on success.
template <typename Stub, typename Request, typename Response>
bool AsAdmin(Stub& stub,
             grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                          Response*),
             const std::string& bearer, const Request& request,
             Response* response, const std::string& what) {
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", bearer);
  return Check((stub.*method)(&ctx, request, response), what);
}

// Returns the number of failed calls.
int LoadCatalogue(cv1::CatalogueService::Stub& stub,
                  const std::string& bearer) {
  namespace demo = lifelong::demo;
  using S = cv1::CatalogueService::Stub;
  // The sample term's windows open around the day it is loaded, so it is
  // loaded once: a catalogue that has programmes is left as it is.
  cv1::ListProgrammesRequest any;
  any.set_page_size(1);
  cv1::ListProgrammesResponse existing;
  if (AsAdmin(stub, &S::ListProgrammes, bearer, any, &existing, "list") &&
      existing.programmes_size() > 0) {
    std::cout << "demo catalogue: already loaded\n";
    return 0;
  }
  int failures = 0;
  for (const demo::DemoCentre& c : demo::HanamCentres()) {
    cv1::CreateCentreRequest r;
    r.set_request_id("demo-centre-" + c.id);
    r.set_centre_id(c.id);
    *r.mutable_centre() = c.centre;
    cv1::CreateCentreResponse out;
    failures += !AsAdmin(stub, &S::CreateCentre, bearer, r, &out, c.id);
  }
  for (const demo::DemoVenue& v : demo::HanamVenues()) {
    cv1::CreateVenueRequest r;
    r.set_request_id("demo-venue-" + v.id);
    r.set_venue_id(v.id);
    *r.mutable_venue() = v.venue;
    cv1::CreateVenueResponse out;
    failures += !AsAdmin(stub, &S::CreateVenue, bearer, r, &out, v.id);
  }
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  int offerings = 0;
  for (const demo::DemoProgramme& p : demo::HanamProgrammes()) {
    cv1::CreateProgrammeRequest create;
    create.set_request_id("demo-programme-" + p.key);
    *create.mutable_programme() = p.programme;
    cv1::CreateProgrammeResponse created;
    cv1::PublishProgrammeRequest publish;
    publish.set_request_id("demo-publish-programme-" + p.key);
    cv1::PublishProgrammeResponse published;
    if (!AsAdmin(stub, &S::CreateProgramme, bearer, create, &created, p.key) ||
        (publish.set_name(created.programme().name()),
         !AsAdmin(stub, &S::PublishProgramme, bearer, publish, &published,
                  p.key))) {
      ++failures;
      continue;
    }
    cv1::CreateOfferingRequest offer;
    offer.set_request_id("demo-offering-" + p.key);
    *offer.mutable_offering() = demo::HanamOffering(
        p, created.programme().name(), 0, demo::kSpring2027, now);
    cv1::CreateOfferingResponse offered;
    cv1::PublishOfferingRequest open;
    open.set_request_id("demo-publish-offering-" + p.key);
    cv1::PublishOfferingResponse opened;
    if (!AsAdmin(stub, &S::CreateOffering, bearer, offer, &offered, p.key) ||
        (open.set_name(offered.offering().name()),
         !AsAdmin(stub, &S::PublishOffering, bearer, open, &opened, p.key))) {
      ++failures;
      continue;
    }
    ++offerings;
  }
  std::cout << "demo catalogue: 8 centres, 16 venues, " << offerings
            << " published programmes with an offering each\n";
  return failures;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: load_demo IDENTITY_ADDR CATALOGUE_ADDR\n";
    return 2;
  }
  auto stub = v1::IdentityService::NewStub(
      grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials()));

  v1::LoginRequest login;
  login.set_login(kAdminEmail);
  login.set_password(kAdminPassword);
  v1::LoginResponse session;
  grpc::ClientContext login_ctx;
  if (!Check(stub->Login(&login_ctx, login, &session), "admin login")) return 1;
  std::string bearer = "Bearer " + session.session_token();

  int failures = 0;
  for (const Staff& s : kStaff) {
    v1::CreateStaffAccountRequest create;
    create.set_request_id(std::string("demo-staff-") + s.key);
    create.set_display_name(s.name);
    create.set_email(std::string(s.key) + "@hanam.example");
    create.set_password(kDemoPassword);
    v1::CreateStaffAccountResponse created;
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", bearer);
    if (!Check(stub->CreateStaffAccount(&ctx, create, &created), s.key)) {
      ++failures;
      continue;
    }
    v1::GrantRoleRequest grant;
    grant.set_request_id(std::string("demo-grant-") + s.key);
    grant.set_staff(created.staff().name());
    grant.mutable_grant()->set_role(s.role);
    grant.mutable_grant()->set_scope(s.scope);
    v1::GrantRoleResponse granted;
    grpc::ClientContext grant_ctx;
    grant_ctx.AddMetadata("authorization", bearer);
    if (!Check(stub->GrantRole(&grant_ctx, grant, &granted), s.key)) ++failures;
  }
  for (const Citizen& c : kCitizens) {
    v1::RegisterCitizenRequest reg;
    reg.set_request_id(std::string("demo-citizen-") + c.key);
    reg.set_display_name(c.name);
    reg.set_email(std::string("citizen-") + c.key + "@hanam.example");
    reg.set_password(kDemoPassword);
    reg.set_birth_year(c.birth_year);
    reg.set_district(c.district);
    reg.set_workplace_district(c.workplace);
    reg.set_language(c.language);
    for (v1::PriorityGroup g : c.claims) reg.add_priority_claims(g);
    v1::RegisterCitizenResponse registered;
    grpc::ClientContext ctx;
    if (!Check(stub->RegisterCitizen(&ctx, reg, &registered), c.key))
      ++failures;
  }
  std::cout << "demo identity: " << kStaff.size() << " staff, "
            << kCitizens.size() << " citizens (password " << kDemoPassword
            << ")\n";
  auto catalogue = cv1::CatalogueService::NewStub(
      grpc::CreateChannel(argv[2], grpc::InsecureChannelCredentials()));
  failures += LoadCatalogue(*catalogue, bearer);
  std::cout << failures << " failures\n";
  return failures == 0 ? 0 : 1;
}
