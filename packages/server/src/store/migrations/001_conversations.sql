-- Conversations and their event logs. Runs inside one transaction with search_path set to
-- the store's schema (default "attune"), so names here are unqualified.

-- Times are ms since the epoch (bigint), as the ConversationStore interface speaks them:
-- no timezone conversions between Node and the database.
CREATE TABLE conversations (
  id          text    PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
  created_at  bigint  NOT NULL,
  updated_at  bigint  NOT NULL,
  -- Highest stored seq; the row is locked (SELECT … FOR UPDATE) while the next one is
  -- assigned, so seqs are gapless per conversation whatever the number of processes.
  last_seq    integer NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  -- Log epoch: a new value whenever the log is reset or restored, so clients re-sync.
  epoch       text    NOT NULL,
  first_words text    NOT NULL DEFAULT '',
  state       text    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'handoff', 'closed')),
  size        bigint  NOT NULL DEFAULT 0 CHECK (size >= 0)
);

-- The console list: newest first, keyset pagination on (updated_at, id); retention prunes
-- by updated_at through the same index.
CREATE INDEX conversations_updated ON conversations (updated_at DESC, id DESC);
CREATE INDEX conversations_state_updated ON conversations (state, updated_at DESC, id DESC);

CREATE TABLE events (
  conversation_id text    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq             integer NOT NULL CHECK (seq > 0),
  -- Idempotency key ('c:<client id>' or 's:<server id>'); null for events without one.
  key             text    CHECK (length(key) <= 300),
  -- json, not jsonb: the event exactly as it was sent (key order kept), and jsonb cannot
  -- hold a \u0000 a customer may have typed.
  body            json    NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);

-- The same key twice in one conversation is stored once, even if two processes race.
CREATE UNIQUE INDEX events_key ON events (conversation_id, key) WHERE key IS NOT NULL;
