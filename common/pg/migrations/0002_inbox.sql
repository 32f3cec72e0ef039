-- Messages a consumer has processed, written in the same transaction as
-- their effect, so that a redelivered message changes nothing.
CREATE TABLE inbox (
  consumer    text        NOT NULL,
  event_id    text        NOT NULL,
  topic       text        NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
