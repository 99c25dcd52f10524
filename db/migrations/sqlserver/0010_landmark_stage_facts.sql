-- The stage facts of every company on retention's landmark day, kept one day at a time (see the SQLite script for
-- why). Same names as there.
CREATE TABLE dbo.stage_landmark (
  id      INT NOT NULL CONSTRAINT PK_stage_landmark PRIMARY KEY CONSTRAINT CK_stage_landmark_one CHECK (id = 1),
  kept_on DATE NULL
);
INSERT INTO dbo.stage_landmark (id, kept_on) VALUES (1, NULL);

CREATE TABLE dbo.landmark_stage_facts (
  company_id             UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_landmark_stage_facts PRIMARY KEY
                         CONSTRAINT FK_landmark_stage_facts_company REFERENCES dbo.companies (id),
  first_kickoff_on       DATE NULL,
  active_engagements     INT NOT NULL,
  total_engagements      INT NOT NULL,
  last_satisfaction      INT NULL,
  last_negative_churn_on DATE NULL
);

CREATE INDEX ix_engagements_contracted ON dbo.engagements (contracted_on, company_id) WHERE contracted_on IS NOT NULL;
CREATE INDEX ix_engagements_kicked_off ON dbo.engagements (kicked_off_on, company_id) WHERE kicked_off_on IS NOT NULL;
CREATE INDEX ix_follow_ups_held ON dbo.follow_ups (held_on, company_id) WHERE held_on IS NOT NULL;
