-- Document templates edited by admins. The files under templates/ are the defaults; every saved edit or
-- restore appends a version here (never updated in place), and the highest version of a name is the one
-- that renders. Kept in the database so every web instance renders the same template.
CREATE TABLE document_templates (
  name          TEXT NOT NULL,
  version       INTEGER NOT NULL,
  content       TEXT NOT NULL,
  content_hash  TEXT NOT NULL,
  restored_from INTEGER NULL,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  PRIMARY KEY (name, version)
);
