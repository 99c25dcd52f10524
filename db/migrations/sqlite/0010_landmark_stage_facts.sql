-- Retention by stage (stage agreement) needs every company's stage facts as they stood on its landmark day, 180 days
-- before today. Reading them from the whole history was most of the insight's time at 1,000,000 engagements, so
-- they are kept here for one day at a time (stage_landmark.kept_on) by LandmarkStageFacts: built from the history
-- when none are kept, moved to a new day by recomputing only the companies with a record dated between the two
-- days, and recomputed for its company by every command that records something dated on or before the kept day.
-- A company with nothing contracted by the kept day has no row (all its facts are empty).
CREATE TABLE stage_landmark (
  id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  kept_on TEXT NULL
);
INSERT INTO stage_landmark (id, kept_on) VALUES (1, NULL);

CREATE TABLE landmark_stage_facts (
  company_id             TEXT NOT NULL PRIMARY KEY REFERENCES companies (id),
  first_kickoff_on       TEXT NULL,
  active_engagements     INTEGER NOT NULL,
  total_engagements      INTEGER NOT NULL,
  last_satisfaction      INTEGER NULL,
  last_negative_churn_on TEXT NULL
) WITHOUT ROWID;

-- The companies with a record dated between two days, found by day (an end is found by its engagement churn,
-- which ix_engagement_churns_ends already orders by day).
CREATE INDEX ix_engagements_contracted ON engagements (contracted_on, company_id) WHERE contracted_on IS NOT NULL;
CREATE INDEX ix_engagements_kicked_off ON engagements (kicked_off_on, company_id) WHERE kicked_off_on IS NOT NULL;
CREATE INDEX ix_follow_ups_held ON follow_ups (held_on, company_id) WHERE held_on IS NOT NULL;

-- See 0006: a database with planner statistics needs them for the new indexes too.
ANALYZE engagements;
ANALYZE follow_ups;
