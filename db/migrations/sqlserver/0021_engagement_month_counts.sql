-- The engagement churns and reasons kept summed per month of the end and tenure in whole months, for the dashboard's
-- reasons card (see the SQLite script for why). Same names as there.

CREATE TABLE dbo.engagement_churn_month_counts (
  month_start   DATE NOT NULL,
  tenure_months INT NOT NULL,
  ended         INT NOT NULL,
  negative      INT NOT NULL,
  PRIMARY KEY (month_start, tenure_months)
);

CREATE TABLE dbo.engagement_reason_month_counts (
  month_start   DATE NOT NULL,
  reason_code   NVARCHAR(40) NOT NULL,
  tenure_months INT NOT NULL,
  given         INT NOT NULL,
  PRIMARY KEY (month_start, reason_code, tenure_months)
);
GO

INSERT INTO dbo.engagement_churn_month_counts (month_start, tenure_months, ended, negative)
SELECT DATEFROMPARTS(YEAR(ec.ended_on), MONTH(ec.ended_on), 1), ec.tenure_months, COUNT(*), SUM(ec.negative) FROM dbo.engagement_churns ec
WHERE ec.ended_on IS NOT NULL AND ec.tenure_months IS NOT NULL
GROUP BY DATEFROMPARTS(YEAR(ec.ended_on), MONTH(ec.ended_on), 1), ec.tenure_months;

INSERT INTO dbo.engagement_reason_month_counts (month_start, reason_code, tenure_months, given)
SELECT DATEFROMPARTS(YEAR(r.ended_on), MONTH(r.ended_on), 1), r.reason_code, r.tenure_months, COUNT(*) FROM dbo.engagement_churn_reasons r
WHERE r.ended_on IS NOT NULL AND r.tenure_months IS NOT NULL
GROUP BY DATEFROMPARTS(YEAR(r.ended_on), MONTH(r.ended_on), 1), r.reason_code, r.tenure_months;
