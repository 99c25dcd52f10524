-- Notes of calls and meetings (面談メモ) about a company or a worker (see the SQLite script).
CREATE TABLE dbo.notes (
  id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT PK_notes PRIMARY KEY,
  company_id UNIQUEIDENTIFIER NULL CONSTRAINT FK_notes_company FOREIGN KEY REFERENCES dbo.companies (id),
  worker_id  UNIQUEIDENTIFIER NULL CONSTRAINT FK_notes_worker FOREIGN KEY REFERENCES dbo.workers (id),
  kind       NVARCHAR(20) NOT NULL CONSTRAINT CK_notes_kind CHECK (kind IN ('call', 'meeting', 'email', 'chat', 'other')),
  held_on    DATE NOT NULL,
  body       NVARCHAR(4000) NOT NULL,
  created_at DATETIME2 NOT NULL,
  created_by UNIQUEIDENTIFIER NULL CONSTRAINT FK_notes_created_by FOREIGN KEY REFERENCES dbo.members (id),
  CONSTRAINT CK_notes_subject CHECK ((company_id IS NULL AND worker_id IS NOT NULL) OR (company_id IS NOT NULL AND worker_id IS NULL))
);
GO
CREATE INDEX ix_notes_company ON dbo.notes (company_id, held_on) WHERE company_id IS NOT NULL;
GO
CREATE INDEX ix_notes_worker ON dbo.notes (worker_id, held_on) WHERE worker_id IS NOT NULL;
