#include "services/community/rsvp_decision.h"

#include "common/errors.h"

namespace lifelong::community {
namespace {

RsvpDecision Refuse(absl::StatusCode code, std::string reason,
                    std::string message) {
  RsvpDecision d;
  d.outcome = RsvpOutcome::kRefused;
  d.code = code;
  d.reason = std::move(reason);
  d.message = std::move(message);
  return d;
}

bool InBand(int age, int min_age, int max_age) {
  return (min_age == 0 || age >= min_age) && (max_age == 0 || age <= max_age);
}

}  // namespace

absl::Status RsvpDecision::ToStatus() const {
  if (outcome != RsvpOutcome::kRefused) return absl::OkStatus();
  return common::Error(code, reason, message);
}

RsvpDecision DecideRsvp(const RsvpFacts& f) {
  using absl::StatusCode;
  if (!f.has_registration) {
    return Refuse(StatusCode::kFailedPrecondition, "NO_REGISTRATION",
                  "this event takes no RSVPs");
  }
  if (f.cancelled) {
    return Refuse(StatusCode::kFailedPrecondition, "EVENT_CANCELLED",
                  "the event is cancelled");
  }
  if (f.now < f.open_time || f.now >= f.close_time ||
      (f.start_time != 0 && f.now >= f.start_time)) {
    return Refuse(StatusCode::kFailedPrecondition, "REGISTRATION_CLOSED",
                  "RSVPs are not taken now");
  }
  if (f.group_size < 1 || f.group_size > f.max_group_size) {
    return Refuse(StatusCode::kFailedPrecondition, "GROUP_TOO_LARGE",
                  "one RSVP may bring at most " +
                      std::to_string(f.max_group_size) + " people");
  }
  if (f.members_only && !f.is_member) {
    return Refuse(StatusCode::kFailedPrecondition, "MEMBERS_ONLY",
                  "only active members of the group may RSVP");
  }
  if (f.min_age != 0 || f.max_age != 0) {
    if (!f.contact_birth_year.has_value()) {
      return Refuse(StatusCode::kUnavailable, "CITIZEN_UNKNOWN",
                    "the citizen's registration has not reached this "
                    "service yet; retry");
    }
    if (static_cast<int>(f.attendee_birth_years.size()) != f.group_size - 1) {
      return Refuse(StatusCode::kFailedPrecondition, "AGE_BAND",
                    "the birth year of every other attendee is needed");
    }
    bool fits =
        InBand(f.event_year - *f.contact_birth_year, f.min_age, f.max_age);
    for (int year : f.attendee_birth_years) {
      fits = fits && InBand(f.event_year - year, f.min_age, f.max_age);
    }
    if (!fits) {
      return Refuse(StatusCode::kFailedPrecondition, "AGE_BAND",
                    "everyone must be within the event's age band");
    }
  }
  if (f.already_rsvped) {
    return Refuse(StatusCode::kAlreadyExists, "ALREADY_RSVPED",
                  "the caller already has an RSVP to this event");
  }
  int free = f.capacity - f.confirmed - f.held + f.own_hold;
  RsvpDecision d;
  if (f.group_size <= free && (f.waitlisted == 0 || f.own_hold > 0)) {
    d.outcome = RsvpOutcome::kConfirmed;
    return d;
  }
  if (f.waitlisted + f.group_size <= f.waitlist_capacity) {
    d.outcome = RsvpOutcome::kWaitlisted;
    return d;
  }
  return Refuse(StatusCode::kFailedPrecondition, "EVENT_FULL_WAITLIST_FULL",
                "the event and its waiting list are full");
}

}  // namespace lifelong::community
