// When an offering's applications close (EnrolmentService::RunDueWork, in
// closing.cc): a lottery is drawn with the seed committed beforehand, and an
// offering below its minimum is flagged undersubscribed.
#pragma once

#include <pqxx/pqxx>
#include <string>

namespace lifelong::enrolment {

// Commits a lottery offering's seed: 32 random bytes kept secret until the
// draw, their SHA-256 public at once (GetDraw). Keeps a seed already there.
void CommitDrawSeed(pqxx::work& tx, const std::string& offering_id);

}  // namespace lifelong::enrolment
