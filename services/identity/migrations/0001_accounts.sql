-- Citizens and staff, their priority claims and role grants.
CREATE TABLE accounts (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  kind          text        NOT NULL CHECK (kind IN ('citizen', 'staff')),
  display_name  text        NOT NULL,
  email         text        UNIQUE,   -- lower-cased
  phone         text        UNIQUE,   -- E.164, "+8210..."
  password_hash text        NOT NULL, -- argon2id, libsodium's crypto_pwhash_str
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (email IS NOT NULL OR phone IS NOT NULL)
);

CREATE TABLE citizen_profiles (
  account_id         uuid    PRIMARY KEY REFERENCES accounts (id),
  birth_year         integer NOT NULL CHECK (birth_year BETWEEN 1900 AND 2200),
  district           text    NOT NULL,
  workplace_district text    NOT NULL DEFAULT '',
  language           text    NOT NULL CHECK (language IN ('ko', 'en'))
);

-- A claim is recorded as the citizen states it; staff decide it once.
CREATE TABLE priority_claims (
  account_id uuid        NOT NULL REFERENCES accounts (id),
  grp        text        NOT NULL,
  status     text        NOT NULL DEFAULT 'claimed'
                         CHECK (status IN ('claimed', 'verified', 'rejected')),
  decided_by uuid        REFERENCES accounts (id),
  decided_at timestamptz,
  PRIMARY KEY (account_id, grp),
  CHECK ((status = 'claimed') = (decided_by IS NULL))
);

CREATE TABLE role_grants (
  account_id uuid        NOT NULL REFERENCES accounts (id),
  role       text        NOT NULL,
  scope      text        NOT NULL DEFAULT '',
  granted_by text        NOT NULL, -- "staff/{uuid}" or "system"
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, role, scope)
);
