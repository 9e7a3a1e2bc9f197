// Server load benchmark, loopback only and bounded: N real server processes (`src/main.ts`)
// on one PostgreSQL behind a loopback TCP balancer.
//   npm run bench:server -- [--processes 1,2] [--clients 1000] [--messages 3000] [--concurrency 64]
// For each process count: 1,000 customer SSE streams held open, one console (agent) stream
// per busy conversation; customers POST messages as fast as `concurrency` allows. Reports
// customer messages/s end to end (POST → stored → acked), p50/p99 delivery latency from the
// POST to the console's stream (often on the other process), and server memory per idle
// conversation and per open stream (RSS deltas, so approximate).
import { readFileSync } from 'node:fs';
import { issueCustomerToken } from '../../packages/server/src/auth/tokens.js';
import { startCluster } from '../../packages/server/test/scale/harness.js';
import { readSseData } from '../../packages/server/test/scale/sse.js';
import { postgresUnavailable } from '../../packages/server/test/pg.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const processCounts = flag('--processes', '1,2').split(',').map(Number);
const clientCount = Number(flag('--clients', '1000'));
const messageCount = Number(flag('--messages', '3000'));
const concurrency = Number(flag('--concurrency', '64'));
const busy = 100; // conversations that get traffic, each watched by a console stream

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Holds an SSE stream open and calls `onData` per data event; each stream claims its own client address (X-Forwarded-For behind the balancer). */
function openStream(url: string, auth: string, address: string, onData: (data: string) => void): { ready: Promise<void>; close: () => void } {
  const controller = new AbortController();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  void (async () => {
    try {
      const res = await fetch(url, { headers: { authorization: `Bearer ${auth}`, 'x-forwarded-for': address }, signal: controller.signal });
      if (!res.ok || !res.body) throw new Error(`stream ${res.status}`);
      // The server writes a comment and the epoch first: the stream is up once the headers are in.
      markReady();
      await readSseData(res.body, onData);
    } catch (error) {
      if (!controller.signal.aborted) console.error('stream failed:', error instanceof Error ? error.message : error);
    } finally {
      markReady();
    }
  })();
  return { ready, close: () => controller.abort() };
}

async function run(processes: number): Promise<Record<string, number | string>> {
  const cluster = await startCluster(processes, { TRUST_PROXY: '1' });
  const base = cluster.balancer.url;
  const secret = Buffer.from(cluster.settings.secret, 'utf8');
  const pids = cluster.processes.map((p) => p.pid);
  const rss = (): number => pids.reduce((n, pid) => n + rssKb(pid), 0);
  try {
    const ids = Array.from({ length: clientCount }, (_, i) => `load-${processes}-${i}`);
    const rss0 = rss();
    for (let i = 0; i < ids.length; i += 100) await Promise.all(ids.slice(i, i + 100).map((id) => cluster.store.create(id, Date.now())));
    // Idle conversations live in the database; a process holds one only while it is used.
    const rssIdle = rss();
    const tokens = ids.map((id) => issueCustomerToken(secret, { conversationId: id }));
    const sent = new Map<string, number>();
    const latencies: number[] = [];
    const streams = ids.map((id, i) => openStream(`${base}/conversations/${id}/stream?since=0`, tokens[i] ?? '', `10.1.${i >> 8}.${i & 255}`, () => undefined));
    const consoles = ids.slice(0, busy).map((id, i) =>
      openStream(`${base}/agent/conversations/${id}/stream?since=0`, cluster.settings.apiKey, `10.2.0.${i}`, (data) => {
        const event = JSON.parse(data) as { type?: string; from?: string; id?: string };
        const at = event.type === 'text' && event.from === 'customer' && event.id ? sent.get(event.id) : undefined;
        if (at !== undefined) {
          latencies.push(performance.now() - at);
          sent.delete(event.id ?? '');
        }
      }),
    );
    await Promise.all([...streams, ...consoles].map((s) => s.ready));
    await sleep(500);
    const rssStreams = rss();

    let next = 0;
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        while (next < messageCount) {
          const n = next++;
          const c = n % busy;
          const id = `b${processes}-${n}`;
          sent.set(id, performance.now());
          const res = await fetch(`${base}/conversations/${ids[c] ?? ''}/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[c] ?? ''}`, 'x-forwarded-for': `10.3.0.${w}` },
            body: JSON.stringify({ v: 1, type: 'message', id, text: `load message ${n}` }),
          });
          await res.body?.cancel();
          if (!res.ok) failed++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const until = Date.now() + 10_000;
    while (latencies.length < messageCount - failed && Date.now() < until) await sleep(20);
    latencies.sort((a, b) => a - b);
    for (const s of [...streams, ...consoles]) s.close();
    return {
      processes,
      'messages/s': Math.round((messageCount - failed) / seconds),
      failed,
      'p50 ms': Number(percentile(latencies, 50).toFixed(1)),
      'p99 ms': Number(percentile(latencies, 99).toFixed(1)),
      delivered: latencies.length,
      'KB per idle conversation': Number(((rssIdle - rss0) / clientCount).toFixed(2)),
      'KB per open stream': Number(((rssStreams - rssIdle) / (clientCount + busy)).toFixed(1)),
    };
  } finally {
    await cluster.close();
  }
}

const unavailable = await postgresUnavailable();
if (unavailable) {
  console.error(unavailable);
  process.exit(1);
}
const rows = [];
for (const n of processCounts) rows.push(await run(n));
console.log(
  `\nserver load: ${clientCount} SSE clients, ${messageCount} messages at concurrency ${concurrency}, console streams on ${busy} conversations, PostgreSQL store + bus`,
);
console.table(rows);
