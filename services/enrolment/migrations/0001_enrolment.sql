-- Read models of other services' data (fed by their events), and the
-- applications with their seats.

-- The catalogue's published offerings, as their last event showed them.
CREATE TABLE offerings (
  id         uuid    PRIMARY KEY,
  version    integer NOT NULL,  -- the catalogue's etag number: older events change nothing
  body       bytea   NOT NULL,  -- lifelong.catalogue.v1.Offering
  state      text    NOT NULL,
  selection  integer NOT NULL,
  capacity   integer NOT NULL,
  -- Seats: never more confirmed than capacity, enforced here.
  confirmed  integer NOT NULL DEFAULT 0,
  waitlisted integer NOT NULL DEFAULT 0,  -- last waitlist position handed out
  CHECK (confirmed >= 0 AND confirmed <= capacity)
);

-- Identity's citizens: what eligibility rules need, nothing more.
CREATE TABLE citizens (
  id                 uuid    PRIMARY KEY,
  birth_year         integer NOT NULL,
  district           text    NOT NULL,
  workplace_district text    NOT NULL DEFAULT '',
  priority_groups    integer[] NOT NULL DEFAULT '{}'  -- verified only
);

CREATE TABLE applications (
  id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  offering_id       uuid        NOT NULL REFERENCES offerings (id),
  citizen_id        uuid        NOT NULL,
  status            text        NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
  waitlist_position integer,
  applied_by        text        NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  -- One application per citizen and offering; waitlist places unique.
  UNIQUE (offering_id, citizen_id),
  UNIQUE (offering_id, waitlist_position),
  CHECK ((status = 'waitlisted') = (waitlist_position IS NOT NULL))
);
CREATE INDEX applications_by_citizen ON applications (citizen_id, created_at DESC, id);
