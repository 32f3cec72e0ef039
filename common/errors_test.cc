#include "common/errors.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace lifelong::common {
namespace {

google::rpc::Status Details(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  return details;
}

TEST(ErrorsTest, ReasonTravelsAsErrorInfoWithDomain) {
  grpc::Status status = ToGrpcStatus(
      Error(absl::StatusCode::kAlreadyExists, "EMAIL_TAKEN", "taken"),
      "identity.lifelong");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  google::rpc::Status details = Details(status);
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "EMAIL_TAKEN");
  EXPECT_EQ(info.domain(), "identity.lifelong");
}

TEST(ErrorsTest, FieldViolationsNameEachField) {
  FieldViolations violations;
  violations.Add("email", "INVALID_FORMAT", "an email address");
  violations.Add("birth_year", "OUT_OF_RANGE", "from 1900");
  grpc::Status status = ToGrpcStatus(violations.ToStatus(), "d");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad_request;
  bool found = false;
  google::rpc::Status details = Details(status);
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&bad_request)) found = true;
  }
  ASSERT_TRUE(found);
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(0).field(), "email");
  EXPECT_EQ(bad_request.field_violations(0).reason(), "INVALID_FORMAT");
  EXPECT_EQ(bad_request.field_violations(1).field(), "birth_year");
}

TEST(ErrorsTest, RoundTripsThroughGrpc) {
  FieldViolations violations;
  violations.Add("phone", "INVALID_FORMAT", "a mobile number");
  absl::Status back = FromGrpcStatus(ToGrpcStatus(violations.ToStatus(), "d"));
  EXPECT_EQ(ReasonOf(back), "INVALID_FORMAT");
  ASSERT_EQ(FieldViolationsOf(back).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(back)[0].field, "phone");
}

TEST(ErrorsTest, BadInputNamesItsFirstProblemInErrorInfo) {
  FieldViolations violations;
  violations.Add("text", "TOO_LONG", "at most 100 characters");
  violations.Add("page_size", "OUT_OF_RANGE", "0 to 100");
  absl::Status back = FromGrpcStatus(ToGrpcStatus(violations.ToStatus(), "d"));
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(back), "TOO_LONG");
  std::map<std::string, std::string> metadata = ErrorMetadataOf(back);
  EXPECT_EQ(metadata["field"], "text");
  EXPECT_EQ(metadata["violations"], "2");
  ASSERT_EQ(FieldViolationsOf(back).size(), 2u);
  EXPECT_EQ(FieldViolationsOf(back)[1].reason, "OUT_OF_RANGE");
}

TEST(ErrorsTest, ViolationsCountsTheUnlistedToo) {
  FieldViolations violations;
  for (int i = 0; i < 25; ++i) {
    violations.Add("names[" + std::to_string(i) + "]", "INVALID_NAME", "x");
  }
  absl::Status status = violations.ToStatus();
  EXPECT_EQ(ErrorMetadataOf(status)["violations"], "25");
  EXPECT_EQ(FieldViolationsOf(status).size(), kMaxListedViolations);
}

TEST(ErrorsTest, MetadataAndLocalizedMessageTravel) {
  absl::Status status = WithLocalizedMessage(
      WithErrorMetadata(Error(absl::StatusCode::kFailedPrecondition,
                              "WINDOW_CLOSED", "closed"),
                        "opens_at", "2027-03-02T00:00:00Z"),
      {"ko", "지금은 신청 기간이 아닙니다."});
  grpc::Status wire = ToGrpcStatus(status, "enrolment.lifelong");
  google::rpc::LocalizedMessage message;
  bool found = false;
  google::rpc::Status details = Details(wire);
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&message)) found = true;
  }
  ASSERT_TRUE(found);
  EXPECT_EQ(message.locale(), "ko");
  absl::Status back = FromGrpcStatus(wire);
  EXPECT_EQ(ReasonOf(back), "WINDOW_CLOSED");
  EXPECT_EQ(ErrorMetadataOf(back)["opens_at"], "2027-03-02T00:00:00Z");
  EXPECT_EQ(LocalizedMessageOf(back).message, "지금은 신청 기간이 아닙니다.");
  EXPECT_EQ(LocalizedMessageOf(back).locale, "ko");
}

TEST(ErrorsTest, PlainStatusGetsItsCodeAsReason) {
  absl::Status back = FromGrpcStatus(
      ToGrpcStatus(absl::InternalError("boom"), "identity.lifelong"));
  EXPECT_EQ(ReasonOf(back), "INTERNAL");
}

TEST(ErrorsTest, RetryDelayTravels) {
  grpc::Status status = ToGrpcStatus(
      WithRetryDelay(
          Error(absl::StatusCode::kResourceExhausted, "SLOW_DOWN", "x"),
          std::chrono::seconds(42)),
      "d");
  google::rpc::RetryInfo retry;
  bool found = false;
  google::rpc::Status details = Details(status);
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&retry)) found = true;
  }
  ASSERT_TRUE(found);
  EXPECT_EQ(retry.retry_delay().seconds(), 42);
}

TEST(ErrorsTest, OkIsOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus(), "d").ok());
}

TEST(ErrorsTest, ThousandsOfViolationsAreCappedToFitInMetadata) {
  FieldViolations v;
  for (int i = 0; i < 10000; ++i) {
    v.Add("tags[" + std::to_string(i) + "]", "TOO_LONG", "at most 40 chars");
  }
  absl::Status status = v.ToStatus();
  EXPECT_EQ(FieldViolationsOf(status).size(), kMaxListedViolations);
  EXPECT_NE(status.message().find("9980 more not listed"), std::string::npos);
  grpc::Status wire = ToGrpcStatus(status, "test.lifelong");
  EXPECT_LT(wire.error_details().size() + wire.error_message().size(), 8192u);
}

TEST(ErrorsTest, EveryUnavailableCarriesAReasonAndRetryInfo) {
  absl::Status bare = HonestUnavailable(
      absl::UnavailableError("Redis unreachable: Connection refused"));
  EXPECT_EQ(ReasonOf(bare), "TEMPORARILY_UNAVAILABLE");
  EXPECT_EQ(bare.message().find("Redis"), std::string::npos);
  EXPECT_TRUE(bare.GetPayload("type.googleapis.com/google.rpc.RetryInfo"));
  absl::Status named = HonestUnavailable(WithRetryDelay(
      Error(absl::StatusCode::kUnavailable, "CITIZEN_UNKNOWN", "not yet known"),
      std::chrono::seconds(2)));
  EXPECT_EQ(ReasonOf(named), "CITIZEN_UNKNOWN");
  EXPECT_EQ(named.message(), "not yet known");
  absl::Status other = HonestUnavailable(absl::NotFoundError("x"));
  EXPECT_EQ(other, absl::NotFoundError("x"));
}

}  // namespace
}  // namespace lifelong::common
