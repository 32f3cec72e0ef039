#include "common/auth/contact_ticket.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace lifelong::common {
namespace {

constexpr char kKey[] = "a-key-of-thirty-two-bytes-or-so!";

ContactTicket Sample() {
  return {"staff/7d1c0a52-6a57-4d56-9a3e-0d3f1f0f6b11",
          {kRoleCentreStaff, "centres/misa"},
          "offerings/2f0c6a44-1b52-4a40-8f0e-5d0b9a7c1e22",
          {"citizens/0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4",
           "citizens/1c7a2e3f-4d5b-4c6d-9e7f-8091a2b3c4d5"},
          1000};
}

TEST(ContactTicketTest, RoundTripsWhatWasSigned) {
  absl::StatusOr<ContactTicket> t =
      VerifyContactTicket(SignContactTicket(Sample(), kKey), kKey, 999);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->staff, Sample().staff);
  EXPECT_EQ(t->as, Sample().as);
  EXPECT_EQ(t->offering, Sample().offering);
  EXPECT_EQ(t->citizens, Sample().citizens);
  EXPECT_EQ(t->expire_unix, 1000);
}

TEST(ContactTicketTest, AnEmptyPageGivesATicketForNobody) {
  ContactTicket empty = Sample();
  empty.citizens.clear();
  absl::StatusOr<ContactTicket> t =
      VerifyContactTicket(SignContactTicket(empty, kKey), kKey, 0);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->citizens.empty());
}

TEST(ContactTicketTest, RefusesLapsedForgedOrWidenedTickets) {
  std::string good = SignContactTicket(Sample(), kKey);
  auto reason = [](const absl::StatusOr<ContactTicket>& t) {
    EXPECT_EQ(t.status().code(), absl::StatusCode::kPermissionDenied);
    return ReasonOf(t.status());
  };
  EXPECT_EQ(reason(VerifyContactTicket(good, kKey, 1000)), "TICKET_EXPIRED");
  EXPECT_EQ(reason(VerifyContactTicket(good, "another key", 0)),
            "INVALID_TICKET");
  // A holder who adds a citizen to the payload keeps the old signature.
  ContactTicket wider = Sample();
  wider.citizens.push_back("citizens/2d8b3f40-5e6c-4d7e-8f80-91a2b3c4d5e6");
  std::string forged = SignContactTicket(wider, kKey);
  forged = forged.substr(0, forged.find('.')) + good.substr(good.find('.'));
  EXPECT_EQ(reason(VerifyContactTicket(forged, kKey, 0)), "INVALID_TICKET");
  EXPECT_EQ(reason(VerifyContactTicket("", kKey, 0)), "INVALID_TICKET");
  EXPECT_EQ(reason(VerifyContactTicket("not.base64!", kKey, 0)),
            "INVALID_TICKET");
}

}  // namespace
}  // namespace lifelong::common
