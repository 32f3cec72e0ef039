-- The record after a session and the citizen's learning plan.

-- Catalogue programmes and offerings known from the catalogue's events:
-- plan items may point only at these, and enrolment's events (which name
-- offerings) find the items of the offering's programme through them.
CREATE TABLE catalogue_refs (
  name text PRIMARY KEY,          -- "programmes/{uuid}" or "offerings/{uuid}"
  programme text NOT NULL,        -- the programme's name (its own for one)
  centre text NOT NULL DEFAULT ''
);

-- One plan per citizen, built over their sessions.
CREATE TABLE learning_plans (
  citizen_id uuid PRIMARY KEY,
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'active', 'in_review', 'complete')),
  follow_up_proposed boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE plan_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  citizen_id uuid NOT NULL REFERENCES learning_plans (citizen_id),
  booking_id uuid REFERENCES bookings (id),
  kind text NOT NULL
    CHECK (kind IN ('programme', 'offering', 'village_activity', 'free_text')),
  target text NOT NULL DEFAULT '',  -- a catalogue name or "villages/{id}"
  text text NOT NULL DEFAULT '',    -- for people; never on events
  state text NOT NULL DEFAULT 'suggested'
    CHECK (state IN ('suggested', 'enrolled', 'done', 'dropped')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_items_citizen ON plan_items (citizen_id, created_at);

-- The consultant's note: staff only, kept only with the citizen's consent.
CREATE TABLE consultation_notes (
  booking_id uuid PRIMARY KEY REFERENCES bookings (id),
  author text NOT NULL,
  text text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
