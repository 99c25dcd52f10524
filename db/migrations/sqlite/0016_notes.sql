-- Notes of calls and meetings (面談メモ) about a company (by CS) or a worker (by the concierge), each one on the
-- company's or the worker's timeline. A note is about exactly one of the two. held_on is the day of the call or
-- meeting; created_at orders the notes of one day.
CREATE TABLE notes (
  id         TEXT NOT NULL PRIMARY KEY,
  company_id TEXT NULL REFERENCES companies (id),
  worker_id  TEXT NULL REFERENCES workers (id),
  kind       TEXT NOT NULL CHECK (kind IN ('call', 'meeting', 'email', 'chat', 'other')),
  held_on    TEXT NOT NULL,
  body       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NULL REFERENCES members (id),
  CHECK ((company_id IS NULL) <> (worker_id IS NULL))
);
-- The timeline reads one company's or one worker's notes.
CREATE INDEX ix_notes_company ON notes (company_id, held_on) WHERE company_id IS NOT NULL;
CREATE INDEX ix_notes_worker ON notes (worker_id, held_on) WHERE worker_id IS NOT NULL;
