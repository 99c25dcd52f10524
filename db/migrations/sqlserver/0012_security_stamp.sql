-- Each member's security stamp ends their open sessions when it changes (see the SQLite script for why).
ALTER TABLE dbo.members ADD security_stamp NVARCHAR(64) NOT NULL CONSTRAINT DF_members_security_stamp DEFAULT '';
GO
UPDATE dbo.members SET security_stamp = LOWER(REPLACE(CONVERT(NVARCHAR(36), NEWID()), '-', ''));
