-- Citizens waiting for a slot at a centre (topic, date range); the first in
-- line is offered a matching free slot as an expiring hold.
CREATE TABLE waitlist_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  citizen_id uuid NOT NULL,
  centre text NOT NULL,
  topic smallint NOT NULL DEFAULT 0,  -- 0: any topic
  first_day date NOT NULL,
  last_day date NOT NULL,
  status text NOT NULL DEFAULT 'waiting'
    CHECK (status IN ('waiting', 'offered', 'left')),
  offered_booking uuid REFERENCES bookings (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (last_day >= first_day)
);
CREATE INDEX waitlist_waiting ON waitlist_entries (created_at)
  WHERE status = 'waiting';
