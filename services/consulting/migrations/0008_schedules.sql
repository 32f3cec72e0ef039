-- A consultant has one or more schedules: "default" applies whenever no
-- dated schedule does; a dated schedule (a term, the summer) replaces it
-- on the local days from first_day to last_day. Dated schedules of one
-- consultant never overlap. Weekly rules belong to a schedule.
CREATE TABLE schedules (
  consultant_id uuid NOT NULL REFERENCES consultants (id),
  name text NOT NULL,
  first_day date,
  last_day date,
  PRIMARY KEY (consultant_id, name),
  CHECK ((name = 'default') = (first_day IS NULL AND last_day IS NULL)),
  CHECK (last_day >= first_day),
  CONSTRAINT schedules_no_overlap EXCLUDE USING gist (
    consultant_id WITH =, daterange(first_day, last_day, '[]') WITH &&)
    WHERE (name <> 'default')
);

INSERT INTO schedules (consultant_id, name)
  SELECT DISTINCT consultant_id, 'default' FROM weekly_rules;

ALTER TABLE weekly_rules ADD COLUMN schedule text NOT NULL DEFAULT 'default';
ALTER TABLE weekly_rules ADD CONSTRAINT weekly_rules_schedule_fkey
  FOREIGN KEY (consultant_id, schedule) REFERENCES schedules ON DELETE CASCADE;
ALTER TABLE weekly_rules
  DROP CONSTRAINT weekly_rules_consultant_id_iso_dow_int4range_excl;
ALTER TABLE weekly_rules ADD CONSTRAINT weekly_rules_no_overlap
  EXCLUDE USING gist (consultant_id WITH =, schedule WITH =, iso_dow WITH =,
                      int4range(start_minute, end_minute) WITH &&);
