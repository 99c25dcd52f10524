-- The company churn facts beside their keys (see the SQLite script for why). Same names as there.

ALTER TABLE dbo.company_churn_reasons ADD
  churned_on DATE NULL,
  tenure_days INT NULL;
GO

UPDATE r SET r.churned_on = cc.churned_on,
  r.tenure_days = CASE WHEN DATEDIFF(day, cc.term_signed_on, cc.churned_on) < 0 THEN 0 ELSE DATEDIFF(day, cc.term_signed_on, cc.churned_on) END
FROM dbo.company_churn_reasons r
JOIN dbo.company_churns cc ON cc.id = r.churn_id;

DROP INDEX ix_companies_owner_of ON dbo.companies;
CREATE INDEX ix_companies_groups ON dbo.companies (id) INCLUDE (status, signed_on, cs_owner_id, industry, employee_count);

DROP INDEX ix_company_churns_company ON dbo.company_churns;
CREATE INDEX ix_company_churns_company ON dbo.company_churns (company_id, churned_on) INCLUDE (term_signed_on, negative);
DROP INDEX ix_company_churns_on ON dbo.company_churns;
CREATE INDEX ix_company_churns_on ON dbo.company_churns (churned_on) INCLUDE (negative, term_signed_on);

CREATE INDEX ix_company_churn_reasons_tenure ON dbo.company_churn_reasons (reason_code, tenure_days, churned_on);
