-- Insights read whole histories: covering indexes so their scans and lookups stay inside an index instead of
-- jumping to table rows (engagement churn rates, tenure, churn risk, retention by stage).
CREATE INDEX ix_engagements_span ON engagements (status, start_on, ended_on, job_type, worker_id, company_id);
CREATE INDEX ix_engagements_id_span ON engagements (id, start_on, job_type, worker_id, company_id);
CREATE INDEX ix_engagement_churns_span ON engagement_churns (ended_on, engagement_id, id);
CREATE INDEX ix_workers_id_concierge ON workers (id, concierge_id);
CREATE INDEX ix_engagement_churn_reasons_code ON engagement_churn_reasons (reason_code, churn_id);
