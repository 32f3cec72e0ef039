-- The catalogue's per-person limit group of each offering ("2027-spring"):
-- a citizen holds at most a configured number of live applications per group.
ALTER TABLE offerings ADD COLUMN limit_group text NOT NULL DEFAULT '';
CREATE INDEX applications_by_citizen_live ON applications (citizen_id)
  WHERE status <> 'cancelled';
