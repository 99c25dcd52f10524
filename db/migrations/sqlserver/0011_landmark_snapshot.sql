-- The landmark stage facts become a snapshot owned by one job (see the SQLite script for why). Same names as there.
ALTER TABLE dbo.stage_landmark ADD built_at DATETIME2 NULL;
GO
UPDATE dbo.stage_landmark SET kept_on = NULL, built_at = NULL WHERE id = 1;

DROP INDEX ix_engagements_contracted ON dbo.engagements;
DROP INDEX ix_engagements_kicked_off ON dbo.engagements;
DROP INDEX ix_follow_ups_held ON dbo.follow_ups;
