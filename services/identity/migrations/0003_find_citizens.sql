-- Staff find citizens at the desk by name and birth year (FindCitizens).
CREATE INDEX accounts_citizen_name
  ON accounts (lower(btrim(display_name))) WHERE kind = 'citizen';
