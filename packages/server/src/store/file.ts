// The embedded default store: one append-only JSON-lines file per conversation.
//
//   <id>.jsonl   line 1: {"attune":1,"id","createdAt","epoch"}; then {"e":event,"k"?:key}
//                or {"s":state,"at"} lines, each written and fdatasync'ed before the
//                append resolves (so an ack is only sent for what a crash keeps)
//   .lock        the pid holding the directory: a second process refuses to start
//   sessions.revoked  agent console logouts, {"sid","exp"} lines (fdatasync'ed), compacted at start
//
// A torn last line (a crash mid-write, never acknowledged) is cut off on load; any other
// unreadable file is skipped and reported by `list`, never fatal.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isMessageId, type ServerEvent } from '@attune/core';
import { StoreError } from '../errors.js';
import { serialQueue } from '../serial.js';
import { createdIn, emptyMeta, page, record, revocationList, stamp, type LogState } from './log.js';
import type { ConversationMeta, ConversationStore } from './types.js';

export interface FileStoreOptions {
  /** Conversations kept parsed in memory (least recently used are evicted; default 500). */
  cacheSize?: number;
  /** Skip fdatasync (tests of logic only; never in production). */
  unsafeNoSync?: boolean;
}

const EXT = '.jsonl';

interface Header {
  attune: 1;
  id: string;
  createdAt: number;
  epoch: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Takes `<dir>/.lock`, or throws `store/locked` while another live process holds it. */
function lock(dir: string): () => void {
  const path = join(dir, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(path, 'utf8').trim());
      let alive = false;
      if (Number.isInteger(pid) && pid > 0) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch (probe) {
          alive = (probe as { code?: string }).code === 'EPERM';
        }
      }
      if (alive)
        throw new StoreError(
          'store/locked',
          `The data directory ${dir} is in use by process ${pid}; one process per directory (use PostgreSQL to run several)`,
        );
      // The holder died without cleaning up (kill -9, power loss): the lock is stale.
      unlinkSync(path);
    }
  }
  throw new StoreError('store/locked', `Could not lock ${dir}`);
}

/** Parses one conversation file; a torn final line is reported as `truncateAt`. */
function parse(id: string, text: string): { state: LogState; truncateAt?: number } {
  const lines = text.split('\n');
  const headerLine = lines[0] ?? '';
  let header: unknown;
  try {
    header = JSON.parse(headerLine);
  } catch {
    throw new StoreError('store/corrupt', 'unreadable header');
  }
  if (!isObject(header) || header.attune !== 1 || header.id !== id || typeof header.createdAt !== 'number' || typeof header.epoch !== 'string') {
    throw new StoreError('store/corrupt', 'unexpected header');
  }
  const h = header as unknown as Header;
  const state: LogState = { meta: emptyMeta(id, h.createdAt, h.epoch), events: [], keys: new Map() };
  let offset = headerLine.length + 1;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const isLast = i === lines.length - 1;
    if (line === '') {
      offset += 1;
      continue;
    }
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      // Only the final line can be half-written by a crash, and it was never acknowledged.
      if (isLast) return { state, truncateAt: offset };
      throw new StoreError('store/corrupt', `unreadable line ${i + 1}`);
    }
    if (isLast) return { state, truncateAt: offset }; // complete JSON but no newline: the write did not finish
    const bytes = Buffer.byteLength(line) + 1;
    if (isObject(entry) && isObject(entry.e)) {
      const event = entry.e as unknown as ServerEvent;
      if (event.seq !== state.meta.lastSeq + 1 || typeof event.type !== 'string') throw new StoreError('store/corrupt', `line ${i + 1}: seq out of order`);
      const at = typeof (event as { at?: unknown }).at === 'number' ? (event as { at: number }).at : state.meta.updatedAt;
      record(state, event, typeof entry.k === 'string' ? entry.k : undefined, bytes, at);
    } else if (isObject(entry) && (entry.s === 'open' || entry.s === 'handoff' || entry.s === 'closed') && typeof entry.at === 'number') {
      state.meta.state = entry.s;
      state.meta.updatedAt = Math.max(state.meta.updatedAt, entry.at);
      state.meta.size += bytes;
    } else {
      throw new StoreError('store/corrupt', `line ${i + 1}: unknown entry`);
    }
    offset += Buffer.byteLength(line) + 1;
  }
  return { state };
}

