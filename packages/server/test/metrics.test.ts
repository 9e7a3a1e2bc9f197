// GET /agent/metrics and GET /agent/conversations/:id/summary over the real server: the
// team figures are core's aggregateSummaries over the conversations started in the range
// (recomputed here from the stored logs), the date filter, coded 400s, the summary cache,
// the CSV export (re-imported to the same figures), and PostgreSQL's SQL path giving the
// same report as the generic one.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregateSummaries, summarizeConversation, type AggregateSummary } from '@attune/core/metrics';
import { createMetrics, CSV_COLUMNS, parseRange, type ConversationFigures, type MetricsReport } from '../src/metrics.js';
import { fileStore } from '../src/store/file.js';
import { memoryStore } from '../src/store/memory.js';
import { createPostgresStore } from '../src/store/postgres.js';
import type { ConversationStore } from '../src/store/types.js';
import { figuresFromCsv, figuresFromTeam, parseCsv } from './metrics-csv.js';
import { seedConversations } from './metrics-seed.js';
import { DATABASE_URL, dropSchema, postgresUnavailable, uniqueSchema } from './pg.js';
import { agentHeaders, startServer } from './support.js';

const DAY = 24 * 3600_000;
const FROM = Date.parse('2026-11-01T00:00:00Z');
const SEED = { count: 60, from: FROM, days: 20, seed: 7 };

/** What the team figures must be: core's functions over the logs of conversations started in [from, to). */
async function expected(store: ConversationStore, ids: readonly string[], from: number, to: number): Promise<AggregateSummary> {
  const summaries = [];
  for (const id of ids) {
    const meta = await store.get(id);
    if (!meta || meta.createdAt < from || meta.createdAt >= to) continue;
    summaries.push(summarizeConversation(await store.read(id, 0), { id }));
  }
  return aggregateSummaries(summaries);
}

