// What both built-in stores share: one conversation's log held in memory, the
// idempotency index, and the meta the console lists.
import { randomBytes } from 'node:crypto';
import type { ServerEvent } from '@attune/core';
import type { AppendInput, ConversationMeta, ListPage, ListQuery } from './types.js';

export interface LogState {
  meta: ConversationMeta;
  events: ServerEvent[];
  /** Idempotency key → seq of the event it stored. */
  keys: Map<string, number>;
}

export const newEpoch = (): string => randomBytes(9).toString('base64url');

export function emptyMeta(id: string, at: number, epoch = newEpoch()): ConversationMeta {
  return { id, createdAt: at, updatedAt: at, lastSeq: 0, epoch, firstWords: '', state: 'open', size: 0 };
}

/** The first words a customer wrote, for the console list (never more than 80 characters). */
export function firstWordsOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= 80) return flat;
  const cut = flat.slice(0, 79);
  const space = cut.lastIndexOf(' ');
  return `${space > 40 ? cut.slice(0, space) : cut}…`;
}

/** Stamps the next seq on `input.event` (or returns the event stored under the same key). */
export function stamp(state: LogState, input: AppendInput): { event: ServerEvent; duplicate: boolean } {
  if (input.key !== undefined) {
    const seq = state.keys.get(input.key);
    const existing = seq === undefined ? undefined : state.events[seq - 1];
    if (existing) return { event: existing, duplicate: true };
  }
  const event = { ...input.event, v: 1, seq: state.meta.lastSeq + 1 } as ServerEvent;
  return { event, duplicate: false };
}

/** Records a stamped event (after it is durable). */
export function record(state: LogState, event: ServerEvent, key: string | undefined, bytes: number, at: number): void {
  state.events.push(event);
  const seq = event.seq ?? state.events.length;
  if (key !== undefined) state.keys.set(key, seq);
  const meta = state.meta;
  meta.lastSeq = seq;
  meta.updatedAt = Math.max(meta.updatedAt, at);
  meta.size += bytes;
  if (!meta.firstWords && event.type === 'text' && event.from === 'customer') meta.firstWords = firstWordsOf(event.text);
}

interface Cursor {
  u: number;
  i: string;
}

const encodeCursor = (meta: ConversationMeta): string => Buffer.from(JSON.stringify({ u: meta.updatedAt, i: meta.id } satisfies Cursor)).toString('base64url');

function decodeCursor(cursor: string): Cursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null && typeof (value as Cursor).u === 'number' && typeof (value as Cursor).i === 'string')
      return value as Cursor;
  } catch {
    // A cursor the client made up: treated as "from the start".
  }
  return undefined;
}

/** Newest first, then by id, so a cursor (the last item's position) is stable while conversations change. */
const newestFirst = (a: ConversationMeta, b: ConversationMeta): number => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function page(metas: Iterable<ConversationMeta>, query: ListQuery): ListPage {
  const limit = Math.max(1, Math.min(200, Math.floor(query.limit) || 50));
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const matches: ConversationMeta[] = [];
  for (const meta of metas) {
    if (query.state !== undefined && meta.state !== query.state) continue;
    if (query.from !== undefined && meta.updatedAt < query.from) continue;
    if (query.to !== undefined && meta.updatedAt > query.to) continue;
    if (after && (meta.updatedAt > after.u || (meta.updatedAt === after.u && meta.id <= after.i))) continue;
    matches.push(meta);
  }
  matches.sort(newestFirst);
  const items = matches.slice(0, limit).map((m) => ({ ...m }));
  const last = items.at(-1);
  return matches.length > limit && last ? { items, next: encodeCursor(last) } : { items };
}

/** Conversations created in [from, to), oldest first, at most `limit` (copies). */
export function createdIn(metas: Iterable<ConversationMeta>, from: number, to: number, limit: number): ConversationMeta[] {
  const found: ConversationMeta[] = [];
  for (const meta of metas) if (meta.createdAt >= from && meta.createdAt < to) found.push({ ...meta });
  found.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return found.slice(0, Math.max(0, limit));
}

export const eventBytes = (event: ServerEvent): number => Buffer.byteLength(JSON.stringify(event));

/** Revoked agent sessions until their cookies expire (the embedded stores' copy; swept as they expire). */
export function revocationList() {
  const until = new Map<string, number>();
  return {
    add(sid: string, expiresAt: number, now: number): void {
      if (until.size > 1000) for (const [id, at] of until) if (at <= now) until.delete(id);
      if (expiresAt > now) until.set(sid, expiresAt);
    },
    has(sid: string, now: number): boolean {
      const at = until.get(sid);
      return at !== undefined && at > now;
    },
    entries: (): [string, number][] => [...until],
  };
}
