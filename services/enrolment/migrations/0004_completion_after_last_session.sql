-- A course is completed only once its last counted session has ended: the
-- read model keeps that end, and the due-work loop completes the learners of
-- offerings whose last session ended (once per end: a rescheduled last
-- session clears the check).
ALTER TABLE offerings
  ADD COLUMN last_session_end_at timestamptz,
  ADD COLUMN completions_checked_at timestamptz;
CREATE INDEX offerings_completion_due ON offerings (last_session_end_at)
  WHERE completions_checked_at IS NULL;
