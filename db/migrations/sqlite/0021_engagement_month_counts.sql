-- The dashboard's engagement reasons card grouped every engagement churn and reason row of its period (a few hundred
-- thousand at 1M engagements). Both are now also kept summed per month of the end and tenure in whole months
-- (Facts/EngagementDayCounts.cs, kept by DerivedFacts for the months a command's engagements ended in before and after
-- it), so the card reads a few thousand rows.

CREATE TABLE engagement_churn_month_counts (
  month_start   TEXT NOT NULL,
  tenure_months INTEGER NOT NULL,
  ended         INTEGER NOT NULL,
  negative      INTEGER NOT NULL,
  PRIMARY KEY (month_start, tenure_months)
);

CREATE TABLE engagement_reason_month_counts (
  month_start   TEXT NOT NULL,
  reason_code   TEXT NOT NULL,
  tenure_months INTEGER NOT NULL,
  given         INTEGER NOT NULL,
  PRIMARY KEY (month_start, reason_code, tenure_months)
);

INSERT INTO engagement_churn_month_counts (month_start, tenure_months, ended, negative)
SELECT strftime('%Y-%m-01', ec.ended_on), ec.tenure_months, COUNT(*), SUM(ec.negative) FROM engagement_churns ec
WHERE ec.ended_on IS NOT NULL AND ec.tenure_months IS NOT NULL
GROUP BY strftime('%Y-%m-01', ec.ended_on), ec.tenure_months;

INSERT INTO engagement_reason_month_counts (month_start, reason_code, tenure_months, given)
SELECT strftime('%Y-%m-01', r.ended_on), r.reason_code, r.tenure_months, COUNT(*) FROM engagement_churn_reasons r
WHERE r.ended_on IS NOT NULL AND r.tenure_months IS NOT NULL
GROUP BY strftime('%Y-%m-01', r.ended_on), r.reason_code, r.tenure_months;
