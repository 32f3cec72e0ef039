// Cancelling applications: one by its citizen or the centre's staff
// (EnrolmentService::CancelApplication, in cancellation.cc), and every one
// of an offering that the catalogue cancelled (here, for the read model).
#pragma once

#include <pqxx/pqxx>
#include <string>

namespace lifelong::enrolment {

// Cancels every live application of the offering ("catalogue" cancelled
// them, for `reason`) and announces EnrolmentCancelled for each; no seat is
// offered on. Running it again changes nothing.
void CancelEveryApplication(pqxx::work& tx, const std::string& offering_id,
                            const std::string& reason);

}  // namespace lifelong::enrolment
