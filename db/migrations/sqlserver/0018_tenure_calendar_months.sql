-- Whole calendar months of tenure beside the days (see the SQLite script for why). Same names as there.

ALTER TABLE dbo.engagement_churns ADD tenure_months INT NULL;
ALTER TABLE dbo.engagement_churn_reasons ADD tenure_months INT NULL;
ALTER TABLE dbo.company_churns ADD tenure_months INT NULL;
ALTER TABLE dbo.company_churn_reasons ADD tenure_months INT NULL;
GO

UPDATE ec SET ec.tenure_months = CASE WHEN e.start_on >= ec.ended_on THEN 0 ELSE
    DATEDIFF(month, e.start_on, ec.ended_on)
    - CASE WHEN DAY(ec.ended_on) < DAY(e.start_on) AND DAY(DATEADD(day, 1, ec.ended_on)) <> 1 THEN 1 ELSE 0 END END
FROM dbo.engagement_churns ec
JOIN dbo.engagements e ON e.id = ec.engagement_id;

UPDATE r SET r.tenure_months = ec.tenure_months
FROM dbo.engagement_churn_reasons r
JOIN dbo.engagement_churns ec ON ec.id = r.churn_id;

UPDATE dbo.company_churns SET tenure_months = CASE WHEN term_signed_on >= churned_on THEN 0 ELSE
    DATEDIFF(month, term_signed_on, churned_on)
    - CASE WHEN DAY(churned_on) < DAY(term_signed_on) AND DAY(DATEADD(day, 1, churned_on)) <> 1 THEN 1 ELSE 0 END END;

UPDATE r SET r.tenure_months = cc.tenure_months
FROM dbo.company_churn_reasons r
JOIN dbo.company_churns cc ON cc.id = r.churn_id;

DROP INDEX ix_engagement_churns_tenure ON dbo.engagement_churns;
CREATE INDEX ix_engagement_churns_tenure ON dbo.engagement_churns (tenure_days, tenure_months, ended_on) INCLUDE (negative);
CREATE INDEX ix_engagement_churns_tenure_months ON dbo.engagement_churns (tenure_months, ended_on) INCLUDE (negative);
DROP INDEX ix_engagement_churn_reasons_tenure ON dbo.engagement_churn_reasons;
CREATE INDEX ix_engagement_churn_reasons_tenure ON dbo.engagement_churn_reasons (reason_code, tenure_months, ended_on);
DROP INDEX ix_company_churn_reasons_tenure ON dbo.company_churn_reasons;
CREATE INDEX ix_company_churn_reasons_tenure ON dbo.company_churn_reasons (reason_code, tenure_months, churned_on);
DROP INDEX ix_company_churns_on ON dbo.company_churns;
CREATE INDEX ix_company_churns_on ON dbo.company_churns (churned_on) INCLUDE (negative, term_signed_on, tenure_months);

CREATE INDEX ix_follow_ups_cancelled ON dbo.follow_ups (cancelled_on, due_on) INCLUDE (company_id) WHERE cancelled_on IS NOT NULL;
