-- Starts may fall on any minute (short check-ins), not only every 5.
ALTER TABLE session_types DROP CONSTRAINT session_types_grid_minutes_check;
ALTER TABLE session_types ADD CONSTRAINT session_types_grid_minutes_check
  CHECK (grid_minutes BETWEEN 1 AND 240);
