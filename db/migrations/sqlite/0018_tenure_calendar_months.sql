-- Tenure buckets count whole calendar months between start and end (docs/domain.md, "Tenure and survival"), not
-- 30-day months: the months are kept beside the days on every churn and reason row (by DerivedFacts, as the days are),
-- so the tenure and reason figures group by them without working out a date per row.
-- Whole months from a to b: the months the calendar turned, less one when b's day of the month is before a's and b is
-- not the last day of its month (31 January -> 28 February is one month).
-- Also: a follow-up cancelled after a day was still pending on it, so churn risk as of a past day reads the cancelled
-- follow-ups by their cancellation day.

ALTER TABLE engagement_churns ADD COLUMN tenure_months INTEGER NULL;
ALTER TABLE engagement_churn_reasons ADD COLUMN tenure_months INTEGER NULL;
ALTER TABLE company_churns ADD COLUMN tenure_months INTEGER NULL;
ALTER TABLE company_churn_reasons ADD COLUMN tenure_months INTEGER NULL;

UPDATE engagement_churns SET tenure_months = (
  SELECT CASE WHEN e.start_on >= engagement_churns.ended_on THEN 0 ELSE
    (CAST(strftime('%Y', engagement_churns.ended_on) AS INTEGER) - CAST(strftime('%Y', e.start_on) AS INTEGER)) * 12
    + CAST(strftime('%m', engagement_churns.ended_on) AS INTEGER) - CAST(strftime('%m', e.start_on) AS INTEGER)
    - CASE WHEN strftime('%d', engagement_churns.ended_on) < strftime('%d', e.start_on)
            AND strftime('%d', engagement_churns.ended_on, '+1 day') <> '01' THEN 1 ELSE 0 END END
  FROM engagements e WHERE e.id = engagement_churns.engagement_id);

UPDATE engagement_churn_reasons SET tenure_months = (
  SELECT ec.tenure_months FROM engagement_churns ec WHERE ec.id = engagement_churn_reasons.churn_id);

UPDATE company_churns SET tenure_months = CASE WHEN term_signed_on >= churned_on THEN 0 ELSE
    (CAST(strftime('%Y', churned_on) AS INTEGER) - CAST(strftime('%Y', term_signed_on) AS INTEGER)) * 12
    + CAST(strftime('%m', churned_on) AS INTEGER) - CAST(strftime('%m', term_signed_on) AS INTEGER)
    - CASE WHEN strftime('%d', churned_on) < strftime('%d', term_signed_on)
            AND strftime('%d', churned_on, '+1 day') <> '01' THEN 1 ELSE 0 END END;

UPDATE company_churn_reasons SET tenure_months = (
  SELECT cc.tenure_months FROM company_churns cc WHERE cc.id = company_churn_reasons.churn_id);

-- The tenure and reason figures walk these in the order they group by, as the day indexes they replace did.
DROP INDEX ix_engagement_churns_tenure;
CREATE INDEX ix_engagement_churns_tenure ON engagement_churns (tenure_days, tenure_months, ended_on, negative);
CREATE INDEX ix_engagement_churns_tenure_months ON engagement_churns (tenure_months, ended_on, negative);
DROP INDEX ix_engagement_churn_reasons_tenure;
CREATE INDEX ix_engagement_churn_reasons_tenure ON engagement_churn_reasons (reason_code, tenure_months, ended_on);
DROP INDEX ix_company_churn_reasons_tenure;
CREATE INDEX ix_company_churn_reasons_tenure ON company_churn_reasons (reason_code, tenure_months, churned_on);
DROP INDEX ix_company_churns_on;
CREATE INDEX ix_company_churns_on ON company_churns (churned_on, negative, term_signed_on, tenure_months);

CREATE INDEX ix_follow_ups_cancelled ON follow_ups (cancelled_on, due_on, company_id) WHERE cancelled_on IS NOT NULL;

ANALYZE engagement_churns;
ANALYZE engagement_churn_reasons;
ANALYZE company_churns;
ANALYZE company_churn_reasons;
ANALYZE follow_ups;
