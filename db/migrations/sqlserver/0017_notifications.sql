-- Notification preferences and the digest outbox (see the SQLite script).
CREATE TABLE dbo.notification_preferences (
  member_id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_notification_preferences PRIMARY KEY
                    CONSTRAINT FK_notification_preferences_member REFERENCES dbo.members (id),
  email             BIT NOT NULL,
  slack_webhook_url NVARCHAR(500) NULL,
  digest_time       NVARCHAR(5) NOT NULL,
  language          NVARCHAR(2) NOT NULL CONSTRAINT CK_notification_preferences_language CHECK (language IN (N'ja', N'en')),
  updated_at        DATETIME2 NOT NULL,
  version           INT NOT NULL CONSTRAINT DF_notification_preferences_version DEFAULT 1
);
GO
CREATE TABLE dbo.digests (
  id              UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_digests PRIMARY KEY,
  member_id       UNIQUEIDENTIFIER NOT NULL CONSTRAINT FK_digests_member REFERENCES dbo.members (id),
  day             DATE NOT NULL,
  channel         NVARCHAR(10) NOT NULL CONSTRAINT CK_digests_channel CHECK (channel IN (N'email', N'slack')),
  status          NVARCHAR(10) NOT NULL CONSTRAINT CK_digests_status CHECK (status IN (N'pending', N'sent', N'skipped', N'failed')),
  attempts        INT NOT NULL CONSTRAINT DF_digests_attempts DEFAULT 0,
  next_attempt_at DATETIME2 NULL,
  claimed_until   DATETIME2 NULL,
  claimed_by      UNIQUEIDENTIFIER NULL,
  last_error      NVARCHAR(1000) NULL,
  created_at      DATETIME2 NOT NULL,
  sent_at         DATETIME2 NULL
);
GO
CREATE UNIQUE INDEX ux_digests_member_day_channel ON dbo.digests (member_id, day, channel);
GO
CREATE INDEX ix_digests_day_status ON dbo.digests (day, status);
