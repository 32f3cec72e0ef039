// Where application_rows.h's parts went, until the last includes are
// renamed: applications (application_store.h), the offering read model
// (offering_store.h), events (application_events.h), who may act
// (caller_checks.h). Include those instead.
#pragma once

#include "services/enrolment/application_events.h"
#include "services/enrolment/application_store.h"
#include "services/enrolment/caller_checks.h"
#include "services/enrolment/offering_store.h"
