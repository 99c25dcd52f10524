-- Churn risk as of a day probed every active company's follow-ups (its latest satisfaction) and engagements (whether
-- one ran in the last 60 days): two seeks per company, most of the dashboard's time at 1M engagements. Both standings
-- are now kept as spans of days per company (Facts/CompanySpans.cs, kept by DerivedFacts for every company a command
-- names), so churn risk reads the spans standing on its day. The active companies it lists are read from an index of
-- the active companies that holds every column it shows (and those the churn rates split by), in id order, so reads that
-- join the active companies to a company-first table (the landmark facts) keep walking it in order.

CREATE TABLE company_satisfaction_spans (
  company_id   TEXT NOT NULL,
  from_on      TEXT NOT NULL,
  until_on     TEXT NOT NULL,
  satisfaction INTEGER NULL,
  PRIMARY KEY (company_id, from_on)
);
CREATE INDEX ix_company_satisfaction_spans_standing ON company_satisfaction_spans (satisfaction, until_on, from_on, company_id);

CREATE TABLE company_engagement_gaps (
  company_id TEXT NOT NULL,
  after_on   TEXT NOT NULL,
  until_on   TEXT NOT NULL,
  PRIMARY KEY (company_id, after_on)
);
CREATE INDEX ix_company_engagement_gaps_standing ON company_engagement_gaps (until_on, after_on, company_id);

INSERT INTO company_satisfaction_spans (company_id, from_on, until_on, satisfaction)
SELECT d.company_id, d.held_on, COALESCE(LEAD(d.held_on) OVER (PARTITION BY d.company_id ORDER BY d.held_on), '9999-12-31'), d.satisfaction
FROM (SELECT f.company_id, f.held_on, MIN(f.company_satisfaction) AS satisfaction FROM follow_ups f
      WHERE f.held_on IS NOT NULL AND f.company_id IS NOT NULL
      GROUP BY f.company_id, f.held_on) d;

INSERT INTO company_engagement_gaps (company_id, after_on, until_on)
SELECT r.company_id, COALESCE(r.prev_end, '0001-01-01'), r.kicked_off_on FROM (
  SELECT e.company_id, e.kicked_off_on,
         MAX(COALESCE(e.ended_on, '9999-12-31')) OVER (PARTITION BY e.company_id ORDER BY e.kicked_off_on, e.id
                                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
  FROM engagements e WHERE e.kicked_off_on IS NOT NULL) r
WHERE r.prev_end IS NULL OR r.prev_end < r.kicked_off_on
UNION ALL
SELECT e.company_id, MAX(e.ended_on), '9999-12-31' FROM engagements e
WHERE e.kicked_off_on IS NOT NULL
GROUP BY e.company_id HAVING COUNT(*) = COUNT(e.ended_on);

CREATE INDEX ix_companies_active_terms ON companies (id, signed_on, first_kickoff_on, monthly_fee, cs_owner_id, name, industry, employee_count)
  WHERE status = 'active';

ANALYZE company_satisfaction_spans;
ANALYZE company_engagement_gaps;
ANALYZE companies;
