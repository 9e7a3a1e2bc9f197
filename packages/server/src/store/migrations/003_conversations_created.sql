-- Metrics select conversations by when they started (GET /agent/metrics?from&to).
CREATE INDEX conversations_created ON conversations (created_at, id);
