// The roster as the staff console reads it: an offering's applications by
// resource name and AIP-160 filter, each page with a contact ticket that
// identity honours for exactly that page's citizens and that staff member.
#include <gtest/gtest.h>

#include "common/auth/contact_ticket.h"
#include "services/enrolment/enrolment_test_fixture.h"

namespace lifelong::enrolment {
namespace {

class RosterTest : public EnrolmentTest {
 protected:
  // Three seats, five applicants: three confirmed, two waiting.
  std::string FullOffering() {
    std::string offering = Publish(1, 3, cv1::SELECTION_METHOD_FIRST_COME);
    for (int i = 0; i < 5; ++i) {
      EXPECT_TRUE(Apply(Citizen(i), offering, "r" + std::to_string(i)).ok());
    }
    return offering;
  }

  absl::StatusOr<v1::ListOfferingApplicationsResponse> List(
      const common::Caller& caller, const std::string& parent,
      const std::string& filter, int page_size = 0,
      const std::string& page_token = "") {
    v1::ListOfferingApplicationsRequest r;
    r.set_parent(parent);
    r.set_filter(filter);
    r.set_page_size(page_size);
    r.set_page_token(page_token);
    return logic_.ListOfferingApplications(caller, r);
  }

  static std::vector<std::string> Citizens(
      const v1::ListOfferingApplicationsResponse& page) {
    std::vector<std::string> out;
    for (const v1::Application& a : page.applications()) {
      out.push_back(a.citizen());
    }
    return out;
  }
};

TEST_F(RosterTest, ParentAndFilterNameTheRosterTheWaitlistOrEveryone) {
  std::string offering = FullOffering();
  auto roster = List(Staff(), offering, "status = CONFIRMED");
  ASSERT_TRUE(roster.ok()) << roster.status();
  EXPECT_EQ(Citizens(*roster),
            (std::vector<std::string>{Citizen(0), Citizen(1), Citizen(2)}));
  EXPECT_TRUE(roster->applications(0).has_progress());
  // AIP-160 spells the same comparison without spaces or with quotes.
  for (const char* same : {"status=CONFIRMED", "status = \"CONFIRMED\""}) {
    auto again = List(Staff(), offering, same);
    ASSERT_TRUE(again.ok()) << same << again.status();
    EXPECT_EQ(Citizens(*again), Citizens(*roster)) << same;
  }

  auto waiting =
      List(Staff(), offering, "status = APPLICATION_STATUS_WAITLISTED");
  ASSERT_TRUE(waiting.ok()) << waiting.status();
  ASSERT_EQ(waiting->applications_size(), 2);
  EXPECT_EQ(waiting->applications(0).citizen(), Citizen(3));
  EXPECT_EQ(waiting->applications(0).waitlist_position(), 1);

  // Empty filter: everyone, the waitlist last and in order, paged.
  auto first = List(Staff(), offering, "", 4);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_FALSE(first->next_page_token().empty());
  auto rest = List(Staff(), offering, "", 4, first->next_page_token());
  ASSERT_TRUE(rest.ok()) << rest.status();
  std::vector<std::string> all = Citizens(*first);
  for (const std::string& c : Citizens(*rest)) all.push_back(c);
  EXPECT_EQ(all, (std::vector<std::string>{Citizen(0), Citizen(1), Citizen(2),
                                           Citizen(3), Citizen(4)}));
  // A page token belongs to its query.
  EXPECT_EQ(
      List(Staff(), offering, "status = CONFIRMED", 4, first->next_page_token())
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);

  // The deprecated fields still answer as before.
  v1::ListOfferingApplicationsRequest old;
  old.set_offering(offering);
  old.set_status(v1::APPLICATION_STATUS_CONFIRMED);
  auto by_old = logic_.ListOfferingApplications(Staff(), old);
  ASSERT_TRUE(by_old.ok()) << by_old.status();
  EXPECT_EQ(Citizens(*by_old), Citizens(*roster));
}

TEST_F(RosterTest, BadParentOrFilterNamesTheField) {
  std::string offering = FullOffering();
  for (const char* filter :
       {"status == CONFIRMED", "status = SEATED", "citizen = x",
        "status = CONFIRMED OR x", "status = \"CONFIRMED", "status ="}) {
    absl::Status s = List(Staff(), offering, filter).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << filter;
    ASSERT_EQ(common::FieldViolationsOf(s).size(), 1u) << filter;
    EXPECT_EQ(common::FieldViolationsOf(s)[0].field, "filter");
    EXPECT_EQ(common::FieldViolationsOf(s)[0].reason, "INVALID_FILTER");
  }
  absl::Status s = List(Staff(), "offerings/nope", "").status();
  ASSERT_EQ(common::FieldViolationsOf(s).size(), 1u);
  EXPECT_EQ(common::FieldViolationsOf(s)[0].field, "parent");
}

TEST_F(RosterTest, EachPageCarriesATicketForItsCitizensAndItsReaderOnly) {
  std::string offering = FullOffering();
  auto roster = List(Staff(), offering, "status = CONFIRMED", 2);
  ASSERT_TRUE(roster.ok()) << roster.status();
  absl::StatusOr<common::ContactTicket> ticket =
      common::VerifyContactTicket(roster->contact_ticket(), "", kNow);
  ASSERT_TRUE(ticket.ok()) << ticket.status();
  EXPECT_EQ(ticket->staff, Staff().account);
  EXPECT_EQ(ticket->as,
            (common::RoleGrant{common::kRoleCentreStaff, "centres/misa"}));
  EXPECT_EQ(ticket->offering, offering);
  EXPECT_EQ(ticket->citizens, Citizens(*roster));
  EXPECT_EQ(ticket->expire_unix, kNow + common::kContactTicketSeconds);
  // Lapses after ten minutes.
  EXPECT_EQ(common::ReasonOf(common::VerifyContactTicket(
                                 roster->contact_ticket(), "", kNow + 600)
                                 .status()),
            "TICKET_EXPIRED");

  // The instructor gets one too; a citizen gets no roster at all.
  auto taught = List(Instructor(), offering, "");
  ASSERT_TRUE(taught.ok()) << taught.status();
  EXPECT_EQ(
      common::VerifyContactTicket(taught->contact_ticket(), "", kNow)->staff,
      kInstructor);
  EXPECT_EQ(common::ReasonOf(List(As(Citizen(0)), offering, "").status()),
            "NOT_YOUR_OFFERING");
  // No applications, no ticket.
  EXPECT_TRUE(
      List(Staff(), offering, "status = COMPLETED")->contact_ticket().empty());
}

}  // namespace
}  // namespace lifelong::enrolment
