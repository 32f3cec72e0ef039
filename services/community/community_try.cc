// community_try IDENTITY_ADDR COMMUNITY_ADDR
// Calls a running community server from outside as a front end would, and
// prints each answer: a new citizen registers with identity and signs in,
// lists the month's events without signing in, RSVPs to one (retried with
// the same request_id, then again with a new one), is refused for bad
// input, and cancels; the demo village coordinator (load_demo's
// village-coordinator@hanam.example) reads the participants of their own
// village's event and is refused another village's. A developer's check
// of a deployed stack; the tests cover the rules.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <iostream>
#include <random>
#include <string>

#include "common/errors.h"
#include "lifelong/community/v1/community_service.grpc.pb.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"

namespace iv1 = lifelong::identity::v1;
namespace mv1 = lifelong::community::v1;
namespace common = lifelong::common;

namespace {

std::string Describe(const grpc::Status& s) {
  if (s.ok()) return "OK";
  absl::Status a = common::FromGrpcStatus(s);
  std::string out = absl::StatusCodeToString(a.code()) + " " +
                    common::ReasonOf(a) + " (" + s.error_message() + ")";
  for (const auto& v : common::FieldViolationsOf(a)) {
    out += " [" + v.field + ": " + v.reason + "]";
  }
  return out;
}

std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(10));
  return ctx;
}

