-- The churn-reason catalog is edited by admins: a retired reason (retired_at set) is kept for the records that name
-- it but can't be chosen for new ones, and version is the ETag an edit must name.
ALTER TABLE churn_reasons ADD COLUMN retired_at TEXT NULL;
ALTER TABLE churn_reasons ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
