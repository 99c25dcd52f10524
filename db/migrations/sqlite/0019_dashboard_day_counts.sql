-- The dashboard at 1M engagements: its engagement churn rate and survival curve read every engagement (about 0.6 s of
-- the page). The engagement figures are now also kept summed per day and per tenure (Facts/EngagementDayCounts.cs, kept
-- by DerivedFacts for the days a command's records were counted on before and after it), so the page reads a few
-- thousand rows. counted_start_on is the engagement's start day while it counts (contracted, active or ended).
-- Also: indexes for churn risk as of a past day (follow-ups held after it), rep load from the kept active engagements,
-- and revenue churn (each term's company fee).

ALTER TABLE engagements ADD COLUMN counted_start_on TEXT NULL;
UPDATE engagements SET counted_start_on = start_on WHERE status IN ('contracted', 'active', 'ended');
CREATE INDEX ix_engagements_counted_start ON engagements (counted_start_on, id) WHERE counted_start_on IS NOT NULL;

CREATE TABLE engagement_day_counts (
  day            TEXT NOT NULL PRIMARY KEY,
  starts         INTEGER NOT NULL,
  ends           INTEGER NOT NULL,
  negative_ends  INTEGER NOT NULL,
  ended_by_start INTEGER NOT NULL
);

CREATE TABLE engagement_tenure_counts (
  tenure_days   INTEGER NOT NULL,
  tenure_months INTEGER NOT NULL,
  ended         INTEGER NOT NULL,
  PRIMARY KEY (tenure_days, tenure_months)
);

INSERT INTO engagement_day_counts (day, starts, ends, negative_ends, ended_by_start)
SELECT t.day, SUM(t.starts), SUM(t.ends), SUM(t.negative_ends), SUM(t.ended_by_start) FROM (
  SELECT e.counted_start_on AS day, 1 AS starts, 0 AS ends, 0 AS negative_ends, 0 AS ended_by_start FROM engagements e WHERE e.counted_start_on IS NOT NULL
  UNION ALL
  SELECT ec.ended_on, 0, 1, ec.negative, 0 FROM engagement_churns ec WHERE ec.ended_on IS NOT NULL
  UNION ALL
  SELECT e.counted_start_on, 0, 0, 0, 1 FROM engagements e JOIN engagement_churns ec ON ec.engagement_id = e.id WHERE e.counted_start_on IS NOT NULL) t
GROUP BY t.day;

INSERT INTO engagement_tenure_counts (tenure_days, tenure_months, ended)
SELECT ec.tenure_days, ec.tenure_months, COUNT(*) FROM engagement_churns ec
WHERE ec.tenure_days IS NOT NULL AND ec.tenure_months IS NOT NULL
GROUP BY ec.tenure_days, ec.tenure_months;

CREATE INDEX ix_follow_ups_held ON follow_ups (held_on, due_on, company_id) WHERE held_on IS NOT NULL;
CREATE INDEX ix_companies_rep_load ON companies (status, cs_owner_id, active_engagements);
CREATE INDEX ix_companies_fee ON companies (id, status, signed_on, monthly_fee);
CREATE INDEX ix_engagement_churns_started ON engagement_churns (ended_on, engagement_id, tenure_days, tenure_months);

ANALYZE engagements;
ANALYZE follow_ups;
ANALYZE companies;
ANALYZE engagement_churns;
