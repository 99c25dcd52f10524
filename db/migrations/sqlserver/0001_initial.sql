-- Marketplace CS schema (SQL Server / Azure SQL). Same tables, columns and rules as sqlite/0001_initial.sql,
-- with native types: ids UNIQUEIDENTIFIER, *_on DATE, *_at DATETIME2 (UTC). Email uniqueness relies on the
-- database's default case-insensitive collation, as COLLATE NOCASE does in SQLite.
-- Enum columns hold the snake_case words of DESIGN.md. Mutable aggregates carry a version for optimistic concurrency.

CREATE TABLE dbo.members (
  id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_members PRIMARY KEY,
  name          NVARCHAR(200) NOT NULL,
  email         NVARCHAR(320) NOT NULL,
  team          NVARCHAR(40) NOT NULL CONSTRAINT CK_members_team CHECK (team IN (N'cc', N'cs', N'sales', N'admin')),
  password_hash NVARCHAR(200) NULL,
  created_at    DATETIME2 NOT NULL,
  version       INT NOT NULL CONSTRAINT DF_members_version DEFAULT 1
);
CREATE UNIQUE INDEX ux_members_email ON dbo.members (email);
CREATE INDEX ix_members_team ON dbo.members (team, name);

CREATE TABLE dbo.api_keys (
  id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_api_keys PRIMARY KEY,
  member_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_api_keys_member FOREIGN KEY REFERENCES dbo.members (id),
  key_hash   NVARCHAR(128) NOT NULL,
  key_prefix NVARCHAR(40) NOT NULL,
  created_at DATETIME2 NOT NULL,
  revoked_at DATETIME2 NULL
);
CREATE UNIQUE INDEX ux_api_keys_hash ON dbo.api_keys (key_hash);
CREATE INDEX ix_api_keys_member ON dbo.api_keys (member_id);

-- Append-only: the application inserts and reads, never updates or deletes.
CREATE TABLE dbo.audit_log (
  id        BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT PK_audit_log PRIMARY KEY,
  at        DATETIME2 NOT NULL,
  member_id UNIQUEIDENTIFIER NULL,
  actor     NVARCHAR(200) NOT NULL,
  action    NVARCHAR(40) NOT NULL,
  entity    NVARCHAR(40) NOT NULL,
  entity_id NVARCHAR(64) NOT NULL,
  summary   NVARCHAR(MAX) NOT NULL
);
CREATE INDEX ix_audit_entity ON dbo.audit_log (entity, entity_id, at);
CREATE INDEX ix_audit_at ON dbo.audit_log (at);

CREATE TABLE dbo.companies (
  id               UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_companies PRIMARY KEY,
  name             NVARCHAR(200) NOT NULL,
  industry         NVARCHAR(200) NOT NULL,
  employee_count   INT NOT NULL CONSTRAINT CK_companies_employee_count CHECK (employee_count > 0),
  monthly_fee      BIGINT NOT NULL CONSTRAINT CK_companies_monthly_fee CHECK (monthly_fee >= 0),
  cs_owner_id      UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_companies_cs_owner FOREIGN KEY REFERENCES dbo.members (id),
  signed_on        DATE NOT NULL,
  status           NVARCHAR(40) NOT NULL CONSTRAINT CK_companies_status CHECK (status IN (N'active', N'churned')),
  assessment_rank  NVARCHAR(40) NULL CONSTRAINT CK_companies_assessment_rank CHECK (assessment_rank IN (N's', N'a', N'b', N'c')),
  assessment_stage NVARCHAR(40) NULL CONSTRAINT CK_companies_assessment_stage CHECK (assessment_stage IN (N'entry', N'onboard', N'active', N'loyal')),
  assessed_on      DATE NULL,
  created_at       DATETIME2 NOT NULL,
  updated_at       DATETIME2 NOT NULL,
  version          INT NOT NULL CONSTRAINT DF_companies_version DEFAULT 1
);
CREATE INDEX ix_companies_name ON dbo.companies (name, id);
CREATE INDEX ix_companies_owner ON dbo.companies (cs_owner_id, status);
CREATE INDEX ix_companies_status ON dbo.companies (status, name);

CREATE TABLE dbo.company_purposes (
  company_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_company_purposes_company FOREIGN KEY REFERENCES dbo.companies (id) ON DELETE CASCADE,
  purpose    NVARCHAR(40) NOT NULL CONSTRAINT CK_company_purposes_purpose CHECK (purpose IN (N'resource_shortage', N'variable_cost', N'know_how', N'core_productivity')),
  CONSTRAINT PK_company_purposes PRIMARY KEY (company_id, purpose)
);

