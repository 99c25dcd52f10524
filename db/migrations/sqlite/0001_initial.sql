-- Marketplace CS schema (SQLite). Ids are lowercase GUID text, dates yyyy-MM-dd, timestamps ISO 8601 UTC.
-- Enum columns hold the snake_case words of DESIGN.md. Mutable aggregates carry a version for optimistic concurrency.

CREATE TABLE members (
  id            TEXT NOT NULL PRIMARY KEY,
  name          TEXT NOT NULL,
  email         TEXT NOT NULL COLLATE NOCASE,
  team          TEXT NOT NULL CHECK (team IN ('cc', 'cs', 'sales', 'admin')),
  password_hash TEXT NULL,
  created_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_members_email ON members (email);
CREATE INDEX ix_members_team ON members (team, name);

CREATE TABLE api_keys (
  id         TEXT NOT NULL PRIMARY KEY,
  member_id  TEXT NOT NULL REFERENCES members (id),
  key_hash   TEXT NOT NULL,
  key_prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT NULL
);
CREATE UNIQUE INDEX ux_api_keys_hash ON api_keys (key_hash);
CREATE INDEX ix_api_keys_member ON api_keys (member_id);

-- Append-only: the application inserts and reads, never updates or deletes.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        TEXT NOT NULL,
  member_id TEXT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  summary   TEXT NOT NULL
);
CREATE INDEX ix_audit_entity ON audit_log (entity, entity_id, at);
CREATE INDEX ix_audit_at ON audit_log (at);

CREATE TABLE companies (
  id               TEXT NOT NULL PRIMARY KEY,
  name             TEXT NOT NULL,
  industry         TEXT NOT NULL,
  employee_count   INTEGER NOT NULL CHECK (employee_count > 0),
  monthly_fee      INTEGER NOT NULL CHECK (monthly_fee >= 0),
  cs_owner_id      TEXT NOT NULL REFERENCES members (id),
  signed_on        TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('active', 'churned')),
  assessment_rank  TEXT NULL CHECK (assessment_rank IN ('s', 'a', 'b', 'c')),
  assessment_stage TEXT NULL CHECK (assessment_stage IN ('entry', 'onboard', 'active', 'loyal')),
  assessed_on      TEXT NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_companies_name ON companies (name, id);
CREATE INDEX ix_companies_owner ON companies (cs_owner_id, status);
CREATE INDEX ix_companies_status ON companies (status, name);

CREATE TABLE company_purposes (
  company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  purpose    TEXT NOT NULL CHECK (purpose IN ('resource_shortage', 'variable_cost', 'know_how', 'core_productivity')),
  PRIMARY KEY (company_id, purpose)
);

