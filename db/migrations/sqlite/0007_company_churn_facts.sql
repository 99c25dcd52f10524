-- Company churn rates and reasons at 100,000 companies took 0.5-0.7 s and grew faster than the data: every
-- churned term was joined to its company by a text GUID probe in churn-day order (random in the key), through rows
-- wider than the query needs, and every reason row was joined to its churn the same way.
-- Now every fact these queries read sits in a narrow index they walk in key order: the company's status, signing
-- day and groups beside its id; each churn's days and flag beside its company id and beside its end day; and (as
-- 0005 did for engagements) the end day and tenure on the reason rows themselves.

ALTER TABLE company_churn_reasons ADD COLUMN churned_on TEXT NULL;
ALTER TABLE company_churn_reasons ADD COLUMN tenure_days INTEGER NULL;

UPDATE company_churn_reasons SET (churned_on, tenure_days) = (
  SELECT cc.churned_on, MAX(0, CAST(julianday(cc.churned_on) - julianday(cc.term_signed_on) AS INTEGER))
  FROM company_churns cc WHERE cc.id = company_churn_reasons.churn_id);

-- Replaces ix_companies_owner_of (id, cs_owner_id): rep load still reads the owner here.
DROP INDEX ix_companies_owner_of;
CREATE INDEX ix_companies_groups ON companies (id, status, signed_on, cs_owner_id, industry, employee_count);

-- Same leading columns as before (the last churn of a company, the churn list by day), now covering.
DROP INDEX ix_company_churns_company;
CREATE INDEX ix_company_churns_company ON company_churns (company_id, churned_on, term_signed_on, negative);
DROP INDEX ix_company_churns_on;
CREATE INDEX ix_company_churns_on ON company_churns (churned_on, negative, term_signed_on);

CREATE INDEX ix_company_churn_reasons_tenure ON company_churn_reasons (reason_code, tenure_days, churned_on);

-- See 0006: a database with planner statistics needs them for the new indexes too.
ANALYZE companies;
ANALYZE company_churns;
ANALYZE company_churn_reasons;
