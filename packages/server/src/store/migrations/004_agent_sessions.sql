-- Agent console logouts. A console session is a signed cookie any process can check by
-- itself; a logout must hold on every process until that cookie would expire anyway, so
-- the revoked session ids live here (one indexed lookup per agent request). Expired rows
-- go with retention's prune.
CREATE TABLE revoked_sessions (
  sid        text   PRIMARY KEY CHECK (length(sid) BETWEEN 1 AND 64),
  expires_at bigint NOT NULL
);
CREATE INDEX revoked_sessions_expiry ON revoked_sessions (expires_at);
