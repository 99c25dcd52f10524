-- Insights at 1,000,000 engagements. Every churn figure used to join each churn to its engagement, worker and
-- reasons through text GUID keys, one index probe per row, and that is what made the insights take tens of
-- seconds. The facts a figure needs are now copied onto the row it counts when that row is written, and each
-- query reads one narrow index in the order it groups by, so SQLite scans without probing or sorting.
-- The copies never change afterwards: an engagement's job type, company and worker (hence concierge: a worker's
-- concierge is set at registration and never reassigned) are fixed when it is proposed; a kickoff happens once;
-- tenure is fixed when the churn is recorded; and `negative` follows the reason catalog, which only migrations
-- edit, so a migration that retags a reason must recompute it as the backfill below does.

ALTER TABLE engagements ADD COLUMN concierge_id TEXT NULL REFERENCES members (id);
ALTER TABLE engagements ADD COLUMN kicked_off_on TEXT NULL;

ALTER TABLE engagement_churns ADD COLUMN negative INTEGER NOT NULL DEFAULT 0 CHECK (negative IN (0, 1));
ALTER TABLE engagement_churns ADD COLUMN tenure_days INTEGER NULL;
ALTER TABLE engagement_churns ADD COLUMN job_type TEXT NULL;
ALTER TABLE engagement_churns ADD COLUMN concierge_id TEXT NULL REFERENCES members (id);
ALTER TABLE engagement_churns ADD COLUMN company_id TEXT NULL REFERENCES companies (id);

ALTER TABLE engagement_churn_reasons ADD COLUMN ended_on TEXT NULL;
ALTER TABLE engagement_churn_reasons ADD COLUMN tenure_days INTEGER NULL;

ALTER TABLE company_churns ADD COLUMN negative INTEGER NOT NULL DEFAULT 0 CHECK (negative IN (0, 1));

ALTER TABLE follow_ups ADD COLUMN company_id TEXT NULL REFERENCES companies (id);

UPDATE engagements SET
  concierge_id = (SELECT w.concierge_id FROM workers w WHERE w.id = engagements.worker_id),
  kicked_off_on = (SELECT k.held_on FROM kickoffs k WHERE k.engagement_id = engagements.id);

UPDATE engagement_churns SET
  negative = EXISTS (SELECT 1 FROM engagement_churn_reasons r JOIN churn_reasons cr ON cr.code = r.reason_code
                     WHERE r.churn_id = engagement_churns.id AND cr.negative = 1),
  (tenure_days, job_type, concierge_id, company_id) = (
    SELECT MAX(0, CAST(julianday(engagement_churns.ended_on) - julianday(e.start_on) AS INTEGER)), e.job_type, e.concierge_id, e.company_id
    FROM engagements e WHERE e.id = engagement_churns.engagement_id);

UPDATE engagement_churn_reasons SET (ended_on, tenure_days) = (
  SELECT ec.ended_on, ec.tenure_days FROM engagement_churns ec WHERE ec.id = engagement_churn_reasons.churn_id);

UPDATE company_churns SET
  negative = EXISTS (SELECT 1 FROM company_churn_reasons r JOIN churn_reasons cr ON cr.code = r.reason_code
                     WHERE r.churn_id = company_churns.id AND cr.negative = 1);

UPDATE follow_ups SET company_id = (SELECT e.company_id FROM engagements e WHERE e.id = follow_ups.engagement_id);

-- The joins these replace.
DROP INDEX ix_engagements_span;
DROP INDEX ix_engagements_id_span;
DROP INDEX ix_engagement_churns_span;
DROP INDEX ix_workers_id_concierge;
DROP INDEX ix_engagement_churn_reasons_code;
DROP INDEX ix_follow_ups_pending;

-- Starts and ends per day, overall and per group, each in the order its query groups by.
CREATE INDEX ix_engagements_starts ON engagements (start_on, status, ended_on);
CREATE INDEX ix_engagements_starts_job ON engagements (job_type, start_on, status);
CREATE INDEX ix_engagements_starts_concierge ON engagements (concierge_id, start_on, status);
CREATE INDEX ix_engagement_churns_ends ON engagement_churns (ended_on, negative, company_id);
CREATE INDEX ix_engagement_churns_ends_job ON engagement_churns (job_type, ended_on, negative);
CREATE INDEX ix_engagement_churns_ends_concierge ON engagement_churns (concierge_id, ended_on, negative);
-- Tenure and reasons by tenure.
CREATE INDEX ix_engagement_churns_tenure ON engagement_churns (tenure_days, ended_on, negative);
CREATE INDEX ix_engagement_churn_reasons_tenure ON engagement_churn_reasons (reason_code, tenure_days, ended_on);
-- Per company: the last negative churn, stage facts, the last satisfaction, running engagements.
CREATE INDEX ix_engagement_churns_company ON engagement_churns (negative, company_id, ended_on);
CREATE INDEX ix_engagements_company_facts ON engagements (company_id, contracted_on, kicked_off_on, ended_on);
CREATE INDEX ix_follow_ups_company ON follow_ups (company_id, held_on, company_satisfaction);
CREATE INDEX ix_engagements_running ON engagements (status, start_on, ended_on, company_id);
-- Follow-ups not held yet, for the due list and overdue signals (replaces ix_follow_ups_pending, which only had due_on).
CREATE INDEX ix_follow_ups_overdue ON follow_ups (due_on, engagement_id, company_id) WHERE held_on IS NULL;
CREATE INDEX ix_engagements_id_status ON engagements (id, status);
