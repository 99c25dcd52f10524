-- The engagements and engagement churns kept summed per concierge and month, for engagement churn rates split by
-- concierge (see the SQLite script for why). Same names as there.

CREATE TABLE dbo.engagement_concierge_month_counts (
  concierge_id  UNIQUEIDENTIFIER NOT NULL,
  month_start   DATE NOT NULL,
  starts        INT NOT NULL,
  ends          INT NOT NULL,
  negative_ends INT NOT NULL,
  PRIMARY KEY (concierge_id, month_start)
);
GO

INSERT INTO dbo.engagement_concierge_month_counts (concierge_id, month_start, starts, ends, negative_ends)
SELECT t.concierge_id, t.month_start, SUM(t.starts), SUM(t.ends), SUM(t.negative_ends) FROM (
  SELECT e.concierge_id, DATEFROMPARTS(YEAR(e.start_on), MONTH(e.start_on), 1) AS month_start, 1 AS starts, 0 AS ends, 0 AS negative_ends
  FROM dbo.engagements e
  WHERE e.concierge_id IS NOT NULL AND e.status IN ('contracted', 'active', 'ended')
  UNION ALL
  SELECT ec.concierge_id, DATEFROMPARTS(YEAR(ec.ended_on), MONTH(ec.ended_on), 1), 0, 1, ec.negative FROM dbo.engagement_churns ec
  WHERE ec.concierge_id IS NOT NULL AND ec.ended_on IS NOT NULL) t
GROUP BY t.concierge_id, t.month_start;
