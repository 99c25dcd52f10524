-- A company's id in the team's own spreadsheet or CRM, optional: an import matches companies by it (else by name).
ALTER TABLE companies ADD COLUMN external_id TEXT NULL;
CREATE UNIQUE INDEX ux_companies_external_id ON companies (external_id) WHERE external_id IS NOT NULL;
