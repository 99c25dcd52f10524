-- A company's satisfaction and its stretches without a running engagement kept as spans of days, for churn risk as of
-- a day (see the SQLite script for why). Same names as there.

CREATE TABLE dbo.company_satisfaction_spans (
  company_id   UNIQUEIDENTIFIER NOT NULL,
  from_on      DATE NOT NULL,
  until_on     DATE NOT NULL,
  satisfaction INT NULL,
  PRIMARY KEY (company_id, from_on)
);
CREATE INDEX ix_company_satisfaction_spans_standing ON dbo.company_satisfaction_spans (satisfaction, until_on, from_on) INCLUDE (company_id);

CREATE TABLE dbo.company_engagement_gaps (
  company_id UNIQUEIDENTIFIER NOT NULL,
  after_on   DATE NOT NULL,
  until_on   DATE NOT NULL,
  PRIMARY KEY (company_id, after_on)
);
CREATE INDEX ix_company_engagement_gaps_standing ON dbo.company_engagement_gaps (until_on, after_on) INCLUDE (company_id);
GO

INSERT INTO dbo.company_satisfaction_spans (company_id, from_on, until_on, satisfaction)
SELECT d.company_id, d.held_on, COALESCE(LEAD(d.held_on) OVER (PARTITION BY d.company_id ORDER BY d.held_on), '9999-12-31'), d.satisfaction
FROM (SELECT f.company_id, f.held_on, MIN(f.company_satisfaction) AS satisfaction FROM dbo.follow_ups f
      WHERE f.held_on IS NOT NULL AND f.company_id IS NOT NULL
      GROUP BY f.company_id, f.held_on) d;

INSERT INTO dbo.company_engagement_gaps (company_id, after_on, until_on)
SELECT r.company_id, COALESCE(r.prev_end, '0001-01-01'), r.kicked_off_on FROM (
  SELECT e.company_id, e.kicked_off_on,
         MAX(COALESCE(e.ended_on, '9999-12-31')) OVER (PARTITION BY e.company_id ORDER BY e.kicked_off_on, e.id
                                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
  FROM dbo.engagements e WHERE e.kicked_off_on IS NOT NULL) r
WHERE r.prev_end IS NULL OR r.prev_end < r.kicked_off_on
UNION ALL
SELECT e.company_id, MAX(e.ended_on), '9999-12-31' FROM dbo.engagements e
WHERE e.kicked_off_on IS NOT NULL
GROUP BY e.company_id HAVING COUNT(*) = COUNT(e.ended_on);

CREATE INDEX ix_companies_active_terms ON dbo.companies (id) INCLUDE (signed_on, first_kickoff_on, monthly_fee, cs_owner_id, name, industry, employee_count)
  WHERE status = 'active';
