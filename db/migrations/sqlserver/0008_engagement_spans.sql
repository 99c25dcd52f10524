-- The engagement spans beside their company and status (see the SQLite script for why). Same name as there.
DROP INDEX ix_engagements_company ON dbo.engagements;
CREATE INDEX ix_engagements_company ON dbo.engagements (company_id, status, ended_on) INCLUDE (start_on);
