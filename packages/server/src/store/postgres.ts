import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { ServerEvent } from '@attune/core';
import { channelFor, encodeWakeup } from '../bus/postgres.js';
import { StoreError } from '../errors.js';
import { firstWordsOf, newEpoch } from './log.js';
import { migrate } from './migrate.js';
import type { AppendInput, AppendResult, ConversationMeta, ConversationStore, ListPage, ListQuery } from './types.js';

/**
 * The production store: conversations and their event logs in PostgreSQL, shared by any
 * number of server processes.
 *
 * - seq is gapless per conversation: the conversation row is locked (`SELECT … FOR UPDATE`)
 *   while the next seq is assigned, so concurrent appends from N processes queue up.
 * - Idempotency: a unique index on (conversation, key); under the row lock the key is
 *   looked up first, so a retry gets the first event back instead of an error.
 * - Durable before acknowledged: `append` resolves after COMMIT (with PostgreSQL's default
 *   `synchronous_commit = on`, after the WAL is flushed).
 * - With `notify` (default), the append's transaction also sends a `{conversation, seq}`
 *   wake-up on the bus channel: PostgreSQL delivers it exactly when the row becomes
 *   visible, and a process killed right after COMMIT cannot lose it.
 */
export interface PostgresStoreOptions {
  /** A libpq URL, e.g. `postgres://attune:secret@db:5432/attune`; a Unix socket with `?host=/var/run/postgresql`. */
  connectionString: string;
  /** Schema holding the tables (created if missing). Default `attune`. */
  schema?: string | undefined;
  /** Pool size per process. Default 10. */
  max?: number | undefined;
  /** Apply pending migrations at start (under an advisory lock, so N processes may start at once). Default true. */
  migrate?: boolean | undefined;
  /** Send the `appended` wake-up inside the append's transaction. Default true. */
  notify?: boolean | undefined;
  /** Clock for updatedAt (ms epoch). Default Date.now. */
  now?: (() => number) | undefined;
}

export interface PostgresStore extends ConversationStore {
  readonly schema: string;
  readonly pool: pg.Pool;
  /**
   * Gives every conversation (or the listed ones) a new log epoch. Run it after restoring a
   * backup: clients that saw seqs past the restored point then re-sync instead of hiding
   * new replies behind the seqs they remember.
   */
  resetEpochs(ids?: string[]): Promise<number>;
  /**
   * A random secret shared by every process on this database (made by the first to ask),
   * for customer tokens when ATTUNE_SECRET is not set: tokens then work on any process.
   */
  sharedSecret(name: string): Promise<Buffer>;
}

const MAX_ID = 128;
const MAX_KEY = 300;
const MAX_PAGE = 500;

interface Row {
  id: string;
  created_at: string;
  updated_at: string;
  last_seq: number;
  epoch: string;
  first_words: string;
  state: ConversationMeta['state'];
  size: string;
}

const COLUMNS = 'id, created_at, updated_at, last_seq, epoch, first_words, state, size';

// bigint columns come back as strings (pg keeps 64-bit precision); ms epochs fit a double.
const meta = (r: Row): ConversationMeta => ({
  id: r.id,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  lastSeq: r.last_seq,
  epoch: r.epoch,
  firstWords: r.first_words,
  state: r.state,
  size: Number(r.size),
});

/** The console's first customer words (the same rule as the embedded stores). */
function firstWords(event: AppendInput['event']): string {
  // Omit<> over the ServerEvent union drops the discriminant's narrowing: read the fields.
  const { type, from, text } = event as { type: string; from?: unknown; text?: unknown };
  // A text column cannot hold NUL (the json body can): control characters become spaces.
  // eslint-disable-next-line no-control-regex
  return type === 'text' && from === 'customer' && typeof text === 'string' ? firstWordsOf(text.replace(/[\u0000-\u001f\u007f]/g, ' ')) : '';
}

function checkId(id: string): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) throw new StoreError('store/invalid', `conversation id must be 1–${MAX_ID} characters`);
}

// Connection-level failures (server down, restarting, failover) are worth a retry; anything
// else is a bug or bad input and is passed on as it is.
const RETRYABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '40001', '40P01']);
function wrap(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if ((typeof code === 'string' && (RETRYABLE.has(code) || code.startsWith('08'))) || /Connection terminated|connection timeout/i.test(message)) {
    return new StoreError('store/unavailable', `PostgreSQL unavailable: ${message}`, { cause: error });
  }
  return error;
}

