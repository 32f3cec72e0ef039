// load_consulting_demo IDENTITY_ADDR CONSULTING_ADDR
// Loads Hanam SAMPLE consulting data (deploy/demo/hanam_consulting.h) into a
// running platform through its public APIs: six consultant accounts per
// centre with the consultant role (the consulting service learns them from
// identity's events), three session types per centre, and every
// consultant's weekly hours. Every call has a fixed request_id, so running
// it again changes nothing. Needs the admin that deploy/local configures.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <iostream>
#include <string>
#include <thread>

#include "deploy/demo/hanam_consulting.h"
#include "lifelong/consulting/v1/consulting_service.grpc.pb.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"

namespace iv1 = lifelong::identity::v1;
namespace kv1 = lifelong::consulting::v1;

namespace {

constexpr char kAdminEmail[] = "admin@hanam.example";
constexpr char kAdminPassword[] = "Hanam-Lifelong-2026!";
constexpr char kDemoPassword[] = "Hanam-demo-2026";

bool Check(const grpc::Status& s, const std::string& what) {
  if (s.ok()) return true;
  std::cerr << what << ": " << s.error_code() << " " << s.error_message()
            << "\n";
  return false;
}

std::unique_ptr<grpc::ClientContext> As(const std::string& bearer) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", bearer);
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(10));
  return ctx;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: load_consulting_demo IDENTITY_ADDR CONSULTING_ADDR\n";
    return 2;
  }
  auto identity = iv1::IdentityService::NewStub(
      grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials()));
  auto consulting = kv1::ConsultingService::NewStub(
      grpc::CreateChannel(argv[2], grpc::InsecureChannelCredentials()));

  iv1::LoginRequest login;
  login.set_login(kAdminEmail);
  login.set_password(kAdminPassword);
  iv1::LoginResponse session;
  grpc::ClientContext login_ctx;
  if (!Check(identity->Login(&login_ctx, login, &session), "admin login")) {
    return 1;
  }
  std::string bearer = "Bearer " + session.session_token();
  int failures = 0;

  // Consultant accounts and their role.
  std::vector<std::pair<lifelong::demo::DemoConsultant, std::string>> staff;
  for (const auto& c : lifelong::demo::HanamConsultants()) {
    iv1::CreateStaffAccountRequest create;
    create.set_request_id("demo-staff-" + c.key);
    create.set_display_name(c.display_name);
    create.set_email(c.key + "@hanam.example");
    create.set_password(kDemoPassword);
    iv1::CreateStaffAccountResponse created;
    if (!Check(identity->CreateStaffAccount(As(bearer).get(), create, &created),
               c.key)) {
      ++failures;
      continue;
    }
    iv1::GrantRoleRequest grant;
    grant.set_request_id("demo-grant-" + c.key);
    grant.set_staff(created.staff().name());
    grant.mutable_grant()->set_role(iv1::ROLE_CONSULTANT);
    grant.mutable_grant()->set_scope("centres/" + c.centre);
    iv1::GrantRoleResponse granted;
    if (!Check(identity->GrantRole(As(bearer).get(), grant, &granted), c.key)) {
      ++failures;
      continue;
    }
    staff.emplace_back(c, created.staff().name());
  }

  // Session types.
  int types = 0;
  for (const auto& t : lifelong::demo::HanamSessionTypes()) {
    kv1::CreateSessionTypeRequest r;
    r.set_request_id("demo-session-type-" + t.key);
    *r.mutable_session_type() = t.session_type;
    kv1::CreateSessionTypeResponse created;
    if (Check(consulting->CreateSessionType(As(bearer).get(), r, &created),
              t.key)) {
      ++types;
    } else {
      ++failures;
    }
  }

  // Weekly hours, once the consulting service has the consultant from
  // identity's event (it arrives through Kafka within seconds).
  int hours = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  for (const auto& [c, name] : staff) {
    kv1::SetWeeklyRulesRequest r;
    r.set_request_id("demo-hours-" + c.key);
    r.set_consultant(name);
    for (const auto& rule : lifelong::demo::WeeklyHoursOf(c)) {
      *r.add_rules() = rule;
    }
    for (;;) {
      kv1::SetWeeklyRulesResponse set;
      grpc::Status s = consulting->SetWeeklyRules(As(bearer).get(), r, &set);
      if (s.ok()) {
        ++hours;
        break;
      }
      if (s.error_code() != grpc::StatusCode::NOT_FOUND ||
          std::chrono::steady_clock::now() > deadline) {
        Check(s, "hours of " + c.key);
        ++failures;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
  std::cout << "demo consulting: " << staff.size() << " consultants at "
            << lifelong::demo::ConsultingCentres().size() << " centres, "
            << types << " session types, weekly hours for " << hours
            << " consultants (password " << kDemoPassword << ")\n"
            << failures << " failures\n";
  return failures == 0 ? 0 : 1;
}
