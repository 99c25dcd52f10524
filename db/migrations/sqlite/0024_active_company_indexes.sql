-- Two reads of the active companies looked each company up in the table at random, in CS-owner order, through the
-- status-first index, which at 100,000 companies grows faster than the data: churn risk's active companies and stage
-- agreement's assessed ones. SQLite takes a partial index as covering only when it holds the columns of the terms its
-- WHERE implies too, so the active companies' index (migration 0020) is made again with the status, and the assessed
-- companies get one of their own; both are id-first and walked in order.

DROP INDEX ix_companies_active_terms;
CREATE INDEX ix_companies_active_terms ON companies (id, status, signed_on, first_kickoff_on, monthly_fee, cs_owner_id, name, industry, employee_count)
  WHERE status = 'active';

CREATE INDEX ix_companies_assessed ON companies (id, status, signed_on, first_kickoff_on, active_engagements, total_engagements,
  last_satisfaction, last_negative_churn_on, assessment_stage)
  WHERE status = 'active' AND assessment_stage IS NOT NULL;

ANALYZE ix_companies_active_terms;
ANALYZE ix_companies_assessed;
