-- Citizens registered at a centre's desk may have neither phone nor email:
-- they log in with a login number and a one-time desk code, and set a
-- password later if they wish.
ALTER TABLE accounts ADD COLUMN login_number text UNIQUE;  -- 8 digits
ALTER TABLE accounts DROP CONSTRAINT accounts_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_some_login
  CHECK (email IS NOT NULL OR phone IS NOT NULL OR login_number IS NOT NULL);
-- NULL: no password yet (desk codes only).
ALTER TABLE accounts ALTER COLUMN password_hash DROP NOT NULL;

-- The account's one live desk code, hashed like a password (argon2id), so a
-- reader of the table cannot try the 10^8 codes offline. Issuing a new one
-- replaces it; a login uses it up.
CREATE TABLE desk_codes (
  account_id uuid        PRIMARY KEY REFERENCES accounts (id),
  code_hash  text        NOT NULL,
  issued_by  uuid        NOT NULL REFERENCES accounts (id),
  issued_at  timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
