-- Insights read whole histories: covering indexes so their scans and lookups stay inside an index
-- (engagement churn rates, tenure, churn risk, retention by stage). Same names as the SQLite script.
CREATE INDEX ix_engagements_span ON engagements (status, start_on) INCLUDE (ended_on, job_type, worker_id, company_id);
CREATE INDEX ix_engagements_id_span ON engagements (id) INCLUDE (start_on, job_type, worker_id, company_id);
CREATE INDEX ix_engagement_churns_span ON engagement_churns (ended_on) INCLUDE (engagement_id, id);
CREATE INDEX ix_workers_id_concierge ON workers (id) INCLUDE (concierge_id);
CREATE INDEX ix_engagement_churn_reasons_code ON engagement_churn_reasons (reason_code, churn_id);
