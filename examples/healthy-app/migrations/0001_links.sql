CREATE TABLE links (
  slug TEXT PRIMARY KEY,
  target TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX idx_links_owner ON links (owner_id, created_at);