describe('GET /agent/metrics over the memory store', async () => {
  const store = memoryStore();
  const ids = await seedConversations(store, SEED);
  const server = await startServer({ port: 0, store });
  after(() => server.close());
  const get = (path: string, headers: Record<string, string> = agentHeaders): Promise<Response> => fetch(`${server.url}${path}`, { headers });

  test('needs the agent login', async () => {
    const res = await get('/agent/metrics', {});
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'auth/login-required');
    assert.equal((await get(`/agent/conversations/${ids[0] ?? ''}/summary`, {})).status, 401);
  });

  test('team figures are aggregateSummaries over the conversations started in the range; the rows are theirs', async () => {
    const from = FROM + 5 * DAY;
    const to = FROM + 12 * DAY;
    const res = await get(`/agent/metrics?from=${from}&to=${to}`);
    assert.equal(res.status, 200);
    const report = (await res.json()) as MetricsReport;
    const want = await expected(store, ids, from, to);
    assert.ok(want.conversations > 10 && want.conversations < SEED.count, `a strict subset is in range (${want.conversations})`);
    assert.deepEqual(report.team, JSON.parse(JSON.stringify(want)));
    assert.equal(report.conversations.length, want.conversations);
    assert.ok(report.conversations.every((r) => r.createdAt >= from && r.createdAt < to));
    assert.equal(report.truncated, false);
    // The seed has every kind of conversation the page charts.
    assert.ok(report.team.rates.handoffTaken.count > 0 && report.team.csat.count > 0 && report.team.rates.echoConfirmed.of > 0);
  });

  test('dates: a date-only `to` includes that day (UTC); ISO date-times and epoch ms work', async () => {
    const byDate = (await (await get('/agent/metrics?from=2026-11-03&to=2026-11-04')).json()) as MetricsReport;
    assert.equal(byDate.from, Date.parse('2026-11-03T00:00:00Z'));
    assert.equal(byDate.to, Date.parse('2026-11-05T00:00:00Z'));
    const byMs = (await (await get(`/agent/metrics?from=${byDate.from}&to=${byDate.to}`)).json()) as MetricsReport;
    const byIso = (await (await get('/agent/metrics?from=2026-11-03T00:00:00Z&to=2026-11-05T00:00:00.000Z')).json()) as MetricsReport;
    assert.deepEqual(byMs, byDate);
    assert.deepEqual(byIso, byDate);
    assert.equal(byDate.conversations.length, (await expected(store, ids, byDate.from, byDate.to)).conversations);
  });

  test('bad query parameters get coded 400s', async () => {
    for (const [query, code] of [
      ['from=yesterday', 'metrics/range'],
      ['from=2026-13-45', 'metrics/range'],
      ['from=2026-11-10&to=2026-11-01', 'metrics/range'],
      ['from=2020-01-01&to=2026-01-01', 'metrics/range'],
      ['from=1&from=2', 'metrics/range'],
      ['format=xml', 'metrics/format'],
    ] as const) {
      const res = await get(`/agent/metrics?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, code, query);
    }
    assert.equal((await get('/agent/conversations/bad%20id/summary')).status, 400);
    assert.equal((await get('/agent/conversations/nope/summary')).status, 404);
  });

  test('a conversation summary: the scorecard with evidence ids, and what each evidence message said', async () => {
    const id = ids[3] ?? '';
    const res = await get(`/agent/conversations/${id}/summary`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      summary: { id: string; scorecard: Record<string, { result: string; evidence: string[] }> };
      evidence: Record<string, { type: string; excerpt: string }>;
    };
    assert.deepEqual(body.summary, JSON.parse(JSON.stringify(summarizeConversation(await store.read(id, 0), { id }))));
    const evidence = Object.values(body.summary.scorecard).flatMap((c) => c.evidence);
    assert.ok(evidence.length > 0);
    for (const messageId of evidence) assert.ok(body.evidence[messageId]?.excerpt, `evidence ${messageId} is described`);
  });

  test('CSV export: a download, one row per conversation, customer text cannot become a formula, and it re-imports to the same figures', async () => {
    const res = await get(`/agent/metrics?from=${FROM}&to=${FROM + 30 * DAY}&format=csv`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="attune-metrics-2026-11-01-to-2026-11-30\.csv"$/);
    const text = await res.text();
    assert.ok(text.startsWith(`${CSV_COLUMNS.join(',')}\r\n`));
    const rows = parseCsv(text);
    const json = (await (await get(`/agent/metrics?from=${FROM}&to=${FROM + 30 * DAY}&format=json`)).json()) as MetricsReport;
    assert.equal(rows.length, SEED.count);
    assert.deepEqual(figuresFromCsv(rows), JSON.parse(JSON.stringify(figuresFromTeam(json.team))));
    assert.deepEqual(
      rows.map((r) => r.id),
      json.conversations.map((r) => r.id),
    );
  });

  test('CSV cells: formulas defused, quotes and commas quoted', async () => {
    const hostile = memoryStore();
    await hostile.create('evil', FROM);
    await hostile.append('evil', {
      event: { type: 'text', id: 'x', from: 'customer', text: '=HYPERLINK("http://x.example","click, me")', at: FROM, status: 'sent' } as never,
    });
    const metrics = createMetrics({ store: hostile });
    const { toCsv } = await import('../src/metrics.js');
    const csv = toCsv((await metrics.report(FROM, FROM + DAY)).conversations);
    const [row] = parseCsv(csv);
    assert.equal(row?.firstWords, `'=HYPERLINK("http://x.example","click, me")`);
  });
});

describe('the summary cache', () => {
  test('a second report reads no log; one new event recomputes only that conversation', async () => {
    const store = memoryStore();
    const ids = await seedConversations(store, { ...SEED, count: 30 });
    let reads = 0;
    const counted: ConversationStore = {
      ...store,
      read: (id, since, limit) => (reads++, store.read(id, since, limit)),
      list: (q) => store.list(q),
      get: (id) => store.get(id),
    };
    const metrics = createMetrics({ store: counted });
    const first = await metrics.report(FROM, FROM + 30 * DAY);
    assert.equal(reads, 30);
    assert.deepEqual(metrics.counts(), { computed: 30, cached: 0, size: 30 });
    const again = await metrics.report(FROM, FROM + 30 * DAY);
    assert.equal(reads, 30, 'nothing re-read');
    assert.deepEqual(again, first);
    const id = ids[4] ?? '';
    await store.append(id, {
      event: { type: 'text', id: 'late', from: 'customer', text: 'One more thing: thank you!', at: FROM + 40 * DAY, status: 'sent' } as never,
    });
    const third = await metrics.report(FROM, FROM + 30 * DAY);
    assert.equal(reads, 31);
    assert.equal(metrics.counts().computed, 31);
    assert.equal(third.conversations.find((r) => r.id === id)?.customerMessages, (first.conversations.find((r) => r.id === id)?.customerMessages ?? 0) + 1);
  });

  test('a conversation closed in this process is summarised in the background; the next report finds it cached', async () => {
    const store = memoryStore();
    const ids = await seedConversations(store, { ...SEED, count: 5 });
    const metrics = createMetrics({ store, warmAfterMs: 10 });
    const closed = ids[2] ?? '';
    metrics.observer.state(closed, 'closed');
    metrics.observer.state(ids[3] ?? '', 'open');
    const deadline = Date.now() + 5000;
    while (metrics.counts().computed === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(metrics.counts(), { computed: 1, cached: 0, size: 1 });
    await metrics.report(FROM, FROM + 30 * DAY);
    assert.deepEqual(metrics.counts(), { computed: 5, cached: 1, size: 5 }, 'the warmed one was not computed again');
    metrics.close();
  });

  test('1,000 conversations: the first report and a cached one (timed; loaded machine)', async () => {
    const store = memoryStore();
    await seedConversations(store, { count: 1000, from: FROM, days: 30 });
    const metrics = createMetrics({ store });
    let t = performance.now();
    const report = await metrics.report(FROM, FROM + 30 * DAY);
    const cold = performance.now() - t;
    t = performance.now();
    await metrics.report(FROM, FROM + 30 * DAY);
    const warm = performance.now() - t;
    console.log(`# metrics over 1,000 conversations: first ${cold.toFixed(0)} ms, cached ${warm.toFixed(0)} ms`);
    assert.equal(report.conversations.length, 1000);
    assert.ok(warm < cold, 'the cache makes the second report cheaper');
  });
});

test('parseRange defaults to the last 30 days', () => {
  const now = Date.parse('2026-12-04T12:00:00Z');
  assert.deepEqual(parseRange({}, now), { from: now - 30 * DAY, to: now });
});

/** The same seed in two stores must give the same report (the generic path vs the store's own). */
async function sameReport(a: ConversationStore, b: ConversationStore): Promise<void> {
  await seedConversations(a, { ...SEED, concurrency: 4 });
  await seedConversations(b, { ...SEED, concurrency: 4 });
  for (const [from, to] of [
    [FROM, FROM + 30 * DAY],
    [FROM + 3 * DAY, FROM + 9 * DAY],
  ] as const) {
    const ra = await createMetrics({ store: a }).report(from, to);
    const rb = await createMetrics({ store: b }).report(from, to);
    const strip = (r: MetricsReport): unknown => ({ ...r, conversations: r.conversations.map(({ state: _s, ...row }: ConversationFigures) => row) });
    assert.deepEqual(strip(rb), strip(ra));
  }
}

test('a store with only the required methods (metrics page through list) gives the same report', async () => {
  const { createdBetween: _own, ...plain } = memoryStore();
  assert.equal(typeof _own, 'function');
  await sameReport(memoryStore(), plain);
});

test('the file store gives the same report as the memory store', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'attune-metrics-'));
  const store = await fileStore(dir);
  try {
    await sameReport(memoryStore(), store);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});

