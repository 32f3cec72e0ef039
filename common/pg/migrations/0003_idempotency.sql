-- Answers to mutating calls by request_id, so that a retry returns the first
-- answer. Written in the same transaction as the call's change.
CREATE TABLE idempotency_keys (
  caller      text        NOT NULL,
  method      text        NOT NULL,
  request_id  text        NOT NULL,
  fingerprint bytea       NOT NULL,
  response    bytea,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (caller, method, request_id)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
