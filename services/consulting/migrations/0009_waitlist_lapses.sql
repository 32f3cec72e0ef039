-- An offer the citizen lets lapse puts the entry back in line once; a
-- second lapse ends it ('left'). A taken offer ends it as 'booked'.
ALTER TABLE waitlist_entries ADD COLUMN lapsed_offers integer NOT NULL DEFAULT 0;
ALTER TABLE waitlist_entries DROP CONSTRAINT waitlist_entries_status_check;
ALTER TABLE waitlist_entries ADD CONSTRAINT waitlist_entries_status_check
  CHECK (status IN ('waiting', 'offered', 'booked', 'left'));
