-- Engagement churn rates split by concierge grouped every engagement and engagement churn by concierge and day (a
-- million rows at 1M engagements, slower per row the larger the indexes grow). Both are now also kept summed per
-- concierge and month (Facts/EngagementDayCounts.cs, kept by DerivedFacts for the concierges and months a command's
-- engagements were counted in before and after it), so the split reads a few thousand rows. A churn rate needs no
-- finer grain than the month: what started before a month's first day, and what ended before it and in it.

CREATE TABLE engagement_concierge_month_counts (
  concierge_id  TEXT NOT NULL,
  month_start   TEXT NOT NULL,
  starts        INTEGER NOT NULL,
  ends          INTEGER NOT NULL,
  negative_ends INTEGER NOT NULL,
  PRIMARY KEY (concierge_id, month_start)
);

INSERT INTO engagement_concierge_month_counts (concierge_id, month_start, starts, ends, negative_ends)
SELECT t.concierge_id, t.month_start, SUM(t.starts), SUM(t.ends), SUM(t.negative_ends) FROM (
  SELECT e.concierge_id, strftime('%Y-%m-01', e.start_on) AS month_start, 1 AS starts, 0 AS ends, 0 AS negative_ends FROM engagements e
  WHERE e.concierge_id IS NOT NULL AND e.status IN ('contracted', 'active', 'ended')
  UNION ALL
  SELECT ec.concierge_id, strftime('%Y-%m-01', ec.ended_on), 0, 1, ec.negative FROM engagement_churns ec
  WHERE ec.concierge_id IS NOT NULL AND ec.ended_on IS NOT NULL) t
GROUP BY t.concierge_id, t.month_start;
