-- Sign-in for team members: lockout after repeated failures, and the ASP.NET Core data-protection keys
-- that sign cookies, kept in the database so every web instance accepts every other's cookies.
ALTER TABLE members ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN locked_until TEXT NULL;

CREATE TABLE data_protection_keys (
  name       TEXT NOT NULL PRIMARY KEY,
  xml        TEXT NOT NULL,
  created_at TEXT NOT NULL
);
