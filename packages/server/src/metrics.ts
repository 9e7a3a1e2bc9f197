// Support metrics from the store: one summary per conversation (core's
// summarizeConversation over the stored log), cached by the log's last seq so a dashboard
// over 1,000 conversations only re-reads the ones that changed, and team figures
// (aggregateSummaries) over the conversations started in a date range.
import type { ServerEvent, Tone } from '@attune/core';
import { aggregateSummaries, summarizeConversation, type AggregateSummary, type ConversationSummary, type CriterionName } from '@attune/core/metrics';
import { HttpError } from './errors.js';
import type { ConversationMeta, ConversationStore } from './store/types.js';

const DAY = 24 * 3600_000;
/** The widest range one request may ask for. */
export const MAX_RANGE_MS = 400 * DAY;
/** Conversations one request summarises at most; past it the answer says `truncated`. */
export const MAX_CONVERSATIONS = 20_000;
const CRITERIA: readonly CriterionName[] = ['greeting', 'comprehension', 'empathy', 'solution', 'closing', 'sentiment'];

/** One conversation's figures, flat, as the metrics page lists them and the CSV exports them. */
export interface ConversationFigures {
  id: string;
  createdAt: number;
  state: ConversationMeta['state'];
  firstWords: string;
  customerMessages: number;
  firstReplyMs: number | null;
  firstNextStepMs: number | null;
  resolutionMs: number | null;
  handoffWaitMs: number | null;
  resolved: boolean;
  csat: number | null;
  startingTone: Tone | null;
  startingValence: number | null;
  lastTone: Tone | null;
  toneImproved: boolean | null;
  echoesProposed: number;
  echoesConfirmed: number;
  echoesCorrected: number;
  apologies: number;
  handoffOffered: boolean;
  handoffTaken: boolean;
  abusiveMessages: number;
  /** Scorecard criteria passed and failed (not-applicable ones count in neither). */
  qaPassed: number;
  qaFailed: number;
}

export interface MetricsReport {
  from: number;
  to: number;
  /** More conversations started in the range than one report holds (`MAX_CONVERSATIONS`). */
  truncated: boolean;
  team: AggregateSummary;
  conversations: ConversationFigures[];
}

/** What `GET /agent/conversations/:id/summary` answers: the summary and, per evidence id, what that message said. */
export interface SummaryReport {
  summary: ConversationSummary;
  evidence: Record<string, { type: string; from?: string; excerpt: string; at?: number }>;
}

/** Parses `from` / `to` (epoch ms, or an ISO date / date-time); a date-only `to` includes that whole day (UTC). */
export function parseRange(query: unknown, now: number): { from: number; to: number } {
  const q = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const read = (name: 'from' | 'to'): number | undefined => {
    const raw = q[name];
    if (raw === undefined || raw === '') return undefined;
    if (typeof raw !== 'string' || raw.length > 40)
      throw new HttpError(400, 'metrics/range', `\`${name}\` must be a date (2026-12-01), a date-time or epoch milliseconds`);
    if (/^\d{1,15}$/.test(raw)) return Number(raw);
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
    const ms = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(raw) ? Date.parse(dateOnly ? `${raw}T00:00:00Z` : raw) : Number.NaN;
    if (!Number.isFinite(ms)) throw new HttpError(400, 'metrics/range', `\`${name}\` must be a date (2026-12-01), a date-time or epoch milliseconds`);
    return name === 'to' && dateOnly ? ms + DAY : ms;
  };
  const to = read('to') ?? now;
  const from = read('from') ?? to - 30 * DAY;
  if (from >= to) throw new HttpError(400, 'metrics/range', '`from` must be before `to`');
  if (to - from > MAX_RANGE_MS) throw new HttpError(400, 'metrics/range', `A range spans at most ${String(MAX_RANGE_MS / DAY)} days`);
  return { from, to };
}

export function figuresOf(meta: ConversationMeta, s: ConversationSummary): ConversationFigures {
  let qaPassed = 0;
  let qaFailed = 0;
  for (const c of CRITERIA) {
    if (s.scorecard[c].result === 'pass') qaPassed++;
    else if (s.scorecard[c].result === 'fail') qaFailed++;
  }
  return {
    id: meta.id,
    createdAt: meta.createdAt,
    state: meta.state,
    firstWords: meta.firstWords,
    customerMessages: s.customerMessages,
    firstReplyMs: s.timings.firstReplyMs,
    firstNextStepMs: s.timings.firstNextStepMs,
    resolutionMs: s.timings.resolutionMs,
    handoffWaitMs: s.timings.handoffWaitMs,
    resolved: s.resolved,
    csat: s.csat.score,
    startingTone: s.tone.first?.tone ?? null,
    startingValence: s.tone.first?.valence ?? null,
    lastTone: s.tone.last?.tone ?? null,
    toneImproved: s.tone.improved,
    echoesProposed: s.echoes.proposed,
    echoesConfirmed: s.echoes.confirmed,
    echoesCorrected: s.echoes.corrected,
    apologies: s.apologies.count,
    handoffOffered: s.handoff.offered.length > 0,
    handoffTaken: s.handoff.taken,
    abusiveMessages: s.abuse.count,
    qaPassed,
    qaFailed,
  };
}

