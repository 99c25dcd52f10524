-- Each member's security stamp is copied into their sign-in cookie and compared on every request: changing it
-- (signing out, a password reset) ends every session the member has open. Existing members get one now, so
-- cookies issued before this migration, which carry none, stop working.
ALTER TABLE members ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';
UPDATE members SET security_stamp = lower(hex(randomblob(16)));
