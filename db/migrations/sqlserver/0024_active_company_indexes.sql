-- The active companies' covering index made again with the status it filters on, and one for the active assessed
-- companies' stage facts, for churn risk and stage agreement (see the SQLite script for why). Same names as there.

DROP INDEX ix_companies_active_terms ON dbo.companies;
CREATE INDEX ix_companies_active_terms ON dbo.companies (id)
  INCLUDE (status, signed_on, first_kickoff_on, monthly_fee, cs_owner_id, name, industry, employee_count)
  WHERE status = 'active';

CREATE INDEX ix_companies_assessed ON dbo.companies (id)
  INCLUDE (status, signed_on, first_kickoff_on, active_engagements, total_engagements, last_satisfaction, last_negative_churn_on, assessment_stage)
  WHERE status = 'active' AND assessment_stage IS NOT NULL;
