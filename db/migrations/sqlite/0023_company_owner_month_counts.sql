-- Company churn rates split by CS owner read every company and company churn (a hundred thousand companies at 1M
-- engagements, slower per row the larger the indexes grow). The terms are now also kept summed per owner and month
-- (Facts/CompanyTermMonths.cs, kept by DerivedFacts for the companies whose terms a command names): each company's own
-- share per month under its owner, so a correction knows where the company was counted before, and the owners' sums.

CREATE TABLE company_term_months (
  company_id    TEXT NOT NULL,
  cs_owner_id   TEXT NOT NULL,
  month_start   TEXT NOT NULL,
  starts        INTEGER NOT NULL,
  ends          INTEGER NOT NULL,
  negative_ends INTEGER NOT NULL,
  PRIMARY KEY (company_id, month_start)
);
CREATE INDEX ix_company_term_months_owner ON company_term_months (cs_owner_id, month_start, starts, ends, negative_ends);

CREATE TABLE company_owner_month_counts (
  cs_owner_id   TEXT NOT NULL,
  month_start   TEXT NOT NULL,
  starts        INTEGER NOT NULL,
  ends          INTEGER NOT NULL,
  negative_ends INTEGER NOT NULL,
  PRIMARY KEY (cs_owner_id, month_start)
);

INSERT INTO company_term_months (company_id, cs_owner_id, month_start, starts, ends, negative_ends)
SELECT t.company_id, c.cs_owner_id, t.month_start, SUM(t.starts), SUM(t.ends), SUM(t.negative_ends) FROM (
  SELECT cc.company_id, strftime('%Y-%m-01', cc.term_signed_on) AS month_start, 1 AS starts, 0 AS ends, 0 AS negative_ends FROM company_churns cc
  UNION ALL
  SELECT cc.company_id, strftime('%Y-%m-01', cc.churned_on), 0, 1, cc.negative FROM company_churns cc
  UNION ALL
  SELECT c.id, strftime('%Y-%m-01', c.signed_on), 1, 0, 0 FROM companies c WHERE c.status = 'active') t
JOIN companies c ON c.id = t.company_id
GROUP BY t.company_id, c.cs_owner_id, t.month_start;

INSERT INTO company_owner_month_counts (cs_owner_id, month_start, starts, ends, negative_ends)
SELECT s.cs_owner_id, s.month_start, SUM(s.starts), SUM(s.ends), SUM(s.negative_ends) FROM company_term_months s
GROUP BY s.cs_owner_id, s.month_start;