std::string Login(iv1::IdentityService::Stub& identity, const std::string& who,
                  const std::string& password) {
  iv1::LoginRequest r;
  r.set_login(who);
  r.set_password(password);
  iv1::LoginResponse out;
  grpc::Status s = identity.Login(Ctx("").get(), r, &out);
  std::cout << "login " << who << ": " << Describe(s) << "\n";
  return out.session_token();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: community_try IDENTITY_ADDR COMMUNITY_ADDR\n";
    return 2;
  }
  auto identity = iv1::IdentityService::NewStub(
      grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials()));
  auto community = mv1::CommunityService::NewStub(
      grpc::CreateChannel(argv[2], grpc::InsecureChannelCredentials()));
  const std::string suffix = std::to_string(std::random_device{}());

  iv1::RegisterCitizenRequest reg;
  reg.set_request_id("try-register-" + suffix);
  reg.set_display_name("Try Citizen");
  reg.set_email("try-" + suffix + "@example.kr");
  reg.set_password("Try-community-2026");
  reg.set_birth_year(1961);
  reg.set_district("Misa");
  reg.set_language(iv1::LANGUAGE_KO);
  iv1::RegisterCitizenResponse registered;
  std::cout << "register: "
            << Describe(
                   identity->RegisterCitizen(Ctx("").get(), reg, &registered))
            << " " << registered.citizen().name() << "\n";
  std::string citizen = Login(*identity, reg.email(), reg.password());

  mv1::ListEventsRequest list;
  list.set_page_size(100);
  mv1::ListEventsResponse listed;
  grpc::Status s = community->ListEvents(Ctx("").get(), list, &listed);
  std::cout << "ListEvents (no sign-in, next 31 days): " << Describe(s) << ", "
            << listed.events_size() << " events\n";
  if (listed.events_size() == 0) {
    // The sample term may lie further ahead: from its first of March.
    list.mutable_start_time()->set_seconds(
        std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count() +
        86400);
    list.mutable_end_time()->set_seconds(list.start_time().seconds() +
                                         92 * 86400);
    s = community->ListEvents(Ctx("").get(), list, &listed);
    std::cout << "ListEvents (next 92 days): " << Describe(s) << ", "
              << listed.events_size() << " events\n";
    while (listed.events_size() == 0 &&
           list.start_time().seconds() <
               list.end_time().seconds() + 365 * 86400) {
      list.mutable_start_time()->set_seconds(list.end_time().seconds());
      list.mutable_end_time()->set_seconds(list.start_time().seconds() +
                                           92 * 86400);
      s = community->ListEvents(Ctx("").get(), list, &listed);
    }
    std::cout << "ListEvents (first window with events): " << Describe(s)
              << ", " << listed.events_size() << " events\n";
  }
  const mv1::Event* target = nullptr;
  const mv1::Event* misa = nullptr;
  const mv1::Event* other = nullptr;
  for (const mv1::Event& e : listed.events()) {
    if (e.kind() == mv1::EVENT_KIND_UMBRELLA) continue;
    if (!target && e.remaining_places() > 0) target = &e;
    bool in_misa = e.village() == "groups/misa-lake";
    if (in_misa && !misa) misa = &e;
    if (!in_misa && !e.village().empty() && !other) other = &e;
  }
  if (target == nullptr) {
    std::cout << "no event with places to RSVP to\n";
    return 1;
  }
  std::cout << "event: " << target->name() << " " << target->title().ko()
            << " remaining " << target->remaining_places() << "\n";

  mv1::RsvpRequest rsvp;
  rsvp.set_request_id("try-rsvp-" + suffix);
  rsvp.set_event(target->name());
  mv1::RsvpResponse taken, again;
  std::cout << "Rsvp: "
            << Describe(community->Rsvp(Ctx(citizen).get(), rsvp, &taken))
            << " " << taken.rsvp().name() << " status "
            << mv1::RsvpStatus_Name(taken.rsvp().status()) << " code "
            << taken.rsvp().check_in_code() << "\n";
  std::cout << "Rsvp retried (same request_id): "
            << Describe(community->Rsvp(Ctx(citizen).get(), rsvp, &again))
            << " same answer: "
            << (again.rsvp().name() == taken.rsvp().name() ? "yes" : "NO")
            << "\n";
  rsvp.set_request_id("try-rsvp-2-" + suffix);
  std::cout << "Rsvp again (new request_id): "
            << Describe(community->Rsvp(Ctx(citizen).get(), rsvp, &again))
            << "\n";
  mv1::RsvpRequest bad;
  bad.set_request_id("no spaces allowed");
  bad.set_event("events/nope");
  bad.set_group_size(99);
  std::cout << "Rsvp bad input: "
            << Describe(community->Rsvp(Ctx(citizen).get(), bad, &again))
            << "\n";
  std::cout << "Rsvp without a session: "
            << Describe(community->Rsvp(Ctx("").get(), rsvp, &again)) << "\n";

  mv1::GetEventRequest get;
  get.set_name(target->name());
  mv1::GetEventResponse got;
  std::cout << "GetEvent: "
            << Describe(community->GetEvent(Ctx("").get(), get, &got))
            << " confirmed " << got.event().confirmed() << " remaining "
            << got.event().remaining_places() << "\n";

  mv1::ListParticipantsRequest participants;
  participants.set_event(target->name());
  mv1::ListParticipantsResponse people;
  std::cout << "ListParticipants as the citizen: "
            << Describe(community->ListParticipants(Ctx(citizen).get(),
                                                    participants, &people))
            << "\n";
  std::string coordinator =
      Login(*identity, "village-coordinator@hanam.example", "Hanam-demo-2026");
  if (coordinator.empty()) {
    // No demo staff on this stack: the admin makes a Misa Lake coordinator
    // (identity's StaffRoleGranted reaches community's consumer too).
    std::string admin =
        Login(*identity, "admin@hanam.example", "Hanam-Lifelong-2026!");
    iv1::CreateStaffAccountRequest staff;
    staff.set_request_id("try-staff-" + suffix);
    staff.set_display_name("Try coordinator");
    staff.set_email("try-coordinator-" + suffix + "@hanam.example");
    staff.set_password("Try-community-2026");
    iv1::CreateStaffAccountResponse created;
    std::cout << "CreateStaffAccount: "
              << Describe(identity->CreateStaffAccount(Ctx(admin).get(), staff,
                                                       &created))
              << "\n";
    iv1::GrantRoleRequest grant;
    grant.set_request_id("try-grant-" + suffix);
    grant.set_staff(created.staff().name());
    grant.mutable_grant()->set_role(iv1::ROLE_VILLAGE_COORDINATOR);
    grant.mutable_grant()->set_scope("villages/misa-lake");
    iv1::GrantRoleResponse granted;
    std::cout << "GrantRole village_coordinator villages/misa-lake: "
              << Describe(
                     identity->GrantRole(Ctx(admin).get(), grant, &granted))
              << "\n";
    coordinator = Login(*identity, staff.email(), staff.password());
  }
  if (!coordinator.empty()) {
    if (misa != nullptr) {
      participants.set_event(misa->name());
      std::cout << "ListParticipants of a Misa Lake event as its coordinator: "
                << Describe(community->ListParticipants(Ctx(coordinator).get(),
                                                        participants, &people))
                << ", " << people.rsvps_size() << " RSVPs\n";
      mv1::ExportParticipantsRequest csv;
      csv.set_event(misa->name());
      mv1::ExportParticipantsResponse exported;
      std::cout << "ExportParticipants: "
                << Describe(community->ExportParticipants(
                       Ctx(coordinator).get(), csv, &exported))
                << "\n"
                << exported.csv();
    }
    if (other != nullptr) {
      participants.set_event(other->name());
      std::cout << "ListParticipants of " << other->village()
                << "'s event as Misa Lake's coordinator: "
                << Describe(community->ListParticipants(Ctx(coordinator).get(),
                                                        participants, &people))
                << "\n";
    }
  }

  mv1::CancelRsvpRequest cancel;
  cancel.set_request_id("try-cancel-" + suffix);
  cancel.set_name(taken.rsvp().name());
  mv1::CancelRsvpResponse cancelled;
  std::cout << "CancelRsvp: "
            << Describe(community->CancelRsvp(Ctx(citizen).get(), cancel,
                                              &cancelled))
            << " status " << mv1::RsvpStatus_Name(cancelled.rsvp().status())
            << "\n";
  return 0;
}
