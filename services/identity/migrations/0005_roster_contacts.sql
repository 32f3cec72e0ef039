-- A read that served one thing names it: "offerings/{uuid}" for a roster's
-- contacts (BatchGetCitizenContacts).
ALTER TABLE data_access_log ADD COLUMN about text NOT NULL DEFAULT '';