CREATE TABLE dbo.workers (
  id             UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_workers PRIMARY KEY,
  name           NVARCHAR(200) NOT NULL,
  email          NVARCHAR(320) NOT NULL,
  job_type       NVARCHAR(40) NOT NULL CONSTRAINT CK_workers_job_type CHECK (job_type IN (N'engineer', N'designer', N'marketer', N'sales', N'writer', N'pm', N'data', N'hr', N'other')),
  main_job_style NVARCHAR(40) NOT NULL CONSTRAINT CK_workers_main_job_style CHECK (main_job_style IN (N'employee', N'freelancer', N'executive', N'student', N'other')),
  weekly_hours   INT NOT NULL CONSTRAINT CK_workers_weekly_hours CHECK (weekly_hours BETWEEN 0 AND 168),
  concierge_id   UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_workers_concierge FOREIGN KEY REFERENCES dbo.members (id),
  status         NVARCHAR(40) NOT NULL CONSTRAINT CK_workers_status CHECK (status IN (N'registered', N'screening', N'available', N'proposed', N'active', N'paused', N'left')),
  created_at     DATETIME2 NOT NULL,
  updated_at     DATETIME2 NOT NULL,
  version        INT NOT NULL CONSTRAINT DF_workers_version DEFAULT 1
);
CREATE UNIQUE INDEX ux_workers_email ON dbo.workers (email);
CREATE INDEX ix_workers_concierge ON dbo.workers (concierge_id, status);
CREATE INDEX ix_workers_status ON dbo.workers (status, job_type);
CREATE INDEX ix_workers_name ON dbo.workers (name, id);

CREATE TABLE dbo.worker_skills (
  worker_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_worker_skills_worker FOREIGN KEY REFERENCES dbo.workers (id) ON DELETE CASCADE,
  position  INT NOT NULL,
  skill     NVARCHAR(200) NOT NULL,
  CONSTRAINT PK_worker_skills PRIMARY KEY (worker_id, position)
);

-- Append-only history of every status change, manual or automatic.
CREATE TABLE dbo.worker_status_history (
  id            BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT PK_worker_status_history PRIMARY KEY,
  worker_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_worker_status_history_worker FOREIGN KEY REFERENCES dbo.workers (id),
  from_status   NVARCHAR(40) NULL,
  to_status     NVARCHAR(40) NOT NULL,
  at            DATETIME2 NOT NULL,
  by_member_id  UNIQUEIDENTIFIER NULL CONSTRAINT FK_worker_status_history_by_member FOREIGN KEY REFERENCES dbo.members (id),
  engagement_id UNIQUEIDENTIFIER NULL,
  note          NVARCHAR(MAX) NULL
);
CREATE INDEX ix_worker_history_worker ON dbo.worker_status_history (worker_id, id);

CREATE TABLE dbo.engagements (
  id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_engagements PRIMARY KEY,
  company_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_engagements_company FOREIGN KEY REFERENCES dbo.companies (id),
  worker_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_engagements_worker FOREIGN KEY REFERENCES dbo.workers (id),
  title         NVARCHAR(200) NOT NULL,
  job_type      NVARCHAR(40) NOT NULL CONSTRAINT CK_engagements_job_type CHECK (job_type IN (N'engineer', N'designer', N'marketer', N'sales', N'writer', N'pm', N'data', N'hr', N'other')),
  start_on      DATE NOT NULL,
  monthly_hours INT NOT NULL CONSTRAINT CK_engagements_monthly_hours CHECK (monthly_hours > 0),
  monthly_fee   BIGINT NOT NULL CONSTRAINT CK_engagements_monthly_fee CHECK (monthly_fee >= 0),
  status        NVARCHAR(40) NOT NULL CONSTRAINT CK_engagements_status CHECK (status IN (N'proposed', N'contracted', N'active', N'ended', N'declined')),
  contracted_on DATE NULL,
  declined_note NVARCHAR(MAX) NULL,
  ended_on      DATE NULL,
  created_at    DATETIME2 NOT NULL,
  updated_at    DATETIME2 NOT NULL,
  version       INT NOT NULL CONSTRAINT DF_engagements_version DEFAULT 1
);
CREATE INDEX ix_engagements_company ON dbo.engagements (company_id, status);
CREATE INDEX ix_engagements_worker ON dbo.engagements (worker_id, status);
CREATE INDEX ix_engagements_status ON dbo.engagements (status, start_on);

-- Added here because worker_status_history is created before engagements.
ALTER TABLE dbo.worker_status_history ADD CONSTRAINT FK_worker_status_history_engagement
  FOREIGN KEY (engagement_id) REFERENCES dbo.engagements (id);

