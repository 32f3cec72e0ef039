-- The rest of an application's life. Statuses:
--   applied (lottery, before the draw) -> confirmed | waitlisted
--   waitlisted -> offered (a freed seat held until offer_expires_at)
--   offered -> confirmed | expired;   confirmed -> completed
--   any live status -> cancelled
-- offerings.confirmed counts the seats held: confirmed, offered, completed.
ALTER TABLE applications DROP CONSTRAINT applications_status_check;
ALTER TABLE applications ADD CONSTRAINT applications_status_check
  CHECK (status IN ('applied', 'confirmed', 'waitlisted', 'offered', 'expired',
                    'cancelled', 'completed'));
ALTER TABLE applications
  -- The citizen's verified groups when applying: what the draw used.
  ADD COLUMN priority_groups  integer[] NOT NULL DEFAULT '{}',
  -- The priority quota whose reserved seat it holds; NULL: general.
  ADD COLUMN quota_group      integer,
  ADD COLUMN offer_expires_at timestamptz,
  ADD COLUMN cancelled_by     text,
  ADD COLUMN cancel_reason    text,
  ADD CONSTRAINT offered_until CHECK ((status = 'offered') = (offer_expires_at IS NOT NULL));
CREATE INDEX applications_offers_due ON applications (offer_expires_at)
  WHERE status = 'offered';
DROP INDEX applications_by_citizen_live;
CREATE INDEX applications_by_citizen_live ON applications (citizen_id)
  WHERE status NOT IN ('cancelled', 'expired');

ALTER TABLE offerings
  -- Current waitlist length: a newcomer's rank without counting.
  ADD COLUMN waitlist_size          integer NOT NULL DEFAULT 0 CHECK (waitlist_size >= 0),
  ADD COLUMN min_enrolment          integer NOT NULL DEFAULT 0,
  ADD COLUMN applications_close_at  timestamptz,  -- the last window's close
  ADD COLUMN first_session_at       timestamptz,
  -- Set once the close was acted on (draw, minimum check).
  ADD COLUMN closed_at              timestamptz,
  ADD COLUMN undersubscribed        boolean NOT NULL DEFAULT false;
CREATE INDEX offerings_due_to_close ON offerings (applications_close_at)
  WHERE closed_at IS NULL;

-- Seats reserved for priority groups in a drawn lottery: never more taken
-- than reserved.
CREATE TABLE offering_quotas (
  offering_id    uuid    NOT NULL REFERENCES offerings (id),
  priority_group integer NOT NULL,
  seats          integer NOT NULL,
  taken          integer NOT NULL DEFAULT 0,
  PRIMARY KEY (offering_id, priority_group),
  CHECK (taken >= 0 AND taken <= seats)
);

-- A lottery's committed seed and, after the draw, its audit record.
CREATE TABLE draws (
  offering_id  uuid        PRIMARY KEY REFERENCES offerings (id),
  seed         bytea       NOT NULL,  -- secret until drawn_at
  seed_sha256  bytea       NOT NULL,  -- public from the start
  committed_at timestamptz NOT NULL DEFAULT now(),
  drawn_at     timestamptz,
  record       bytea                  -- lifelong.enrolment.v1.Draw
);

CREATE TABLE attendance (
  application_id uuid        NOT NULL REFERENCES applications (id),
  session_id     text        NOT NULL,
  mark           text        NOT NULL CHECK (mark IN ('present', 'late', 'excused', 'absent')),
  recorded_by    text        NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (application_id, session_id)
);

CREATE TABLE certificates (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid        NOT NULL UNIQUE REFERENCES applications (id),
  body           bytea       NOT NULL,  -- lifelong.enrolment.v1.Certificate
  issued_at      timestamptz NOT NULL DEFAULT now()
);

-- No-shows: unexcused absences since the last block; a block's end.
ALTER TABLE citizens
  ADD COLUMN no_show_strikes integer NOT NULL DEFAULT 0,
  ADD COLUMN blocked_until   timestamptz;
