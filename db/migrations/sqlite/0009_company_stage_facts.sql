-- Each company row keeps the facts its stage is computed from (DESIGN.md §2), as of everything recorded: the first
-- kickoff held, the engagements running and contracted, the satisfaction of the latest follow-up held (the lowest
-- when several were held that day) and the latest negative engagement churn. Every command that records one of them
-- recomputes the facts it can change on the company's row in the same transaction (CompanyStageFacts). The company
-- resource and its stage filter read one row instead of five lookups per company, and stage agreement reads today's
-- facts of the assessed companies from the company table instead of computing them from the whole history (at
-- 1,000,000 engagements that was about half of the insight's time).
-- The backfill below is the refresh statement as it stood when this migration was written, run for every company.

ALTER TABLE companies ADD COLUMN first_kickoff_on TEXT NULL;
ALTER TABLE companies ADD COLUMN active_engagements INTEGER NOT NULL DEFAULT 0;
ALTER TABLE companies ADD COLUMN total_engagements INTEGER NOT NULL DEFAULT 0;
ALTER TABLE companies ADD COLUMN last_satisfaction INTEGER NULL;
ALTER TABLE companies ADD COLUMN last_negative_churn_on TEXT NULL;

UPDATE companies SET
  first_kickoff_on = (SELECT MIN(k.held_on) FROM kickoffs k WHERE k.company_id = companies.id),
  active_engagements = (SELECT COUNT(*) FROM engagements e WHERE e.company_id = companies.id AND e.status = 'active'),
  total_engagements = (SELECT COUNT(*) FROM engagements e WHERE e.company_id = companies.id AND e.status IN ('contracted', 'active', 'ended')),
  last_satisfaction = (SELECT MIN(f.company_satisfaction) FROM follow_ups f
                       WHERE f.company_id = companies.id
                         AND f.held_on = (SELECT MAX(f2.held_on) FROM follow_ups f2 WHERE f2.company_id = companies.id)),
  last_negative_churn_on = (SELECT MAX(ec.ended_on) FROM engagement_churns ec WHERE ec.negative = 1 AND ec.company_id = companies.id);