CREATE TABLE dbo.kickoffs (
  engagement_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_kickoffs PRIMARY KEY
                   CONSTRAINT FK_kickoffs_engagement FOREIGN KEY REFERENCES dbo.engagements (id),
  company_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_kickoffs_company FOREIGN KEY REFERENCES dbo.companies (id),
  held_on        DATE NOT NULL,
  cs_attendee_id UNIQUEIDENTIFIER NULL CONSTRAINT FK_kickoffs_cs_attendee FOREIGN KEY REFERENCES dbo.members (id),
  created_at     DATETIME2 NOT NULL
);
CREATE INDEX ix_kickoffs_company ON dbo.kickoffs (company_id, held_on);

CREATE TABLE dbo.kickoff_attendees (
  engagement_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_kickoff_attendees_kickoff FOREIGN KEY REFERENCES dbo.kickoffs (engagement_id),
  position      INT NOT NULL,
  name          NVARCHAR(200) NOT NULL,
  CONSTRAINT PK_kickoff_attendees PRIMARY KEY (engagement_id, position)
);

CREATE TABLE dbo.kickoff_checklist_items (
  engagement_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_kickoff_checklist_items_engagement FOREIGN KEY REFERENCES dbo.engagements (id),
  item_key      NVARCHAR(40) NOT NULL,
  done          BIT NOT NULL CONSTRAINT CK_kickoff_checklist_items_done CHECK (done IN (0, 1)),
  updated_at    DATETIME2 NOT NULL,
  CONSTRAINT PK_kickoff_checklist_items PRIMARY KEY (engagement_id, item_key)
);

-- A follow-up (経過面談) is scheduled with due_on at kickoff and completed by setting held_on and the scores.
CREATE TABLE dbo.follow_ups (
  id                   UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_follow_ups PRIMARY KEY,
  engagement_id        UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_follow_ups_engagement FOREIGN KEY REFERENCES dbo.engagements (id),
  due_on               DATE NOT NULL,
  held_on              DATE NULL,
  company_satisfaction INT NULL CONSTRAINT CK_follow_ups_company_satisfaction CHECK (company_satisfaction BETWEEN 1 AND 5),
  worker_evaluation    INT NULL CONSTRAINT CK_follow_ups_worker_evaluation CHECK (worker_evaluation BETWEEN 1 AND 5),
  note                 NVARCHAR(MAX) NULL,
  recorded_by          UNIQUEIDENTIFIER NULL CONSTRAINT FK_follow_ups_recorded_by FOREIGN KEY REFERENCES dbo.members (id),
  created_at           DATETIME2 NOT NULL,
  updated_at           DATETIME2 NOT NULL
);
CREATE INDEX ix_follow_ups_engagement ON dbo.follow_ups (engagement_id, due_on);
CREATE INDEX ix_follow_ups_pending ON dbo.follow_ups (due_on) WHERE held_on IS NULL;

CREATE TABLE dbo.churn_reasons (
  code       NVARCHAR(40) NOT NULL CONSTRAINT PK_churn_reasons PRIMARY KEY,
  label_ja   NVARCHAR(200) NOT NULL,
  label_en   NVARCHAR(200) NOT NULL,
  negative   BIT NOT NULL CONSTRAINT CK_churn_reasons_negative CHECK (negative IN (0, 1)),
  applies_to NVARCHAR(40) NOT NULL CONSTRAINT CK_churn_reasons_applies_to CHECK (applies_to IN (N'both', N'engagement', N'company')),
  sort_order INT NOT NULL
);

INSERT INTO dbo.churn_reasons (code, label_ja, label_en, negative, applies_to, sort_order) VALUES
  (N'skill_mismatch',        N'スキルミスマッチ',           N'Skill mismatch',                       1, N'both',       10),
  (N'communication',         N'コミュニケーション',         N'Communication',                        1, N'both',       20),
  (N'progress_invisible',    N'業務の進捗が見えない',       N'Progress not visible',                 1, N'both',       30),
  (N'conditions_misaligned', N'条件・稼働のすり合わせ不足', N'Conditions and hours not aligned',     1, N'both',       40),
  (N'low_utilization',       N'活用しきれていない',         N'Not making use of the service',        1, N'company',    50),
  (N'project_completed',     N'業務完了',                   N'Work completed',                       0, N'engagement', 60),
  (N'budget',                N'予算都合',                   N'Budget',                               0, N'both',       70),
  (N'hired_in_house',        N'社内で採用・内製化',         N'Hired in house',                       0, N'both',       80),
  (N'worker_main_job',       N'本業都合',                   N'Worker''s main job',                   0, N'engagement', 90),
  (N'company_churn',         N'企業解約に伴う終了',         N'Ended because the company churned',    0, N'engagement', 100),
  (N'other',                 N'その他',                     N'Other',                                0, N'both',       110);

