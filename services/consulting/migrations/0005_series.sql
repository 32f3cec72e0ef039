-- Recurring follow-ups: occurrences of one series share its id; each is a
-- booking of its own.
ALTER TABLE bookings ADD COLUMN series_id uuid;
CREATE INDEX bookings_series ON bookings (series_id) WHERE series_id IS NOT NULL;
