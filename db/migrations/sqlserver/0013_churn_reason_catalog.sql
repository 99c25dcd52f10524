-- The churn-reason catalog is edited by admins (see the SQLite script for why these columns).
ALTER TABLE dbo.churn_reasons ADD retired_at DATETIME2 NULL;
ALTER TABLE dbo.churn_reasons ADD version INT NOT NULL CONSTRAINT DF_churn_reasons_version DEFAULT 1;
