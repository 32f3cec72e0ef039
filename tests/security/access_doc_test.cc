// docs/security/access.md names every RPC of every service in that service's
// section, so a new RPC cannot go unlisted in the role × RPC matrix. Reads
// the generated descriptors; needs no running service (a unit test).
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "lifelong/catalogue/v1/catalogue_service.grpc.pb.h"
#include "lifelong/community/v1/community_service.grpc.pb.h"
#include "lifelong/consulting/v1/consulting_service.grpc.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"

namespace lifelong {
namespace {

// The repository this file is in: a unit test needs no stack's settings.
std::string RepoRoot() {
  std::string file = __FILE__;
  return file.substr(0, file.rfind("/tests/security/"));
}

// The text from "## <service>" to the next "## ".
std::string Section(const std::string& service) {
  std::ifstream in(RepoRoot() + "/docs/security/access.md");
  EXPECT_TRUE(in.good()) << RepoRoot() << "/docs/security/access.md";
  std::string line, out;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) inside = line.rfind("## " + service, 0) == 0;
    if (inside) out += line + "\n";
  }
  return out;
}

TEST(AccessDocTest, EveryServiceSectionNamesEveryRpc) {
  // Each service through a message of its file, which links the file in.
  const std::pair<const char*, const google::protobuf::ServiceDescriptor*>
      kServices[] = {
          {"identity",
           identity::v1::LoginRequest::descriptor()->file()->service(0)},
          {"catalogue",
           catalogue::v1::GetOfferingRequest::descriptor()->file()->service(0)},
          {"enrolment",
           enrolment::v1::ApplyRequest::descriptor()->file()->service(0)},
          {"consulting",
           consulting::v1::BookSlotRequest::descriptor()->file()->service(0)},
          {"community",
           community::v1::GetEventRequest::descriptor()->file()->service(0)}};
  for (const auto& [section_name, service] : kServices) {
    std::string section = Section(section_name);
    ASSERT_FALSE(section.empty()) << "no section ## " << section_name;
    ASSERT_NE(service, nullptr) << section_name;
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string& rpc = service->method(i)->name();
      // A whole word in a table row's first cell list.
      std::regex row("\\n\\|[^|\\n]*\\b" + rpc + "\\b[^|\\n]*\\|");
      EXPECT_TRUE(std::regex_search(section, row))
          << section_name << ": " << rpc
          << " is not in docs/security/access.md";
    }
  }
}

}  // namespace
}  // namespace lifelong
