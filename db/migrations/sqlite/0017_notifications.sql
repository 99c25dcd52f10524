-- How each member hears of their day: the daily digest by email and/or a Slack incoming webhook, at a time of day
-- in the business time zone, in their language. A member without a row has the defaults (email at 08:00, Japanese).
CREATE TABLE notification_preferences (
  member_id         TEXT NOT NULL PRIMARY KEY REFERENCES members (id),
  email             INTEGER NOT NULL CHECK (email IN (0, 1)),
  slack_webhook_url TEXT NULL,
  digest_time       TEXT NOT NULL,
  language          TEXT NOT NULL CHECK (language IN ('ja', 'en')),
  updated_at        TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1
);

-- The digest outbox: one row per member, business day and channel. The unique key is what makes a digest go out
-- once however many instances run the daily job; a row is claimed for a while (claimed_until) before it is sent,
-- and a failed send waits until next_attempt_at before the next try.
CREATE TABLE digests (
  id              TEXT NOT NULL PRIMARY KEY,
  member_id       TEXT NOT NULL REFERENCES members (id),
  day             TEXT NOT NULL,
  channel         TEXT NOT NULL CHECK (channel IN ('email', 'slack')),
  status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'skipped', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NULL,
  claimed_until   TEXT NULL,
  claimed_by      TEXT NULL,
  last_error      TEXT NULL,
  created_at      TEXT NOT NULL,
  sent_at         TEXT NULL
);
CREATE UNIQUE INDEX ux_digests_member_day_channel ON digests (member_id, day, channel);
CREATE INDEX ix_digests_day_status ON digests (day, status);
