-- Items keep the order they were written in (several per transaction).
ALTER TABLE plan_items ADD COLUMN position bigserial;
