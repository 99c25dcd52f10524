-- Sign-in for team members: lockout after repeated failures, and the ASP.NET Core data-protection keys
-- that sign cookies, kept in the database so every web instance accepts every other's cookies.
ALTER TABLE dbo.members ADD
  failed_sign_ins INT NOT NULL CONSTRAINT DF_members_failed_sign_ins DEFAULT 0,
  locked_until    DATETIME2 NULL;

CREATE TABLE dbo.data_protection_keys (
  name       NVARCHAR(200) NOT NULL CONSTRAINT PK_data_protection_keys PRIMARY KEY,
  xml        NVARCHAR(MAX) NOT NULL,
  created_at DATETIME2 NOT NULL
);
