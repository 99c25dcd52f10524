-- Insights at 1,000,000 engagements: the facts each churn figure needs are copied onto the row it counts when that
-- row is written, so the insight queries read one narrow index instead of joining every churn to its engagement,
-- worker and reasons. The copies never change afterwards (see the SQLite script for why). Same names as there.

ALTER TABLE dbo.engagements ADD
  concierge_id UNIQUEIDENTIFIER NULL CONSTRAINT FK_engagements_concierge FOREIGN KEY REFERENCES dbo.members (id),
  kicked_off_on DATE NULL;

ALTER TABLE dbo.engagement_churns ADD
  negative INT NOT NULL CONSTRAINT DF_engagement_churns_negative DEFAULT 0 CONSTRAINT CK_engagement_churns_negative CHECK (negative IN (0, 1)),
  tenure_days INT NULL,
  job_type NVARCHAR(40) NULL,
  concierge_id UNIQUEIDENTIFIER NULL CONSTRAINT FK_engagement_churns_concierge FOREIGN KEY REFERENCES dbo.members (id),
  company_id UNIQUEIDENTIFIER NULL CONSTRAINT FK_engagement_churns_company FOREIGN KEY REFERENCES dbo.companies (id);

ALTER TABLE dbo.engagement_churn_reasons ADD
  ended_on DATE NULL,
  tenure_days INT NULL;

ALTER TABLE dbo.company_churns ADD
  negative INT NOT NULL CONSTRAINT DF_company_churns_negative DEFAULT 0 CONSTRAINT CK_company_churns_negative CHECK (negative IN (0, 1));

ALTER TABLE dbo.follow_ups ADD
  company_id UNIQUEIDENTIFIER NULL CONSTRAINT FK_follow_ups_company FOREIGN KEY REFERENCES dbo.companies (id);
GO

UPDATE e SET e.concierge_id = w.concierge_id, e.kicked_off_on = k.held_on
FROM dbo.engagements e
JOIN dbo.workers w ON w.id = e.worker_id
LEFT JOIN dbo.kickoffs k ON k.engagement_id = e.id;

UPDATE ec SET
  ec.negative = CASE WHEN EXISTS (SELECT 1 FROM dbo.engagement_churn_reasons r JOIN dbo.churn_reasons cr ON cr.code = r.reason_code
                                  WHERE r.churn_id = ec.id AND cr.negative = 1) THEN 1 ELSE 0 END,
  ec.tenure_days = CASE WHEN DATEDIFF(day, e.start_on, ec.ended_on) < 0 THEN 0 ELSE DATEDIFF(day, e.start_on, ec.ended_on) END,
  ec.job_type = e.job_type, ec.concierge_id = e.concierge_id, ec.company_id = e.company_id
FROM dbo.engagement_churns ec
JOIN dbo.engagements e ON e.id = ec.engagement_id;

UPDATE r SET r.ended_on = ec.ended_on, r.tenure_days = ec.tenure_days
FROM dbo.engagement_churn_reasons r
JOIN dbo.engagement_churns ec ON ec.id = r.churn_id;

UPDATE cc SET
  cc.negative = CASE WHEN EXISTS (SELECT 1 FROM dbo.company_churn_reasons r JOIN dbo.churn_reasons cr ON cr.code = r.reason_code
                                  WHERE r.churn_id = cc.id AND cr.negative = 1) THEN 1 ELSE 0 END
FROM dbo.company_churns cc;

UPDATE f SET f.company_id = e.company_id
FROM dbo.follow_ups f
JOIN dbo.engagements e ON e.id = f.engagement_id;
GO

DROP INDEX ix_engagements_span ON dbo.engagements;
DROP INDEX ix_engagements_id_span ON dbo.engagements;
DROP INDEX ix_engagement_churns_span ON dbo.engagement_churns;
DROP INDEX ix_workers_id_concierge ON dbo.workers;
DROP INDEX ix_engagement_churn_reasons_code ON dbo.engagement_churn_reasons;
DROP INDEX ix_follow_ups_pending ON dbo.follow_ups;

CREATE INDEX ix_engagements_starts ON dbo.engagements (start_on, status) INCLUDE (ended_on);
CREATE INDEX ix_engagements_starts_job ON dbo.engagements (job_type, start_on) INCLUDE (status);
CREATE INDEX ix_engagements_starts_concierge ON dbo.engagements (concierge_id, start_on) INCLUDE (status);
CREATE INDEX ix_engagement_churns_ends ON dbo.engagement_churns (ended_on) INCLUDE (negative, company_id);
CREATE INDEX ix_engagement_churns_ends_job ON dbo.engagement_churns (job_type, ended_on) INCLUDE (negative);
CREATE INDEX ix_engagement_churns_ends_concierge ON dbo.engagement_churns (concierge_id, ended_on) INCLUDE (negative);
CREATE INDEX ix_engagement_churns_tenure ON dbo.engagement_churns (tenure_days, ended_on) INCLUDE (negative);
CREATE INDEX ix_engagement_churn_reasons_tenure ON dbo.engagement_churn_reasons (reason_code, tenure_days, ended_on);
CREATE INDEX ix_engagement_churns_company ON dbo.engagement_churns (negative, company_id, ended_on);
CREATE INDEX ix_engagements_company_facts ON dbo.engagements (company_id) INCLUDE (contracted_on, kicked_off_on, ended_on);
CREATE INDEX ix_follow_ups_company ON dbo.follow_ups (company_id, held_on) INCLUDE (company_satisfaction);
CREATE INDEX ix_engagements_running ON dbo.engagements (status, start_on) INCLUDE (ended_on, company_id);
CREATE INDEX ix_follow_ups_overdue ON dbo.follow_ups (due_on) INCLUDE (engagement_id, company_id) WHERE held_on IS NULL;
CREATE INDEX ix_engagements_id_status ON dbo.engagements (id) INCLUDE (status);