/**
 * The durable default store for one process. `await fileStore(dir)` locks `dir`, removes
 * `.tmp` leftovers and indexes every conversation (corrupt ones are listed in `skipped`).
 *
 * @example
 * const store = await fileStore('./.attune-data');
 */
export async function fileStore(
  dir: string,
  options: FileStoreOptions = {},
): Promise<ConversationStore & { readonly skipped: readonly { id: string; reason: string }[] }> {
  await mkdir(dir, { recursive: true });
  const release = lock(dir);
  const cacheSize = Math.max(1, options.cacheSize ?? 500);
  const index = new Map<string, ConversationMeta>();
  const cache = new Map<string, LogState>();
  const skipped = new Map<string, string>();
  let closed = false;
  const file = (id: string): string => join(dir, `${id}${EXT}`);

  const sync = async (path: string, data: string, flag: 'a' | 'wx'): Promise<void> => {
    const handle = await open(path, flag);
    try {
      await handle.write(data);
      if (!options.unsafeNoSync) await handle.datasync();
    } finally {
      await handle.close();
    }
  };

  const remember = (state: LogState): void => {
    cache.delete(state.meta.id);
    cache.set(state.meta.id, state);
    while (cache.size > cacheSize) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
  };

  // Reads are not serialised with writes: two first reads of one conversation must share a
  // single parse, or a write recorded on one copy is missing from the other (a seq gap).
  const loading = new Map<string, Promise<LogState>>();
  const load = (id: string): Promise<LogState> => {
    const cached = cache.get(id);
    if (cached) {
      remember(cached);
      return Promise.resolve(cached);
    }
    let pending = loading.get(id);
    if (!pending) {
      pending = loadFromDisk(id).finally(() => loading.delete(id));
      loading.set(id, pending);
    }
    return pending;
  };
  const loadFromDisk = async (id: string): Promise<LogState> => {
    const meta = index.get(id);
    if (!meta) throw new StoreError('store/not-found', `No conversation ${id}`);
    const { state, truncateAt } = parse(id, await readFile(file(id), 'utf8'));
    if (truncateAt !== undefined) await truncate(file(id), truncateAt);
    // The index's meta object stays the one the list reads.
    Object.assign(meta, state.meta);
    state.meta = meta;
    remember(state);
    return state;
  };

  /** One writer per conversation, in call order. */
  const writers = serialQueue();
  const serial = <T>(id: string, work: () => Promise<T>): Promise<T> =>
    closed ? Promise.reject(new StoreError('store/closed', 'The store is closed')) : writers.run(id, work);

  // Startup: clean up, then index.
  const names = await readdir(dir);
  await Promise.all(names.filter((n) => n.endsWith('.tmp')).map((n) => unlink(join(dir, n)).catch(() => undefined)));
  for (const name of names) {
    if (!name.endsWith(EXT)) continue;
    const id = name.slice(0, -EXT.length);
    if (!isMessageId(id)) {
      skipped.set(id, 'not a conversation id');
      continue;
    }
    try {
      const { state, truncateAt } = parse(id, await readFile(join(dir, name), 'utf8'));
      if (truncateAt !== undefined) await truncate(join(dir, name), truncateAt);
      index.set(id, state.meta);
    } catch (error) {
      skipped.set(id, error instanceof StoreError ? error.message : 'unreadable');
    }
  }

  // Logouts survive a restart (the secret, and so the cookies, do too); expired ones are dropped.
  const revoked = revocationList();
  const revokedFile = join(dir, 'sessions.revoked');
  const startedAt = Date.now();
  let expiredRevocations = 0;
  const revokedText = await readFile(revokedFile, 'utf8').catch(() => '');
  for (const line of revokedText.split('\n')) {
    if (!line) continue;
    try {
      const entry = JSON.parse(line) as unknown;
      if (isObject(entry) && typeof entry.sid === 'string' && typeof entry.exp === 'number') {
        if (entry.exp > startedAt) revoked.add(entry.sid, entry.exp, startedAt);
        else expiredRevocations++;
      }
    } catch {
      expiredRevocations++; // a torn last line: rewritten below
    }
  }
  if (expiredRevocations > 0) {
    const kept = revoked
      .entries()
      .map(([sid, exp]) => `${JSON.stringify({ sid, exp })}\n`)
      .join('');
    await sync(`${revokedFile}.tmp`, kept, 'wx');
    await rename(`${revokedFile}.tmp`, revokedFile);
  }

  return {
    get skipped() {
      return [...skipped].map(([id, reason]) => ({ id, reason }));
    },
    create(id, at) {
      if (!isMessageId(id)) return Promise.reject(new StoreError('store/not-found', 'Invalid conversation id'));
      return serial(id, async () => {
        if (index.has(id) || skipped.has(id)) throw new StoreError('store/exists', `Conversation ${id} exists`);
        const meta = emptyMeta(id, at);
        const header: Header = { attune: 1, id, createdAt: at, epoch: meta.epoch };
        try {
          await sync(file(id), `${JSON.stringify(header)}\n`, 'wx');
        } catch (error) {
          if ((error as { code?: string }).code === 'EEXIST') throw new StoreError('store/exists', `Conversation ${id} exists`);
          throw error;
        }
        // The new name must survive a crash too.
        const dirHandle = await open(dir, 'r');
        try {
          if (!options.unsafeNoSync) await dirHandle.sync().catch(() => undefined);
        } finally {
          await dirHandle.close();
        }
        index.set(id, meta);
        remember({ meta, events: [], keys: new Map() });
        return { ...meta };
      });
    },
    get(id) {
      const meta = index.get(id);
      return Promise.resolve(meta && { ...meta });
    },
    append(id, input) {
      return serial(id, async () => {
        const state = await load(id);
        const result = stamp(state, input);
        if (result.duplicate) return result;
        const line = `${JSON.stringify(input.key === undefined ? { e: result.event } : { e: result.event, k: input.key })}\n`;
        await sync(file(id), line, 'a');
        record(state, result.event, input.key, Buffer.byteLength(line), Date.now());
        return result;
      });
    },
    async read(id, since, limit) {
      const state = await load(id);
      const events = state.events.slice(Math.max(0, since));
      return limit === undefined ? events : events.slice(0, limit);
    },
    setState(id, value) {
      return serial(id, async () => {
        const state = await load(id);
        if (state.meta.state === value) return;
        const at = Date.now();
        const line = `${JSON.stringify({ s: value, at })}\n`;
        await sync(file(id), line, 'a');
        state.meta.state = value;
        state.meta.updatedAt = Math.max(state.meta.updatedAt, at);
        state.meta.size += Buffer.byteLength(line);
      });
    },
    async list(query) {
      const result = page(index.values(), query);
      return skipped.size && query.cursor === undefined ? { ...result, skipped: [...skipped].map(([id, reason]) => ({ id, reason })) } : result;
    },
    async createdBetween(from, to, limit) {
      return createdIn(index.values(), from, to, limit);
    },
    async prune(before) {
      let removed = 0;
      for (const [id, meta] of [...index]) {
        if (meta.updatedAt >= before) continue;
        await serial(id, async () => {
          if (meta.updatedAt >= before) return;
          await unlink(file(id)).catch(() => undefined);
          index.delete(id);
          cache.delete(id);
          removed++;
        });
      }
      return removed;
    },
    revokeSession(sid, expiresAt) {
      // One writer for the file, as for a conversation (an id no conversation can have).
      return serial('.sessions', async () => {
        await sync(revokedFile, `${JSON.stringify({ sid, exp: expiresAt })}\n`, 'a');
        revoked.add(sid, expiresAt, Date.now());
      });
    },
    async sessionRevoked(sid) {
      return revoked.has(sid, Date.now());
    },
    async close() {
      if (closed) return;
      await Promise.all(writers.pending());
      closed = true;
      cache.clear();
      release();
    },
  };
}
