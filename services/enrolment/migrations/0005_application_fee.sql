-- What each application is charged for its seat (services/enrolment/fees.h):
-- decided when it is accepted and, for a lottery, again at the draw. NULL on
-- applications made before this migration. priority_groups (0003) now holds
-- the groups of the last decision: at apply time, replaced at the draw.
ALTER TABLE applications
  ADD COLUMN fee_krw   bigint CHECK (fee_krw >= 0),
  ADD COLUMN fee_list_price_krw bigint CHECK (fee_list_price_krw >= 0),
  -- lifelong.enrolment.events.v1.FeeBasis
  ADD COLUMN fee_basis smallint,
  ADD COLUMN fee_discount_percent smallint;
