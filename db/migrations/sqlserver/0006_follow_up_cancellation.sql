-- Ending an engagement cancels its follow-ups still pending (see the SQLite script for why). Same names as there.

ALTER TABLE dbo.follow_ups ADD cancelled_on DATE NULL;
GO

UPDATE f SET f.cancelled_on = e.ended_on
FROM dbo.follow_ups f
JOIN dbo.engagements e ON e.id = f.engagement_id
WHERE f.held_on IS NULL AND e.status = 'ended';

DROP INDEX ix_follow_ups_overdue ON dbo.follow_ups;
CREATE INDEX ix_follow_ups_open ON dbo.follow_ups (due_on) INCLUDE (company_id, engagement_id) WHERE held_on IS NULL AND cancelled_on IS NULL;

-- The company's owner beside its id for rep load and the CS-owner splits (SQL Server's clustered key already
-- reaches the row; the narrow index keeps the probes off the wide rows all the same).
CREATE INDEX ix_companies_owner_of ON dbo.companies (id) INCLUDE (cs_owner_id);