CREATE TABLE workers (
  id             TEXT NOT NULL PRIMARY KEY,
  name           TEXT NOT NULL,
  email          TEXT NOT NULL COLLATE NOCASE,
  job_type       TEXT NOT NULL CHECK (job_type IN ('engineer', 'designer', 'marketer', 'sales', 'writer', 'pm', 'data', 'hr', 'other')),
  main_job_style TEXT NOT NULL CHECK (main_job_style IN ('employee', 'freelancer', 'executive', 'student', 'other')),
  weekly_hours   INTEGER NOT NULL CHECK (weekly_hours BETWEEN 0 AND 168),
  concierge_id   TEXT NOT NULL REFERENCES members (id),
  status         TEXT NOT NULL CHECK (status IN ('registered', 'screening', 'available', 'proposed', 'active', 'paused', 'left')),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_workers_email ON workers (email);
CREATE INDEX ix_workers_concierge ON workers (concierge_id, status);
CREATE INDEX ix_workers_status ON workers (status, job_type);
CREATE INDEX ix_workers_name ON workers (name, id);

CREATE TABLE worker_skills (
  worker_id TEXT NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  skill     TEXT NOT NULL,
  PRIMARY KEY (worker_id, position)
);

-- Append-only history of every status change, manual or automatic.
CREATE TABLE worker_status_history (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  worker_id     TEXT NOT NULL REFERENCES workers (id),
  from_status   TEXT NULL,
  to_status     TEXT NOT NULL,
  at            TEXT NOT NULL,
  by_member_id  TEXT NULL REFERENCES members (id),
  engagement_id TEXT NULL REFERENCES engagements (id),
  note          TEXT NULL
);
CREATE INDEX ix_worker_history_worker ON worker_status_history (worker_id, id);

CREATE TABLE engagements (
  id            TEXT NOT NULL PRIMARY KEY,
  company_id    TEXT NOT NULL REFERENCES companies (id),
  worker_id     TEXT NOT NULL REFERENCES workers (id),
  title         TEXT NOT NULL,
  job_type      TEXT NOT NULL CHECK (job_type IN ('engineer', 'designer', 'marketer', 'sales', 'writer', 'pm', 'data', 'hr', 'other')),
  start_on      TEXT NOT NULL,
  monthly_hours INTEGER NOT NULL CHECK (monthly_hours > 0),
  monthly_fee   INTEGER NOT NULL CHECK (monthly_fee >= 0),
  status        TEXT NOT NULL CHECK (status IN ('proposed', 'contracted', 'active', 'ended', 'declined')),
  contracted_on TEXT NULL,
  declined_note TEXT NULL,
  ended_on      TEXT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_engagements_company ON engagements (company_id, status);
CREATE INDEX ix_engagements_worker ON engagements (worker_id, status);
CREATE INDEX ix_engagements_status ON engagements (status, start_on);

CREATE TABLE kickoffs (
  engagement_id  TEXT NOT NULL PRIMARY KEY REFERENCES engagements (id),
  company_id     TEXT NOT NULL REFERENCES companies (id),
  held_on        TEXT NOT NULL,
  cs_attendee_id TEXT NULL REFERENCES members (id),
  created_at     TEXT NOT NULL
);
CREATE INDEX ix_kickoffs_company ON kickoffs (company_id, held_on);

CREATE TABLE kickoff_attendees (
  engagement_id TEXT NOT NULL REFERENCES kickoffs (engagement_id),
  position      INTEGER NOT NULL,
  name          TEXT NOT NULL,
  PRIMARY KEY (engagement_id, position)
);

CREATE TABLE kickoff_checklist_items (
  engagement_id TEXT NOT NULL REFERENCES engagements (id),
  item_key      TEXT NOT NULL,
  done          INTEGER NOT NULL CHECK (done IN (0, 1)),
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (engagement_id, item_key)
);

-- A follow-up (経過面談) is scheduled with due_on at kickoff and completed by setting held_on and the scores.
CREATE TABLE follow_ups (
  id                   TEXT NOT NULL PRIMARY KEY,
  engagement_id        TEXT NOT NULL REFERENCES engagements (id),
  due_on               TEXT NOT NULL,
  held_on              TEXT NULL,
  company_satisfaction INTEGER NULL CHECK (company_satisfaction BETWEEN 1 AND 5),
  worker_evaluation    INTEGER NULL CHECK (worker_evaluation BETWEEN 1 AND 5),
  note                 TEXT NULL,
  recorded_by          TEXT NULL REFERENCES members (id),
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);
CREATE INDEX ix_follow_ups_engagement ON follow_ups (engagement_id, due_on);
CREATE INDEX ix_follow_ups_pending ON follow_ups (due_on) WHERE held_on IS NULL;

CREATE TABLE churn_reasons (
  code       TEXT NOT NULL PRIMARY KEY,
  label_ja   TEXT NOT NULL,
  label_en   TEXT NOT NULL,
  negative   INTEGER NOT NULL CHECK (negative IN (0, 1)),
  applies_to TEXT NOT NULL CHECK (applies_to IN ('both', 'engagement', 'company')),
  sort_order INTEGER NOT NULL
);

INSERT INTO churn_reasons (code, label_ja, label_en, negative, applies_to, sort_order) VALUES
  ('skill_mismatch',        'スキルミスマッチ',           'Skill mismatch',                       1, 'both',       10),
  ('communication',         'コミュニケーション',         'Communication',                        1, 'both',       20),
  ('progress_invisible',    '業務の進捗が見えない',       'Progress not visible',                 1, 'both',       30),
  ('conditions_misaligned', '条件・稼働のすり合わせ不足', 'Conditions and hours not aligned',     1, 'both',       40),
  ('low_utilization',       '活用しきれていない',         'Not making use of the service',        1, 'company',    50),
  ('project_completed',     '業務完了',                   'Work completed',                       0, 'engagement', 60),
  ('budget',                '予算都合',                   'Budget',                               0, 'both',       70),
  ('hired_in_house',        '社内で採用・内製化',         'Hired in house',                       0, 'both',       80),
  ('worker_main_job',       '本業都合',                   'Worker''s main job',                   0, 'engagement', 90),
  ('company_churn',         '企業解約に伴う終了',         'Ended because the company churned',    0, 'engagement', 100),
  ('other',                 'その他',                     'Other',                                0, 'both',       110);

-- term_signed_on: the signing this churn ends, so tenure stays right after a reactivation.
CREATE TABLE company_churns (
  id             TEXT NOT NULL PRIMARY KEY,
  company_id     TEXT NOT NULL REFERENCES companies (id),
  churned_on     TEXT NOT NULL,
  term_signed_on TEXT NOT NULL,
  note           TEXT NULL,
  created_at     TEXT NOT NULL,
  created_by     TEXT NULL REFERENCES members (id)
);
CREATE INDEX ix_company_churns_company ON company_churns (company_id, churned_on);
CREATE INDEX ix_company_churns_on ON company_churns (churned_on);

CREATE TABLE company_churn_reasons (
  churn_id    TEXT NOT NULL REFERENCES company_churns (id),
  reason_code TEXT NOT NULL REFERENCES churn_reasons (code),
  PRIMARY KEY (churn_id, reason_code)
);

CREATE TABLE engagement_churns (
  id               TEXT NOT NULL PRIMARY KEY,
  engagement_id    TEXT NOT NULL REFERENCES engagements (id),
  ended_on         TEXT NOT NULL,
  initiated_by     TEXT NOT NULL CHECK (initiated_by IN ('company', 'worker', 'mutual')),
  note             TEXT NULL,
  company_churn_id TEXT NULL REFERENCES company_churns (id),
  created_at       TEXT NOT NULL,
  created_by       TEXT NULL REFERENCES members (id)
);
CREATE UNIQUE INDEX ux_engagement_churns_engagement ON engagement_churns (engagement_id);
CREATE INDEX ix_engagement_churns_on ON engagement_churns (ended_on);

CREATE TABLE engagement_churn_reasons (
  churn_id    TEXT NOT NULL REFERENCES engagement_churns (id),
  reason_code TEXT NOT NULL REFERENCES churn_reasons (code),
  PRIMARY KEY (churn_id, reason_code)
);

CREATE TABLE satisfaction_surveys (
  id          TEXT NOT NULL PRIMARY KEY,
  company_id  TEXT NOT NULL REFERENCES companies (id),
  surveyed_on TEXT NOT NULL,
  score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
  comment     TEXT NULL,
  created_at  TEXT NOT NULL,
  created_by  TEXT NULL REFERENCES members (id)
);
CREATE INDEX ix_satisfaction_company ON satisfaction_surveys (company_id, surveyed_on);

CREATE TABLE expansion_leads (
  id            TEXT NOT NULL PRIMARY KEY,
  company_id    TEXT NOT NULL REFERENCES companies (id),
  tossed_on     TEXT NOT NULL,
  description   TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('open', 'converted', 'lost')),
  tossed_by     TEXT NULL REFERENCES members (id),
  engagement_id TEXT NULL REFERENCES engagements (id),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_expansion_leads_status ON expansion_leads (status, tossed_on);
CREATE INDEX ix_expansion_leads_company ON expansion_leads (company_id, tossed_on);
