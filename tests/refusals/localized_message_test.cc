// Refusals from a real server (identity in this process, on the test stack's
// PostgreSQL and Redis, through the real RpcGuard) carry a
// google.rpc.LocalizedMessage in the caller's language: Korean without
// `accept-language`, English for "en-US,en;q=0.9", Korean for "ko-KR"; and
// bad input names its first problem in ErrorInfo.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "common/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/identity/identity_messages.h"
#include "services/identity/identity_test_server.h"

namespace lifelong::identity {
namespace {

struct Answer {
  grpc::Status status;
  google::rpc::ErrorInfo info;
  google::rpc::LocalizedMessage localized;
  int localized_count = 0;
};

Answer Unpack(grpc::Status status) {
  Answer answer{status, {}, {}, 0};
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  for (const auto& any : details.details()) {
    any.UnpackTo(&answer.info);
    if (any.UnpackTo(&answer.localized)) ++answer.localized_count;
  }
  return answer;
}

class LocalizedMessageTest : public ::testing::Test {
 protected:
  // A login with a wrong password, in `accept_language` ("": none).
  Answer WrongPassword(const std::string& accept_language) {
    grpc::ClientContext ctx;
    if (!accept_language.empty()) {
      ctx.AddMetadata("accept-language", accept_language);
    }
    v1::LoginRequest request;
    request.set_login(server_.admin_email());
    request.set_password("Not-the-password-9");
    v1::LoginResponse response;
    return Unpack(stub_->Login(&ctx, request, &response));
  }

  IdentityTestServer server_;
  std::unique_ptr<v1::IdentityService::Stub> stub_ = server_.Stub();
};

TEST_F(LocalizedMessageTest, KoreanByDefaultEnglishOrKoreanByAcceptLanguage) {
  const common::RefusalText* text =
      IdentityRefusalTexts().Find("INVALID_CREDENTIALS");
  ASSERT_NE(text, nullptr);

  Answer plain = WrongPassword("");
  ASSERT_EQ(plain.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(plain.info.reason(), "INVALID_CREDENTIALS");
  EXPECT_EQ(plain.localized_count, 1);
  EXPECT_EQ(plain.localized.locale(), "ko");
  EXPECT_EQ(plain.localized.message(), text->ko);

  Answer english = WrongPassword("en-US,en;q=0.9");
  EXPECT_EQ(english.info.reason(), "INVALID_CREDENTIALS");
  EXPECT_EQ(english.localized.locale(), "en");
  EXPECT_EQ(english.localized.message(), text->en);

  Answer korean = WrongPassword("ko-KR");
  EXPECT_EQ(korean.localized.locale(), "ko");
  EXPECT_EQ(korean.localized.message(), text->ko);
}

TEST_F(LocalizedMessageTest, BadInputNamesItsFirstProblemWithACommonText) {
  v1::RegisterCitizenRequest request = IdentityTestServer::Registration();
  request.set_email("not-an-email");
  grpc::ClientContext ctx;
  ctx.AddMetadata("accept-language", "en");
  v1::RegisterCitizenResponse response;
  Answer bad = Unpack(stub_->RegisterCitizen(&ctx, request, &response));
  ASSERT_EQ(bad.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad.info.reason(), "INVALID_FORMAT");
  EXPECT_EQ(bad.info.domain(), "identity.lifelong");
  EXPECT_EQ(bad.info.metadata().at("field"), "email");
  EXPECT_EQ(bad.info.metadata().at("violations"), "1");
  EXPECT_EQ(bad.localized.locale(), "en");
  EXPECT_EQ(bad.localized.message(),
            common::CommonRefusalTexts().Find("INVALID_FORMAT")->en);
}

TEST_F(LocalizedMessageTest, TheGuardsOwnRefusalsAreLocalizedToo) {
  grpc::ClientContext ctx;  // no token: SESSION_REQUIRED from the guard
  ctx.AddMetadata("accept-language", "fr-CA, en;q=0.5");
  v1::WhoAmIRequest request;
  v1::WhoAmIResponse response;
  Answer answer = Unpack(stub_->WhoAmI(&ctx, request, &response));
  ASSERT_EQ(answer.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(answer.info.reason(), "SESSION_REQUIRED");
  EXPECT_EQ(answer.localized.locale(), "en");
  EXPECT_EQ(answer.localized.message(),
            common::CommonRefusalTexts().Find("SESSION_REQUIRED")->en);
}

}  // namespace
}  // namespace lifelong::identity
