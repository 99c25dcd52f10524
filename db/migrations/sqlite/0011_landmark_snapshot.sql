-- The landmark stage facts of 0010 become a snapshot owned by one job (LandmarkStageFacts.Rebuild): built from the
-- whole history at start-up and after each change of the business day, never moved or patched by commands. built_at
-- says when, so stage agreement can tell which day and time its retention figures are from. The day-first indexes
-- served only the day-to-day moves. Forgetting the kept day makes the next start build the snapshot afresh.
ALTER TABLE stage_landmark ADD COLUMN built_at TEXT NULL;
UPDATE stage_landmark SET kept_on = NULL, built_at = NULL WHERE id = 1;

DROP INDEX ix_engagements_contracted;
DROP INDEX ix_engagements_kicked_off;
DROP INDEX ix_follow_ups_held;

-- A follow-up also records the worker's own satisfaction (1-5), gathered by the concierge; older ones have none.
ALTER TABLE follow_ups ADD COLUMN worker_satisfaction INTEGER NULL CHECK (worker_satisfaction BETWEEN 1 AND 5);
