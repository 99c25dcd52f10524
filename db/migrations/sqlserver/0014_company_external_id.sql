-- A company's id in the team's own spreadsheet or CRM (see the SQLite script).
ALTER TABLE dbo.companies ADD external_id NVARCHAR(100) NULL;
GO
CREATE UNIQUE INDEX ux_companies_external_id ON dbo.companies (external_id) WHERE external_id IS NOT NULL;