-- term_signed_on: the signing this churn ends, so tenure stays right after a reactivation.
CREATE TABLE dbo.company_churns (
  id             UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_company_churns PRIMARY KEY,
  company_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_company_churns_company FOREIGN KEY REFERENCES dbo.companies (id),
  churned_on     DATE NOT NULL,
  term_signed_on DATE NOT NULL,
  note           NVARCHAR(MAX) NULL,
  created_at     DATETIME2 NOT NULL,
  created_by     UNIQUEIDENTIFIER NULL CONSTRAINT FK_company_churns_created_by FOREIGN KEY REFERENCES dbo.members (id)
);
CREATE INDEX ix_company_churns_company ON dbo.company_churns (company_id, churned_on);
CREATE INDEX ix_company_churns_on ON dbo.company_churns (churned_on);

CREATE TABLE dbo.company_churn_reasons (
  churn_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_company_churn_reasons_churn FOREIGN KEY REFERENCES dbo.company_churns (id),
  reason_code NVARCHAR(40) NOT NULL CONSTRAINT FK_company_churn_reasons_reason FOREIGN KEY REFERENCES dbo.churn_reasons (code),
  CONSTRAINT PK_company_churn_reasons PRIMARY KEY (churn_id, reason_code)
);

CREATE TABLE dbo.engagement_churns (
  id               UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_engagement_churns PRIMARY KEY,
  engagement_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_engagement_churns_engagement FOREIGN KEY REFERENCES dbo.engagements (id),
  ended_on         DATE NOT NULL,
  initiated_by     NVARCHAR(40) NOT NULL CONSTRAINT CK_engagement_churns_initiated_by CHECK (initiated_by IN (N'company', N'worker', N'mutual')),
  note             NVARCHAR(MAX) NULL,
  company_churn_id UNIQUEIDENTIFIER NULL CONSTRAINT FK_engagement_churns_company_churn FOREIGN KEY REFERENCES dbo.company_churns (id),
  created_at       DATETIME2 NOT NULL,
  created_by       UNIQUEIDENTIFIER NULL CONSTRAINT FK_engagement_churns_created_by FOREIGN KEY REFERENCES dbo.members (id)
);
CREATE UNIQUE INDEX ux_engagement_churns_engagement ON dbo.engagement_churns (engagement_id);
CREATE INDEX ix_engagement_churns_on ON dbo.engagement_churns (ended_on);

CREATE TABLE dbo.engagement_churn_reasons (
  churn_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_engagement_churn_reasons_churn FOREIGN KEY REFERENCES dbo.engagement_churns (id),
  reason_code NVARCHAR(40) NOT NULL CONSTRAINT FK_engagement_churn_reasons_reason FOREIGN KEY REFERENCES dbo.churn_reasons (code),
  CONSTRAINT PK_engagement_churn_reasons PRIMARY KEY (churn_id, reason_code)
);

CREATE TABLE dbo.satisfaction_surveys (
  id          UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_satisfaction_surveys PRIMARY KEY,
  company_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_satisfaction_surveys_company FOREIGN KEY REFERENCES dbo.companies (id),
  surveyed_on DATE NOT NULL,
  score       INT NOT NULL CONSTRAINT CK_satisfaction_surveys_score CHECK (score BETWEEN 0 AND 10),
  comment     NVARCHAR(MAX) NULL,
  created_at  DATETIME2 NOT NULL,
  created_by  UNIQUEIDENTIFIER NULL CONSTRAINT FK_satisfaction_surveys_created_by FOREIGN KEY REFERENCES dbo.members (id)
);
CREATE INDEX ix_satisfaction_company ON dbo.satisfaction_surveys (company_id, surveyed_on);

CREATE TABLE dbo.expansion_leads (
  id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_expansion_leads PRIMARY KEY,
  company_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_expansion_leads_company FOREIGN KEY REFERENCES dbo.companies (id),
  tossed_on     DATE NOT NULL,
  description   NVARCHAR(MAX) NOT NULL,
  status        NVARCHAR(40) NOT NULL CONSTRAINT CK_expansion_leads_status CHECK (status IN (N'open', N'converted', N'lost')),
  tossed_by     UNIQUEIDENTIFIER NULL CONSTRAINT FK_expansion_leads_tossed_by FOREIGN KEY REFERENCES dbo.members (id),
  engagement_id UNIQUEIDENTIFIER NULL CONSTRAINT FK_expansion_leads_engagement FOREIGN KEY REFERENCES dbo.engagements (id),
  created_at    DATETIME2 NOT NULL,
  updated_at    DATETIME2 NOT NULL,
  version       INT NOT NULL CONSTRAINT DF_expansion_leads_version DEFAULT 1
);
CREATE INDEX ix_expansion_leads_status ON dbo.expansion_leads (status, tossed_on);
CREATE INDEX ix_expansion_leads_company ON dbo.expansion_leads (company_id, tossed_on);
