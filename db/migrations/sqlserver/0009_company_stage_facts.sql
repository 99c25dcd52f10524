-- Each company row keeps the facts its stage is computed from (see the SQLite script for why). Same names as there.

ALTER TABLE dbo.companies ADD
  first_kickoff_on DATE NULL,
  active_engagements INT NOT NULL CONSTRAINT DF_companies_active_engagements DEFAULT 0,
  total_engagements INT NOT NULL CONSTRAINT DF_companies_total_engagements DEFAULT 0,
  last_satisfaction INT NULL,
  last_negative_churn_on DATE NULL;
GO

UPDATE c SET
  c.first_kickoff_on = (SELECT MIN(k.held_on) FROM dbo.kickoffs k WHERE k.company_id = c.id),
  c.active_engagements = (SELECT COUNT(*) FROM dbo.engagements e WHERE e.company_id = c.id AND e.status = N'active'),
  c.total_engagements = (SELECT COUNT(*) FROM dbo.engagements e WHERE e.company_id = c.id AND e.status IN (N'contracted', N'active', N'ended')),
  c.last_satisfaction = (SELECT MIN(f.company_satisfaction) FROM dbo.follow_ups f
                         WHERE f.company_id = c.id
                           AND f.held_on = (SELECT MAX(f2.held_on) FROM dbo.follow_ups f2 WHERE f2.company_id = c.id)),
  c.last_negative_churn_on = (SELECT MAX(ec.ended_on) FROM dbo.engagement_churns ec WHERE ec.negative = 1 AND ec.company_id = c.id)
FROM dbo.companies c;
