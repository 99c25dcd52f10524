-- The engagement figures kept per day and per tenure for the dashboard (see the SQLite script for why). Same names as there.

ALTER TABLE dbo.engagements ADD counted_start_on DATE NULL;
GO

UPDATE dbo.engagements SET counted_start_on = start_on WHERE status IN ('contracted', 'active', 'ended');
CREATE INDEX ix_engagements_counted_start ON dbo.engagements (counted_start_on, id) WHERE counted_start_on IS NOT NULL;

CREATE TABLE dbo.engagement_day_counts (
  day            DATE NOT NULL PRIMARY KEY,
  starts         INT NOT NULL,
  ends           INT NOT NULL,
  negative_ends  INT NOT NULL,
  ended_by_start INT NOT NULL
);

CREATE TABLE dbo.engagement_tenure_counts (
  tenure_days   INT NOT NULL,
  tenure_months INT NOT NULL,
  ended         INT NOT NULL,
  PRIMARY KEY (tenure_days, tenure_months)
);
GO

INSERT INTO dbo.engagement_day_counts (day, starts, ends, negative_ends, ended_by_start)
SELECT t.day, SUM(t.starts), SUM(t.ends), SUM(t.negative_ends), SUM(t.ended_by_start) FROM (
  SELECT e.counted_start_on AS day, 1 AS starts, 0 AS ends, 0 AS negative_ends, 0 AS ended_by_start FROM dbo.engagements e WHERE e.counted_start_on IS NOT NULL
  UNION ALL
  SELECT ec.ended_on, 0, 1, ec.negative, 0 FROM dbo.engagement_churns ec WHERE ec.ended_on IS NOT NULL
  UNION ALL
  SELECT e.counted_start_on, 0, 0, 0, 1 FROM dbo.engagements e JOIN dbo.engagement_churns ec ON ec.engagement_id = e.id WHERE e.counted_start_on IS NOT NULL) t
GROUP BY t.day;

INSERT INTO dbo.engagement_tenure_counts (tenure_days, tenure_months, ended)
SELECT ec.tenure_days, ec.tenure_months, COUNT(*) FROM dbo.engagement_churns ec
WHERE ec.tenure_days IS NOT NULL AND ec.tenure_months IS NOT NULL
GROUP BY ec.tenure_days, ec.tenure_months;

CREATE INDEX ix_follow_ups_held ON dbo.follow_ups (held_on, due_on) INCLUDE (company_id) WHERE held_on IS NOT NULL;
CREATE INDEX ix_companies_rep_load ON dbo.companies (status, cs_owner_id) INCLUDE (active_engagements);
CREATE INDEX ix_companies_fee ON dbo.companies (id) INCLUDE (status, signed_on, monthly_fee);
CREATE INDEX ix_engagement_churns_started ON dbo.engagement_churns (ended_on) INCLUDE (engagement_id, tenure_days, tenure_months);
