-- Consulting: consultants, availability as local wall-clock rules
-- (Asia/Seoul), session types, closures, and bookings whose overlap
-- PostgreSQL refuses.
--
-- btree_gist is created in the public schema by the stack's superuser
-- (deploy/local/lib/common.sh start_postgres); IF NOT EXISTS makes this a
-- no-op for the service role when it is there.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- A consultant belongs to a centre: identity's StaffRoleGranted with
-- ROLE_CONSULTANT scoped to "centres/{id}". Revoking the role deactivates.
CREATE TABLE consultants (
  id uuid PRIMARY KEY,                -- the staff account's uuid
  centre text NOT NULL,               -- "misa"
  active boolean NOT NULL DEFAULT true,
  -- Last time "any consultant" picked them (round robin among equals).
  last_assigned_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultants_centre ON consultants (centre) WHERE active;

-- Weekly hours in local wall-clock minutes from midnight (Asia/Seoul).
-- Breaks are "start-end" minute pairs separated by commas ("720-780").
CREATE TABLE weekly_rules (
  id bigserial PRIMARY KEY,
  consultant_id uuid NOT NULL REFERENCES consultants (id),
  iso_dow smallint NOT NULL CHECK (iso_dow BETWEEN 1 AND 7),
  start_minute smallint NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute smallint NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
  breaks text NOT NULL DEFAULT '',
  CHECK (end_minute > start_minute),
  EXCLUDE USING gist (consultant_id WITH =, iso_dow WITH =,
                      int4range(start_minute, end_minute) WITH &&)
);

-- A local date whose hours replace the weekly rules; windows '' = day off.
CREATE TABLE date_overrides (
  consultant_id uuid NOT NULL REFERENCES consultants (id),
  local_date date NOT NULL,
  windows text NOT NULL DEFAULT '',   -- "540-720,780-1020"
  PRIMARY KEY (consultant_id, local_date)
);

CREATE TABLE out_of_office (
  id bigserial PRIMARY KEY,
  consultant_id uuid NOT NULL REFERENCES consultants (id),
  first_day date NOT NULL,
  last_day date NOT NULL,
  colleague_id uuid REFERENCES consultants (id),
  CHECK (last_day >= first_day),
  CHECK (colleague_id IS NULL OR colleague_id <> consultant_id)
);
CREATE INDEX out_of_office_consultant ON out_of_office (consultant_id, last_day);

-- Whole local days on which a centre (or, with centre NULL, the city) is
-- closed. Public holidays are city-wide closures (0002).
CREATE TABLE closures (
  id bigserial PRIMARY KEY,
  centre text,
  first_day date NOT NULL,
  last_day date NOT NULL,
  title text NOT NULL,
  CHECK (last_day >= first_day)
);
CREATE INDEX closures_days ON closures (last_day);

CREATE TABLE session_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  centre text NOT NULL,
  display_name text NOT NULL,
  length_minutes integer NOT NULL CHECK (length_minutes BETWEEN 10 AND 480),
  grid_minutes integer NOT NULL CHECK (grid_minutes BETWEEN 5 AND 240),
  buffer_before_minutes integer NOT NULL DEFAULT 0,
  buffer_after_minutes integer NOT NULL DEFAULT 0,
  minimum_notice_minutes integer NOT NULL DEFAULT 0,
  horizon_days integer NOT NULL DEFAULT 60,
  cap_per_day integer NOT NULL DEFAULT 0,
  cap_per_week integer NOT NULL DEFAULT 0,
  seats integer NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 200),
  channel smallint NOT NULL,
  languages text NOT NULL DEFAULT '1',   -- Language numbers, "1,2"
  topics text NOT NULL DEFAULT '',       -- Topic numbers; '' = every topic
  needs_confirmation boolean NOT NULL DEFAULT false,
  cancel_notice_minutes integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX session_types_centre ON session_types (centre);

-- One row per booking (and per hold: status 'held'). `occupied` is the
-- consultant's time taken, buffers included; `occupancy` is the booking's
-- own id for 1:1 sessions and "<session type>@<start>" for a group
-- session, so that the seats of one group occurrence may share the time.
CREATE TABLE bookings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultant_id uuid NOT NULL REFERENCES consultants (id),
  centre text NOT NULL,
  session_type_id uuid NOT NULL REFERENCES session_types (id),
  citizen_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('held', 'pending', 'confirmed',
    'rejected', 'cancelled', 'completed', 'expired')),
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  buffer_before_minutes integer NOT NULL,
  buffer_after_minutes integer NOT NULL,
  occupied tstzrange NOT NULL,
  occupancy text NOT NULL,
  hold_expires_at timestamptz,
  channel smallint NOT NULL,
  booked_by text NOT NULL,
  assignment_reason smallint NOT NULL,
  assignment_detail text NOT NULL DEFAULT '',
  rescheduled_from uuid REFERENCES bookings (id),
  rescheduled_to uuid REFERENCES bookings (id),
  cancelled_by text NOT NULL DEFAULT '',
  cancel_reason text NOT NULL DEFAULT '',
  reassign_reason text NOT NULL DEFAULT '',
  shared_with_centre text,             -- a centre the booking was reassigned from/to
  citizen_no_show boolean NOT NULL DEFAULT false,
  consultant_no_show boolean NOT NULL DEFAULT false,
  -- Intake (never on events except topics).
  intake_topics text NOT NULL DEFAULT '',
  intake_goals text NOT NULL DEFAULT '',
  intake_barriers text NOT NULL DEFAULT '',
  intake_language smallint NOT NULL DEFAULT 0,
  consent_to_keep boolean NOT NULL DEFAULT false,
  consent_to_share boolean NOT NULL DEFAULT false,
  reminded_24h boolean NOT NULL DEFAULT false,
  reminded_2h boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_at > start_at),
  CHECK (occupied = tstzrange(start_at - make_interval(mins => buffer_before_minutes),
                              end_at + make_interval(mins => buffer_after_minutes), '[)')),
  CHECK (status <> 'held' OR hold_expires_at IS NOT NULL),
  -- No double booking: a consultant's held, pending and confirmed time,
  -- buffers included, never overlaps (other than seats of one group
  -- occurrence).
  CONSTRAINT bookings_consultant_no_overlap EXCLUDE USING gist (
    consultant_id WITH =, occupied WITH &&, occupancy WITH <>)
    WHERE (status IN ('held', 'pending', 'confirmed')),
  -- A citizen is in one session at a time.
  CONSTRAINT bookings_citizen_no_overlap EXCLUDE USING gist (
    citizen_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&)
    WHERE (status IN ('held', 'pending', 'confirmed'))
);
CREATE INDEX bookings_citizen ON bookings (citizen_id, start_at DESC);
CREATE INDEX bookings_centre ON bookings (centre, start_at);
CREATE INDEX bookings_held ON bookings (hold_expires_at) WHERE status = 'held';
CREATE INDEX bookings_reminders ON bookings (start_at)
  WHERE status = 'confirmed' AND NOT reminded_2h;

-- Seats of one group occurrence, taken with a conditional update.
CREATE TABLE group_occurrences (
  occupancy text PRIMARY KEY,
  seats integer NOT NULL,
  taken integer NOT NULL DEFAULT 0,
  CHECK (taken BETWEEN 0 AND seats)
);
