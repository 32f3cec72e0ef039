-- Learning villages and clubs, their memberships, community events
-- (umbrella ⊃ series ⊃ occurrence), registrations, places, RSVPs, holds and
-- check-ins. Places are counted on `places`, one row per bookable event (a
-- single event or an occurrence), whose CHECK constraints are the capacity
-- invariant: every change to the counts runs under that row's lock.

-- Villages (id = the slug identity's scopes use) and clubs.
CREATE TABLE groups (
  id              text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{2,40}$'
                                          OR id ~ '^[0-9a-f-]{36}$'),
  kind            text NOT NULL CHECK (kind IN ('village', 'club')),
  village_id      text REFERENCES groups (id),
  name_ko         text NOT NULL,
  name_en         text NOT NULL DEFAULT '',
  description_ko  text NOT NULL DEFAULT '',
  description_en  text NOT NULL DEFAULT '',
  place           text NOT NULL DEFAULT '',
  districts       text[] NOT NULL DEFAULT '{}',
  joining_mode    text NOT NULL CHECK (joining_mode IN ('open', 'approval', 'invite_only')),
  visibility      text NOT NULL CHECK (visibility IN ('public', 'unlisted', 'private')),
  active_members  integer NOT NULL DEFAULT 0 CHECK (active_members >= 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  version         integer NOT NULL DEFAULT 1,
  CHECK (kind = 'club' OR village_id IS NULL)
);
CREATE INDEX groups_village ON groups (village_id);

CREATE TABLE memberships (
  group_id    text NOT NULL REFERENCES groups (id),
  person      text NOT NULL,
  role        text NOT NULL CHECK (role IN ('member', 'leader', 'coordinator',
                                            'resident_instructor', 'committee')),
  state       text NOT NULL CHECK (state IN ('invited', 'pending', 'active',
                                             'rejected', 'left')),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, person)
);
CREATE INDEX memberships_person ON memberships (person) WHERE state = 'active';

-- Staff scopes from identity's StaffRoleGranted/Revoked: which staff
-- coordinate which village.
CREATE TABLE village_coordinators (
  staff       text NOT NULL,
  village_id  text NOT NULL,
  PRIMARY KEY (staff, village_id)
);

-- Birth years of citizens from identity's CitizenRegistered (age bands).
CREATE TABLE citizens (
  id          text PRIMARY KEY,
  birth_year  integer NOT NULL
);

CREATE TABLE events (
  id                  uuid PRIMARY KEY,
  group_id            text REFERENCES groups (id),
  village_id          text,
  parent_id           uuid REFERENCES events (id),
  kind                text NOT NULL CHECK (kind IN ('single', 'umbrella', 'series', 'occurrence')),
  type                text NOT NULL CHECK (type IN ('meeting', 'course', 'festival',
                                                    'volunteering', 'exhibition')),
  status              text NOT NULL CHECK (status IN ('draft', 'scheduled', 'postponed',
                                                      'rescheduled', 'cancelled')),
  title_ko            text NOT NULL,
  title_en            text NOT NULL DEFAULT '',
  description_ko      text NOT NULL DEFAULT '',
  description_en      text NOT NULL DEFAULT '',
  place               text NOT NULL DEFAULT '',
  district            text NOT NULL DEFAULT '',
  online_url          text NOT NULL DEFAULT '',
  audience_note       text NOT NULL DEFAULT '',
  accessibility_note  text NOT NULL DEFAULT '',
  start_time          timestamptz,
  end_time            timestamptz,
  -- SERIES: the recurrence as given (RRULE, first local date and time,
  -- minutes, skipped dates), kept to show it back.
  rrule               text NOT NULL DEFAULT '',
  recurrence          bytea,
  created_by          text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  version             integer NOT NULL DEFAULT 1,
  CHECK (end_time IS NULL OR start_time IS NULL OR end_time > start_time),
  CHECK (kind <> 'occurrence' OR parent_id IS NOT NULL)
);
CREATE INDEX events_upcoming ON events (start_time, id)
  WHERE status <> 'draft' AND kind IN ('single', 'occurrence', 'umbrella');
CREATE INDEX events_parent ON events (parent_id, start_time);
CREATE INDEX events_group ON events (group_id);

-- Registration settings, 1:1 with a single event or a series.
CREATE TABLE registrations (
  event_id           uuid PRIMARY KEY REFERENCES events (id),
  open_time          timestamptz NOT NULL,
  close_time         timestamptz NOT NULL,
  capacity           integer NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
  waitlist_capacity  integer NOT NULL CHECK (waitlist_capacity BETWEEN 0 AND 100000),
  max_group_size     integer NOT NULL CHECK (max_group_size BETWEEN 1 AND 20),
  min_age            integer NOT NULL DEFAULT 0,
  max_age            integer NOT NULL DEFAULT 0,
  members_only       boolean NOT NULL DEFAULT false,
  min_attendance     integer NOT NULL DEFAULT 0,
  CHECK (close_time > open_time)
);

-- Places of one bookable event (single or occurrence), in people. The
-- CHECKs are the invariant; every update holds the row's lock.
CREATE TABLE places (
  event_id           uuid PRIMARY KEY REFERENCES events (id),
  capacity           integer NOT NULL,
  waitlist_capacity  integer NOT NULL,
  confirmed          integer NOT NULL DEFAULT 0,
  waitlisted         integer NOT NULL DEFAULT 0,
  held               integer NOT NULL DEFAULT 0,
  walk_ins           integer NOT NULL DEFAULT 0,
  checked_in         integer NOT NULL DEFAULT 0,
  CHECK (confirmed >= 0 AND waitlisted >= 0 AND held >= 0),
  CHECK (confirmed + held <= capacity),
  CHECK (waitlisted <= waitlist_capacity)
);

-- One RSVP per person per event (single, occurrence or series). Waitlist
-- order is seq. person, attendee_birth_years and check_in_code are the
-- personal data that anonymisation removes; the row and its counts stay.
CREATE TABLE rsvps (
  id                    uuid PRIMARY KEY,
  event_id              uuid NOT NULL REFERENCES events (id),
  series_rsvp_id        uuid REFERENCES rsvps (id),
  person                text,
  group_size            integer NOT NULL CHECK (group_size BETWEEN 1 AND 20),
  attendee_birth_years  integer[] NOT NULL DEFAULT '{}',
  status                text NOT NULL CHECK (status IN ('confirmed', 'waitlisted',
                                                        'cancelled', 'series')),
  seq                   bigserial NOT NULL,
  check_in_code         text,
  checked_in_at         timestamptz,
  checked_in_by         text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  anonymised_at         timestamptz
);
CREATE UNIQUE INDEX rsvps_person ON rsvps (event_id, person)
  WHERE person IS NOT NULL AND status <> 'cancelled';
CREATE UNIQUE INDEX rsvps_code ON rsvps (event_id, check_in_code)
  WHERE check_in_code IS NOT NULL;
CREATE INDEX rsvps_waitlist ON rsvps (event_id, seq) WHERE status = 'waitlisted';
CREATE INDEX rsvps_series ON rsvps (series_rsvp_id);
CREATE INDEX rsvps_to_anonymise ON rsvps (event_id) WHERE anonymised_at IS NULL;

-- Places held while a form is filled in; counted in places.held.
CREATE TABLE seat_holds (
  code        uuid PRIMARY KEY,
  event_id    uuid NOT NULL REFERENCES events (id),
  seats       integer NOT NULL CHECK (seats > 0),
  holder      text NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX seat_holds_expiry ON seat_holds (expires_at);
