import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerEvent } from './core.js';

/** Everything the server keeps about one conversation. */
export interface ConversationRecord {
  id: string;
  createdAt: number;
  updatedAt: number;
  /** The event log; each event's `seq` is its position (1-based). */
  events: ServerEvent[];
  /** Ids of client events already applied (idempotency). */
  clientIds: string[];
}

export interface ConversationSummary {
  id: string;
  createdAt: number;
  updatedAt: number;
  lastSeq: number;
  /** Text of the latest message, for the console list. */
  preview: string;
}

/** Where conversations live. Implement it to plug in a database. */
export interface ConversationStore {
  load(id: string): Promise<ConversationRecord | undefined>;
  save(record: ConversationRecord): Promise<void>;
  list(): Promise<ConversationSummary[]>;
}

export function summarize(record: ConversationRecord): ConversationSummary {
  const last = [...record.events].reverse().find((e) => 'text' in e && typeof e.text === 'string') as { text: string } | undefined;
  return { id: record.id, createdAt: record.createdAt, updatedAt: record.updatedAt, lastSeq: record.events.at(-1)?.seq ?? 0, preview: last?.text.slice(0, 80) ?? '' };
}

/** Keeps conversations in memory (lost on restart). */
export function memoryStore(): ConversationStore {
  const map = new Map<string, string>();
  return {
    async load(id) {
      const raw = map.get(id);
      return raw === undefined ? undefined : (JSON.parse(raw) as ConversationRecord);
    },
    async save(record) {
      map.set(record.id, JSON.stringify(record));
    },
    async list() {
      return [...map.values()].map((raw) => summarize(JSON.parse(raw) as ConversationRecord));
    },
  };
}

/** One JSON file per conversation under `dir`, written atomically, so a restart keeps everything. */
export function fileStore(dir: string): ConversationStore {
  const file = (id: string): string => join(dir, `${id}.json`);
  let ready: Promise<unknown> | undefined;
  const init = (): Promise<unknown> => (ready ??= mkdir(dir, { recursive: true }));
  let counter = 0;
  return {
    async load(id) {
      await init();
      try {
        return JSON.parse(await readFile(file(id), 'utf8')) as ConversationRecord;
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async save(record) {
      await init();
      // Write, then rename: a crash mid-write never leaves a half file behind.
      const tmp = `${file(record.id)}.${process.pid}.${++counter}.tmp`;
      await writeFile(tmp, JSON.stringify(record));
      await rename(tmp, file(record.id));
    },
    async list() {
      await init();
      const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
      const records = await Promise.all(names.map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as ConversationRecord));
      return records.map(summarize);
    },
  };
}
