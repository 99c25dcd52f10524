-- The landmark stage facts become a snapshot owned by one job (see the SQLite script for why). Same names as there.
ALTER TABLE dbo.stage_landmark ADD built_at DATETIME2 NULL;
GO
UPDATE dbo.stage_landmark SET kept_on = NULL, built_at = NULL WHERE id = 1;

DROP INDEX ix_engagements_contracted ON dbo.engagements;
DROP INDEX ix_engagements_kicked_off ON dbo.engagements;
DROP INDEX ix_follow_ups_held ON dbo.follow_ups;

-- A follow-up also records the worker's own satisfaction (1-5), gathered by the concierge; older ones have none.
ALTER TABLE dbo.follow_ups ADD worker_satisfaction INT NULL CONSTRAINT CK_follow_ups_worker_satisfaction CHECK (worker_satisfaction BETWEEN 1 AND 5);
