// Need to know: how much of a citizen's profile a caller may read, and how
// the read is recorded, as a pure function of the caller and the caller's
// live assisting grants on that citizen (loaded by the transaction).
//
//   CitizenRead read = DecideCitizenRead(caller, "citizens/…", live_grants);
//   if (read.view == CitizenView::kNone) return NotFound(...);  // as unknown
//   if (read.view == CitizenView::kWithoutClaims)
//   citizen.clear_priority_claims(); if (read.logged) InsertAccessRecord(tx,
//   ...read.as, read.reason...);
//
// The rules, first match wins (docs/security/access.md has the whole matrix):
//   the citizen themselves        whole profile; not logged
//   admin                         whole profile; logged, ADMINISTRATION
//   priority_verifier             whole profile; logged, CLAIM_VERIFICATION
//   centre_staff or consultant    whole profile while they hold a live
//     with a live assisting       assisting grant (StartAssisting) AND still
//     grant                       hold its role in its centre; logged with
//                                 the grant's reason
//   city_system                   profile without priority claims; logged
//   anyone else (another citizen, an instructor, a village coordinator,
//     staff not assisting)        nothing: NOT_FOUND, as for an unknown
//                                 account, so a refusal tells nothing
// Why grants and not "staff of a centre where the citizen applied": identity
// does not know applications, and copying them here would spread more
// personal data; enrolment already receives verified claims on the
// restricted topic and shows the offering's staff each seat's quota group in
// its roster. docs/security/access.md says more.
#pragma once

#include <string>
#include <vector>

#include "common/auth/caller.h"
#include "lifelong/identity/v1/identity_service.pb.h"

namespace lifelong::identity {

inline constexpr char kRolePriorityVerifier[] = "priority_verifier";

enum class CitizenView {
  kNone,           // answer NOT_FOUND
  kWithoutClaims,  // the profile with priority_claims cleared
  kWhole,
};

// A live (unexpired) assisting grant of the caller on the citizen.
struct LiveGrant {
  std::string role;   // "centre_staff" or "consultant"
  std::string scope;  // "centres/{id}"
  v1::AccessReason reason = v1::ACCESS_REASON_UNSPECIFIED;
};

struct CitizenRead {
  CitizenView view = CitizenView::kNone;
  // Recorded in the citizen's access log.
  bool logged = false;
  // The role the read is made under, and why.
  common::RoleGrant as;
  v1::AccessReason reason = v1::ACCESS_REASON_UNSPECIFIED;
};

// `citizen` is the canonical "citizens/{uuid}".
CitizenRead DecideCitizenRead(const common::Caller& caller,
                              const std::string& citizen,
                              const std::vector<LiveGrant>& live_grants);

// The role under which the caller may assist at `centre` ("centres/{id}"):
// centre_staff there, else consultant there; empty role when neither (admin
// does not count: admins read without assisting).
common::RoleGrant AssistingRole(const common::Caller& caller,
                                const std::string& centre);

// The priority groups a profile discloses (every claim, whatever its status,
// is sensitive: disability, basic livelihood, national merit, single parent).
std::vector<v1::PriorityGroup> DisclosedClaims(const v1::Citizen& citizen);

// What staff see of a phone before assisting: "+821012345678" ->
// "010-****-5678"; "" for "".
std::string MaskPhone(const std::string& e164);

}  // namespace lifelong::identity