const skip = await postgresUnavailable();
describe('PostgreSQL: the range and the logs come from SQL', { skip: skip ?? false }, () => {
  test('createdBetween and readMany give the same report as the generic path', async () => {
    const schema = uniqueSchema();
    const store = await createPostgresStore({ connectionString: DATABASE_URL, schema, max: 4 });
    try {
      assert.equal(typeof store.createdBetween, 'function');
      await sameReport(memoryStore(), store);
      // Bounds: from is inclusive, to exclusive, oldest first.
      const all = await store.createdBetween?.(FROM, FROM + 30 * DAY, 1000);
      assert.equal(all?.length, SEED.count);
      const first = all?.[0];
      assert.ok(first);
      assert.deepEqual(
        (await store.createdBetween?.(first.createdAt, first.createdAt + 1, 10))?.map((m) => m.id),
        [first.id],
      );
      assert.deepEqual(await store.createdBetween?.(FROM, first.createdAt, 10), []);
      const logs = await store.readMany?.([first.id, 'missing']);
      assert.deepEqual(logs?.get(first.id), await store.read(first.id, 0));
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });

  test('over HTTP against PostgreSQL', async () => {
    const schema = uniqueSchema();
    const store = await createPostgresStore({ connectionString: DATABASE_URL, schema, max: 4 });
    const ids = await seedConversations(store, { ...SEED, count: 20, concurrency: 4 });
    const server = await startServer({ port: 0, store });
    try {
      const report = (await (await fetch(`${server.url}/agent/metrics?from=2026-11-01&to=2026-11-30`, { headers: agentHeaders })).json()) as MetricsReport;
      assert.deepEqual(report.team, JSON.parse(JSON.stringify(await expected(store, ids, report.from, report.to))));
      const summary = await fetch(`${server.url}/agent/conversations/${ids[0] ?? ''}/summary`, { headers: agentHeaders });
      assert.equal(summary.status, 200);
    } finally {
      await server.close();
      await store.close();
      await dropSchema(schema);
    }
  });
});