/** The CSV columns, in order: every field of `ConversationFigures`. */
export const CSV_COLUMNS: readonly (keyof ConversationFigures)[] = [
  'id',
  'createdAt',
  'state',
  'firstWords',
  'customerMessages',
  'firstReplyMs',
  'firstNextStepMs',
  'resolutionMs',
  'handoffWaitMs',
  'resolved',
  'csat',
  'startingTone',
  'startingValence',
  'lastTone',
  'toneImproved',
  'echoesProposed',
  'echoesConfirmed',
  'echoesCorrected',
  'apologies',
  'handoffOffered',
  'handoffTaken',
  'abusiveMessages',
  'qaPassed',
  'qaFailed',
];

const csvCell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  // Customer words opened in a spreadsheet must stay words, never a formula (CSV injection).
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** RFC 4180 CSV (CRLF lines, a header row), one row per conversation. */
export function toCsv(rows: readonly ConversationFigures[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const excerpt = (text: string): string => (text.length > 160 ? `${text.slice(0, 159)}…` : text);

/** What an evidence message said, short: enough for a lead to recognise it before opening the conversation. */
function describe(event: ServerEvent): { type: string; from?: string; excerpt: string; at?: number } | undefined {
  const at = 'at' in event && typeof event.at === 'number' ? { at: event.at } : {};
  switch (event.type) {
    case 'text':
      return { type: 'text', from: event.from, excerpt: excerpt(event.text), ...at };
    case 'echo':
      return { type: 'echo', excerpt: excerpt(`${event.text} (${event.state})`), ...at };
    case 'choice':
      return { type: 'choice', excerpt: excerpt(`${event.prompt} ${event.options.map((o) => `[${o.label}]`).join(' ')}`), ...at };
    case 'recap':
      return {
        type: 'recap',
        excerpt: excerpt(`${event.understood} Next: ${event.nextStep.who} ${event.nextStep.what}${event.nextStep.when ? ` ${event.nextStep.when}` : ''}`),
        ...at,
      };
    case 'handoff':
      return { type: 'handoff', excerpt: excerpt(`${event.text} (${event.state})`), ...at };
    case 'csat':
      return { type: 'csat', excerpt: excerpt(`${event.prompt}${event.score === undefined ? '' : ` → ${String(event.score)}/5`}`), ...at };
    default:
      return undefined;
  }
}

interface Cached {
  seq: number;
  epoch: string;
  summary: ConversationSummary;
}

export interface MetricsOptions {
  store: ConversationStore;
  /** Summaries kept in memory (default 20,000, one report's worth: ~3 KB each, ~65 MB full; least recently used go first). */
  cacheSize?: number;
  /** Store reads in flight at once when a store has no `readMany` (default 8). */
  concurrency?: number;
  /** After a conversation closes in this process, summarise it this much later, off any request, so the next report finds it cached (ms, default 30 s: time for the rating to arrive). */
  warmAfterMs?: number;
}

export function createMetrics(options: MetricsOptions) {
  const { store } = options;
  const cacheSize = options.cacheSize ?? MAX_CONVERSATIONS;
  const concurrency = options.concurrency ?? 8;
  const cache = new Map<string, Cached>();
  const counts = { computed: 0, cached: 0 };

  const remember = (id: string, entry: Cached): void => {
    cache.delete(id);
    cache.set(id, entry);
    if (cache.size > cacheSize) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
  };
  const fresh = (meta: ConversationMeta): ConversationSummary | undefined => {
    const hit = cache.get(meta.id);
    if (hit?.seq !== meta.lastSeq || hit.epoch !== meta.epoch) return undefined;
    remember(meta.id, hit);
    return hit.summary;
  };
  const summarize = (meta: ConversationMeta, events: readonly ServerEvent[]): ConversationSummary => {
    const summary = summarizeConversation(events, { id: meta.id });
    counts.computed++;
    // Keyed by the seq of the log actually read: an append racing the read just means a recompute next time.
    remember(meta.id, { seq: events.at(-1)?.seq ?? 0, epoch: meta.epoch, summary });
    return summary;
  };

  /** The logs of `metas`, in one query where the store can (PostgreSQL), else a few reads at a time. */
  const logsOf = async (metas: readonly ConversationMeta[]): Promise<Map<string, ServerEvent[]>> => {
    if (store.readMany) return store.readMany(metas.map((m) => m.id));
    const logs = new Map<string, ServerEvent[]>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < metas.length) {
        const meta = metas[next++];
        if (!meta) return;
        try {
          logs.set(meta.id, await store.read(meta.id, 0));
        } catch {
          // Pruned between the listing and the read: it is simply not in the report.
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, metas.length) }, worker));
    return logs;
  };

  /** Conversations started in [from, to), oldest first, at most `limit`. */
  const startedBetween = async (from: number, to: number, limit: number): Promise<ConversationMeta[]> => {
    if (store.createdBetween) return store.createdBetween(from, to, limit);
    // A conversation is last updated no earlier than it started, so `updatedAt >= from` loses none.
    const found: ConversationMeta[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({ limit: 200, from, ...(cursor === undefined ? {} : { cursor }) });
      for (const meta of page.items) if (meta.createdAt >= from && meta.createdAt < to) found.push(meta);
      cursor = page.next;
    } while (cursor !== undefined);
    found.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    return found.slice(0, limit);
  };

  const warmAfterMs = options.warmAfterMs ?? 30_000;
  const warming = new Map<string, ReturnType<typeof setTimeout>>();
  const warm = async (id: string): Promise<void> => {
    warming.delete(id);
    const meta = await store.get(id);
    if (!meta || fresh(meta)) return;
    summarize(meta, await store.read(id, 0));
  };

  return {
    /**
     * Told of state changes by the conversation service: a closed conversation is summarised
     * in the background (one timer per conversation, at most 1,000 waiting), so a dashboard
     * opened later does not pay for it.
     */
    observer: {
      state(id: string, next: ConversationMeta['state']): void {
        if (next !== 'closed' || warming.has(id) || warming.size >= 1000) return;
        const timer = setTimeout(() => {
          warm(id).catch(() => {
            // Pruned or unreadable: the next report computes it, or leaves it out.
            warming.delete(id);
          });
        }, warmAfterMs);
        timer.unref();
        warming.set(id, timer);
      },
    },

    /** Stops pending background summaries (server shutdown). */
    close(): void {
      for (const timer of warming.values()) clearTimeout(timer);
      warming.clear();
    },

    /** How many summaries were computed and served from the cache since start. */
    counts: () => ({ ...counts, size: cache.size }),

    async report(from: number, to: number): Promise<MetricsReport> {
      const metas = await startedBetween(from, to, MAX_CONVERSATIONS + 1);
      const truncated = metas.length > MAX_CONVERSATIONS;
      if (truncated) metas.length = MAX_CONVERSATIONS;
      const stale = metas.filter((m) => !fresh(m));
      counts.cached += metas.length - stale.length;
      const logs = stale.length ? await logsOf(stale) : new Map<string, ServerEvent[]>();
      const rows: ConversationFigures[] = [];
      const summaries: ConversationSummary[] = [];
      for (const meta of metas) {
        const log = logs.get(meta.id);
        const summary = fresh(meta) ?? (log ? summarize(meta, log) : undefined);
        if (!summary) continue;
        summaries.push(summary);
        rows.push(figuresOf(meta, summary));
      }
      return { from, to, truncated, team: aggregateSummaries(summaries), conversations: rows };
    },

    /** One conversation's summary and what its evidence messages said. */
    conversation(meta: ConversationMeta, events: readonly ServerEvent[]): SummaryReport {
      const summary = fresh(meta) ?? summarize(meta, events);
      const wanted = new Set(CRITERIA.flatMap((c) => summary.scorecard[c].evidence));
      const evidence: SummaryReport['evidence'] = {};
      // The latest version of each message (an echo confirmed later, a rated CSAT).
      for (const event of events) {
        if (!('id' in event) || !wanted.has(event.id)) continue;
        const seen = describe(event);
        if (seen) evidence[event.id] = seen;
      }
      return { summary, evidence };
    },

    /** The summary of a conversation's log, from the cache when the log has not grown. */
    summaryOf(meta: ConversationMeta, events: readonly ServerEvent[]): ConversationSummary {
      return fresh(meta) ?? summarize(meta, events);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