function encodeCursor(updatedAt: number, id: string): string {
  return Buffer.from(JSON.stringify([updatedAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string' && value[1].length <= MAX_ID) {
      return [value[0] as number, value[1]];
    }
  } catch {
    // fall through: reported below with one message for every malformed cursor
  }
  throw new StoreError('store/cursor', 'malformed list cursor');
}

export async function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schemaName = options.schema ?? 'attune';
  if (!/^[a-z_][a-z0-9_]{0,57}$/.test(schemaName)) throw new StoreError('store/invalid', 'schema must be a lower-case SQL identifier (a-z, 0-9, _)');
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  // An idle client losing its connection (database restart) must not crash the process;
  // the pool drops it and the next query opens a new one.
  pool.on('error', () => undefined);
  const s = pg.escapeIdentifier(schemaName);
  const channel = channelFor(schemaName);
  const notify = options.notify ?? true;
  const now = options.now ?? Date.now;
  try {
    if (options.migrate ?? true) await migrate(pool, schemaName);
  } catch (error) {
    await pool.end();
    throw wrap(error);
  }

  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> => {
    try {
      return await pool.query<R>(text, values);
    } catch (error) {
      throw wrap(error);
    }
  };

  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw wrap(error);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection is gone: don't hand it back to the pool
      }
      throw wrap(error);
    } finally {
      client.release(broken);
    }
  }

  const store: PostgresStore = {
    schema: schemaName,
    pool,

    async create(id, at) {
      checkId(id);
      const { rows } = await query<Row>(
        `INSERT INTO ${s}.conversations (id, created_at, updated_at, epoch) VALUES ($1, $2, $2, $3)
         ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
        [id, Math.trunc(at), newEpoch()],
      );
      const row = rows[0];
      if (!row) throw new StoreError('store/exists', `conversation ${id} already exists`);
      return meta(row);
    },

    async get(id) {
      if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) return undefined;
      const { rows } = await query<Row>(`SELECT ${COLUMNS} FROM ${s}.conversations WHERE id = $1`, [id]);
      return rows[0] ? meta(rows[0]) : undefined;
    },

    async append(id, input) {
      checkId(id);
      const { key } = input;
      if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY)) {
        throw new StoreError('store/invalid', `idempotency key must be 1–${MAX_KEY} characters`);
      }
      return transaction<AppendResult>(async (client) => {
        const locked = await client.query<{ last_seq: number; first_words: string }>(
          `SELECT last_seq, first_words FROM ${s}.conversations WHERE id = $1 FOR UPDATE`,
          [id],
        );
        const row = locked.rows[0];
        if (!row) throw new StoreError('store/not-found', `conversation ${id} does not exist`);
        // A statement of its own, AFTER the lock: its snapshot sees a key committed by the
        // append we waited for (a join in the locking statement would read the older snapshot).
        if (key !== undefined) {
          const found = await client.query<{ body: ServerEvent }>(`SELECT body FROM ${s}.events WHERE conversation_id = $1 AND key = $2`, [id, key]);
          const first = found.rows[0];
          if (first) return { event: first.body, duplicate: true };
        }
        const seq = row.last_seq + 1;
        const event = { ...input.event, v: 1, seq } as ServerEvent;
        const body = JSON.stringify(event);
        const words = row.first_words === '' ? firstWords(input.event) : '';
        // And one more: the event, the conversation's new head and (delivered at COMMIT) the wake-up.
        await client.query(
          `WITH stored AS (INSERT INTO ${s}.events (conversation_id, seq, key, body) VALUES ($1, $2, $3, $4::json))
           UPDATE ${s}.conversations
              SET last_seq = $2, updated_at = GREATEST(updated_at, $5), size = size + $6,
                  first_words = CASE WHEN first_words = '' THEN $7 ELSE first_words END
            WHERE id = $1
            RETURNING CASE WHEN $8::text IS NULL THEN NULL ELSE pg_notify($8, $9) END`,
          [id, seq, key ?? null, body, Math.trunc(now()), Buffer.byteLength(body), words, notify ? channel : null, encodeWakeup(id, seq)],
        );
        return { event, duplicate: false };
      });
    },

    async read(id, since, limit) {
      checkId(id);
      const after = Number.isSafeInteger(since) && since > 0 ? since : 0;
      const max = limit === undefined ? null : Math.max(0, Math.trunc(limit));
      const { rows } = await query<{ body: ServerEvent }>(`SELECT body FROM ${s}.events WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [
        id,
        after,
        max,
      ]);
      // Nothing new, or no such conversation (pruned, never made): only the empty case asks.
      if (rows.length === 0 && !(await store.get(id))) throw new StoreError('store/not-found', `conversation ${id} does not exist`);
      return rows.map((r) => r.body);
    },

    async setState(id, state) {
      checkId(id);
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the store is called from plain JS too
      if (state !== 'open' && state !== 'handoff' && state !== 'closed') throw new StoreError('store/invalid', `unknown state ${String(state)}`);
      const { rowCount } = await query(
        `UPDATE ${s}.conversations SET state = $2, updated_at = GREATEST(updated_at, $3) WHERE id = $1 AND state IS DISTINCT FROM $2`,
        [id, state, Math.trunc(now())],
      );
      if (rowCount === 0 && (await store.get(id))) return;
      if (rowCount === 0) throw new StoreError('store/not-found', `conversation ${id} does not exist`);
    },

    async list(q: ListQuery): Promise<ListPage> {
      if (!Number.isSafeInteger(q.limit) || q.limit < 1 || q.limit > MAX_PAGE) throw new StoreError('store/invalid', `limit must be 1–${MAX_PAGE}`);
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (sql: (n: string) => string, ...vs: unknown[]): void => {
        const names = vs.map((v) => {
          values.push(v);
          return `$${values.length}`;
        });
        where.push(sql(names.join(', ')));
      };
      if (q.cursor !== undefined) {
        const [updatedAt, id] = decodeCursor(q.cursor);
        add((p) => `(updated_at, id) < (${p})`, updatedAt, id);
      }
      if (q.from !== undefined) add((p) => `updated_at >= ${p}`, Math.trunc(q.from));
      if (q.to !== undefined) add((p) => `updated_at <= ${p}`, Math.trunc(q.to));
      if (q.state !== undefined) add((p) => `state = ${p}`, q.state);
      values.push(q.limit + 1);
      const { rows } = await query<Row>(
        `SELECT ${COLUMNS} FROM ${s}.conversations ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY updated_at DESC, id DESC LIMIT $${values.length}`,
        values,
      );
      const items = rows.slice(0, q.limit).map(meta);
      const last = items.at(-1);
      return rows.length > q.limit && last ? { items, next: encodeCursor(last.updatedAt, last.id) } : { items };
    },

    async createdBetween(from, to, limit) {
      const { rows } = await query<Row>(
        `SELECT ${COLUMNS} FROM ${s}.conversations WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, id LIMIT $3`,
        [Math.trunc(from), Math.trunc(to), Math.max(0, Math.trunc(limit))],
      );
      return rows.map(meta);
    },

    async readMany(ids) {
      const logs = new Map<string, ServerEvent[]>();
      if (ids.length === 0) return logs;
      // One round trip for a dashboard's worth of logs instead of one per conversation.
      const { rows } = await query<{ conversation_id: string; body: ServerEvent }>(
        `SELECT conversation_id, body FROM ${s}.events WHERE conversation_id = ANY($1::text[]) ORDER BY conversation_id, seq`,
        [[...ids]],
      );
      for (const id of ids) logs.set(id, []);
      for (const row of rows) logs.get(row.conversation_id)?.push(row.body);
      return logs;
    },

    async prune(before) {
      // In batches, skipping rows another transaction holds (an append in flight means
      // the conversation is not idle): no long locks on a big table.
      let total = 0;
      await query(`DELETE FROM ${s}.revoked_sessions WHERE expires_at <= $1`, [Math.trunc(now())]);
      for (;;) {
        const { rowCount } = await query(
          `DELETE FROM ${s}.conversations WHERE id IN (
             SELECT id FROM ${s}.conversations WHERE updated_at < $1 ORDER BY updated_at LIMIT 1000 FOR UPDATE SKIP LOCKED)`,
          [Math.trunc(before)],
        );
        total += rowCount ?? 0;
        if ((rowCount ?? 0) < 1000) return total;
      }
    },

    async resetEpochs(ids) {
      const { rowCount } =
        ids === undefined
          ? await query(`UPDATE ${s}.conversations SET epoch = replace(gen_random_uuid()::text, '-', '')`, [])
          : await query(`UPDATE ${s}.conversations SET epoch = replace(gen_random_uuid()::text, '-', '') WHERE id = ANY($1)`, [ids]);
      return rowCount ?? 0;
    },

    async sharedSecret(name) {
      await query(`INSERT INTO ${s}.settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, randomBytes(32).toString('base64url')]);
      const { rows } = await query<{ value: string }>(`SELECT value FROM ${s}.settings WHERE name = $1`, [name]);
      return Buffer.from(rows[0]?.value ?? '', 'base64url');
    },

    async revokeSession(sid, expiresAt) {
      await query(
        `INSERT INTO ${s}.revoked_sessions (sid, expires_at) VALUES ($1, $2)
         ON CONFLICT (sid) DO UPDATE SET expires_at = GREATEST(${s}.revoked_sessions.expires_at, EXCLUDED.expires_at)`,
        [sid, Math.trunc(expiresAt)],
      );
    },

    async sessionRevoked(sid) {
      const { rows } = await query(`SELECT 1 FROM ${s}.revoked_sessions WHERE sid = $1 AND expires_at > $2`, [sid, Math.trunc(now())]);
      return rows.length > 0;
    },

    async close() {
      await pool.end();
    },
  };
  return store;
}
