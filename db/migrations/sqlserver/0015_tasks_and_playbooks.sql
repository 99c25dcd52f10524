-- Work with an owner and a due date, and the playbook rules that raise it (see the SQLite script).
CREATE TABLE dbo.tasks (
  id              UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_tasks PRIMARY KEY,
  title           NVARCHAR(200) NOT NULL,
  due_on          DATE NOT NULL,
  assignee_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_tasks_assignee REFERENCES dbo.members (id),
  status          NVARCHAR(10) NOT NULL CONSTRAINT CK_tasks_status CHECK (status IN (N'open', N'done')),
  company_id      UNIQUEIDENTIFIER NULL CONSTRAINT FK_tasks_company REFERENCES dbo.companies (id),
  engagement_id   UNIQUEIDENTIFIER NULL CONSTRAINT FK_tasks_engagement REFERENCES dbo.engagements (id),
  worker_id       UNIQUEIDENTIFIER NULL CONSTRAINT FK_tasks_worker REFERENCES dbo.workers (id),
  note            NVARCHAR(4000) NULL,
  rule_code          NVARCHAR(40) NULL,
  source_type     NVARCHAR(40) NULL,
  source_id       NVARCHAR(64) NULL,
  step            NVARCHAR(40) NULL,
  completed_at    DATETIME2 NULL,
  completed_by    UNIQUEIDENTIFIER NULL CONSTRAINT FK_tasks_completed_by REFERENCES dbo.members (id),
  completion_note NVARCHAR(4000) NULL,
  created_at      DATETIME2 NOT NULL,
  created_by      UNIQUEIDENTIFIER NULL CONSTRAINT FK_tasks_created_by REFERENCES dbo.members (id),
  updated_at      DATETIME2 NOT NULL,
  version         INT NOT NULL CONSTRAINT DF_tasks_version DEFAULT 1
);
GO
CREATE INDEX ix_tasks_assignee_due ON dbo.tasks (assignee_id, status, due_on);
CREATE INDEX ix_tasks_due ON dbo.tasks (status, due_on);
CREATE INDEX ix_tasks_company ON dbo.tasks (company_id) WHERE company_id IS NOT NULL;
CREATE INDEX ix_tasks_engagement ON dbo.tasks (engagement_id) WHERE engagement_id IS NOT NULL;
CREATE INDEX ix_tasks_worker ON dbo.tasks (worker_id) WHERE worker_id IS NOT NULL;
CREATE UNIQUE INDEX ux_tasks_raised ON dbo.tasks (rule_code, source_type, source_id, step) WHERE rule_code IS NOT NULL;
GO
CREATE TABLE dbo.playbooks (
  rule_code               NVARCHAR(40) NOT NULL CONSTRAINT PK_playbooks PRIMARY KEY,
  enabled              BIT NOT NULL,
  title                NVARCHAR(200) NOT NULL,
  assignee             NVARCHAR(20) NOT NULL CONSTRAINT CK_playbooks_assignee CHECK (assignee IN (N'cs_owner', N'concierge', N'sales', N'admin')),
  due_in_business_days INT NOT NULL,
  threshold_days       INT NULL,
  updated_at           DATETIME2 NULL,
  version              INT NOT NULL CONSTRAINT DF_playbooks_version DEFAULT 1
);
GO
INSERT INTO dbo.playbooks (rule_code, enabled, title, assignee, due_in_business_days, threshold_days) VALUES
  (N'negative_engagement_end', 1, N'振り返りMTG', N'cs_owner', 3, NULL),
  (N'low_follow_up_satisfaction', 1, N'満足度の低い企業へのフォロー電話', N'cs_owner', 2, NULL),
  (N'follow_up_overdue', 1, N'経過面談の遅れのエスカレーション', N'admin', 1, 7),
  (N'detractor_survey', 1, N'NPS批判者へのフォロー', N'cs_owner', 3, NULL),
  (N'expansion_lead_tossed', 1, N'追加案件トスの対応', N'sales', 2, NULL),
  (N'onboarding_stalled', 1, N'稼働案件のない企業へのチェックイン', N'cs_owner', 2, 30);
