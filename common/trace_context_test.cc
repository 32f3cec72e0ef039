#include "common/trace_context.h"

#include <gtest/gtest.h>

namespace lifelong::common {
namespace {

TEST(TraceContextTest, ExtractsTraceIdFromValidTraceparent) {
  EXPECT_EQ(
      TraceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
      "4bf92f3577b34da6a3ce929d0e0e4736");
}

TEST(TraceContextTest, RejectsMalformedTraceparent) {
  EXPECT_EQ(TraceIdOf(""), "");
  EXPECT_EQ(
      TraceIdOf("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"), "");
  EXPECT_EQ(
      TraceIdOf("00-00000000000000000000000000000000-00f067aa0ba902b7-01"), "");
  EXPECT_EQ(TraceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736"), "");
}

TEST(TraceContextTest, NewTraceparentIsValidAndFresh) {
  std::string a = NewTraceparent();
  EXPECT_NE(TraceIdOf(a), "");
  EXPECT_NE(a, NewTraceparent());
}

TEST(TraceContextTest, ScopeSetsAndRestores) {
  EXPECT_EQ(CurrentTraceparent(), "");
  {
    ScopedTraceContext scope(
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    EXPECT_EQ(log::CurrentTraceId(), "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_NE(CurrentTraceparent(), "");
  }
  EXPECT_EQ(CurrentTraceparent(), "");
  EXPECT_EQ(log::CurrentTraceId(), "");
}

}  // namespace
}  // namespace lifelong::common
