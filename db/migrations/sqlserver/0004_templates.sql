-- Document templates edited by admins. The files under templates/ are the defaults; every saved edit or
-- restore appends a version here (never updated in place), and the highest version of a name is the one
-- that renders. Kept in the database so every web instance renders the same template.
CREATE TABLE dbo.document_templates (
  name          NVARCHAR(100) NOT NULL,
  version       INT NOT NULL,
  content       NVARCHAR(MAX) NOT NULL,
  content_hash  CHAR(64) NOT NULL,
  restored_from INT NULL,
  created_at    DATETIME2 NOT NULL,
  created_by    NVARCHAR(200) NOT NULL,
  CONSTRAINT PK_document_templates PRIMARY KEY (name, version)
);
