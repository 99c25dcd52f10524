-- The company terms kept summed per CS owner and month, with each company's own share, for company churn rates split
-- by CS owner (see the SQLite script for why). Same names as there.

CREATE TABLE dbo.company_term_months (
  company_id    UNIQUEIDENTIFIER NOT NULL,
  cs_owner_id   UNIQUEIDENTIFIER NOT NULL,
  month_start   DATE NOT NULL,
  starts        INT NOT NULL,
  ends          INT NOT NULL,
  negative_ends INT NOT NULL,
  PRIMARY KEY (company_id, month_start)
);
CREATE INDEX ix_company_term_months_owner ON dbo.company_term_months (cs_owner_id, month_start) INCLUDE (starts, ends, negative_ends);

CREATE TABLE dbo.company_owner_month_counts (
  cs_owner_id   UNIQUEIDENTIFIER NOT NULL,
  month_start   DATE NOT NULL,
  starts        INT NOT NULL,
  ends          INT NOT NULL,
  negative_ends INT NOT NULL,
  PRIMARY KEY (cs_owner_id, month_start)
);
GO

INSERT INTO dbo.company_term_months (company_id, cs_owner_id, month_start, starts, ends, negative_ends)
SELECT t.company_id, c.cs_owner_id, t.month_start, SUM(t.starts), SUM(t.ends), SUM(t.negative_ends) FROM (
  SELECT cc.company_id, DATEFROMPARTS(YEAR(cc.term_signed_on), MONTH(cc.term_signed_on), 1) AS month_start, 1 AS starts, 0 AS ends, 0 AS negative_ends
  FROM dbo.company_churns cc
  UNION ALL
  SELECT cc.company_id, DATEFROMPARTS(YEAR(cc.churned_on), MONTH(cc.churned_on), 1), 0, 1, cc.negative FROM dbo.company_churns cc
  UNION ALL
  SELECT c.id, DATEFROMPARTS(YEAR(c.signed_on), MONTH(c.signed_on), 1), 1, 0, 0 FROM dbo.companies c WHERE c.status = 'active') t
JOIN dbo.companies c ON c.id = t.company_id
GROUP BY t.company_id, c.cs_owner_id, t.month_start;

INSERT INTO dbo.company_owner_month_counts (cs_owner_id, month_start, starts, ends, negative_ends)
SELECT s.cs_owner_id, s.month_start, SUM(s.starts), SUM(s.ends), SUM(s.negative_ends) FROM dbo.company_term_months s
GROUP BY s.cs_owner_id, s.month_start;
