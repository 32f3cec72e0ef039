-- Need-to-know reads of citizens' data (docs/security/access.md).

-- A staff member assists a citizen for a limited time: while a grant is live
-- and its holder still has the role in its centre, they read the citizen's
-- whole profile. Grants are never updated; they expire.
CREATE TABLE assisting_grants (
  id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  citizen_id  uuid        NOT NULL REFERENCES accounts (id),
  staff_id    uuid        NOT NULL REFERENCES accounts (id),
  role        text        NOT NULL CHECK (role IN ('centre_staff', 'consultant')),
  scope       text        NOT NULL,  -- "centres/{id}"
  reason      text        NOT NULL,  -- AccessReason code, e.g. "desk_visit"
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX assisting_grants_live
  ON assisting_grants (staff_id, citizen_id, expires_at);

-- Every read of a citizen's data by someone else, for the citizen to see
-- (ListMyDataAccess). Append-only; written in the transaction of the read,
-- so a read that cannot be logged does not happen.
CREATE TABLE data_access_log (
  id               bigserial   PRIMARY KEY,
  citizen_id       uuid        NOT NULL REFERENCES accounts (id),
  accessor_id      uuid        NOT NULL REFERENCES accounts (id),
  role             text        NOT NULL,
  scope            text        NOT NULL DEFAULT '',
  method           text        NOT NULL,  -- "GetCitizen", ...
  reason           text        NOT NULL,  -- AccessReason code
  disclosed_claims text[]      NOT NULL DEFAULT '{}',  -- priority group codes
  accessed_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX data_access_log_by_citizen ON data_access_log (citizen_id, id DESC);
