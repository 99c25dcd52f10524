-- Work with an owner and a due date. A task a playbook rule raised names the rule, the record that raised it and
-- its step, and the unique index keeps one record from raising the same step of a rule twice.
CREATE TABLE tasks (
  id              TEXT NOT NULL PRIMARY KEY,
  title           TEXT NOT NULL,
  due_on          TEXT NOT NULL,
  assignee_id     TEXT NOT NULL REFERENCES members (id),
  status          TEXT NOT NULL CHECK (status IN ('open', 'done')),
  company_id      TEXT NULL REFERENCES companies (id),
  engagement_id   TEXT NULL REFERENCES engagements (id),
  worker_id       TEXT NULL REFERENCES workers (id),
  note            TEXT NULL,
  rule_code       TEXT NULL,
  source_type     TEXT NULL,
  source_id       TEXT NULL,
  step            TEXT NULL,
  completed_at    TEXT NULL,
  completed_by    TEXT NULL REFERENCES members (id),
  completion_note TEXT NULL,
  created_at      TEXT NOT NULL,
  created_by      TEXT NULL REFERENCES members (id),
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_tasks_assignee_due ON tasks (assignee_id, status, due_on);
CREATE INDEX ix_tasks_due ON tasks (status, due_on);
CREATE INDEX ix_tasks_company ON tasks (company_id) WHERE company_id IS NOT NULL;
CREATE INDEX ix_tasks_engagement ON tasks (engagement_id) WHERE engagement_id IS NOT NULL;
CREATE INDEX ix_tasks_worker ON tasks (worker_id) WHERE worker_id IS NOT NULL;
CREATE UNIQUE INDEX ux_tasks_raised ON tasks (rule_code, source_type, source_id, step) WHERE rule_code IS NOT NULL;

-- The playbook rules admins configure: on or off, the task's title, who it goes to and when it is due.
CREATE TABLE playbooks (
  rule_code            TEXT NOT NULL PRIMARY KEY,
  enabled              INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  title                TEXT NOT NULL,
  assignee             TEXT NOT NULL CHECK (assignee IN ('cs_owner', 'concierge', 'sales', 'admin')),
  due_in_business_days INTEGER NOT NULL,
  threshold_days       INTEGER NULL,
  updated_at           TEXT NULL,
  version              INTEGER NOT NULL DEFAULT 1
);
INSERT INTO playbooks (rule_code, enabled, title, assignee, due_in_business_days, threshold_days) VALUES
  ('negative_engagement_end', 1, '振り返りMTG', 'cs_owner', 3, NULL),
  ('low_follow_up_satisfaction', 1, '満足度の低い企業へのフォロー電話', 'cs_owner', 2, NULL),
  ('follow_up_overdue', 1, '経過面談の遅れのエスカレーション', 'admin', 1, 7),
  ('detractor_survey', 1, 'NPS批判者へのフォロー', 'cs_owner', 3, NULL),
  ('expansion_lead_tossed', 1, '追加案件トスの対応', 'sales', 2, NULL),
  ('onboarding_stalled', 1, '稼働案件のない企業へのチェックイン', 'cs_owner', 2, 30);
