// Enrolment events version 2 (lifelong.enrolment.events.v2) from their
// version 1 twins: a pure mapping from each v1 event, as Announce publishes
// it (quota group, cancel reason and offering summary already cleared), to
// the v2 event published beside it in the same transaction on
// lifelong.enrolment.application.v2. v2's payloads are enrolment's own
// snapshot messages, so the API can change without changing the stream
// (docs/events/README.md, "How the contract evolves").
//
// Deliberately left out of v2 (events_v2_test.cc lists them and fails when
// a new field of a v1 payload is neither mapped nor listed):
//   Application.quota_group       a priority group: sensitive, never general
//   Application.cancel_reason     free text
//   Application.offering_summary  the catalogue's data, never on events
//   AttendanceRecorded.recorded_by  a staff member's id
// and turned into codes: Application.applied_by ("citizens/…" or
// "staff/…") becomes AppliedBy, cancelled_by CancelledBy; no staff id is
// published.
//
//   std::unique_ptr<google::protobuf::Message> v2 = EnrolmentEventV2(v1);
//   if (v2) AddToOutbox(tx, OutboxEvent::Of(kApplicationTopicV2, key, *v2));
#pragma once

#include <google/protobuf/message.h>

#include <memory>
#include <string>

#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "lifelong/enrolment/events/v2/enrolment_events.pb.h"

namespace lifelong::enrolment {

inline constexpr char kApplicationTopicV2[] =
    "lifelong.enrolment.application.v2";

// The v2 twin of any v1 event of lifelong.enrolment.events.v1; null for a
// message that is not one (no v1 event lacks a twin: the test checks).
std::unique_ptr<google::protobuf::Message> EnrolmentEventV2(
    const google::protobuf::Message& v1_event);

// The API's messages as v2 snapshots.
events::v2::Application ApplicationV2(const v1::Application& a);
events::v2::Progress ProgressV2(const v1::Progress& p);
events::v2::Certificate CertificateV2(const v1::Certificate& c);
events::v2::ApplicationFee FeeV2(const events::v1::ApplicationFee& f);
// "staff/…" -> STAFF, "citizens/…" -> CITIZEN.
events::v2::AppliedBy AppliedByV2(const std::string& applied_by);
// "staff/…", "citizens/…", "catalogue".
events::v2::CancelledBy CancelledByV2(const std::string& cancelled_by);

}  // namespace lifelong::enrolment
