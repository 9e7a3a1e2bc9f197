import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { agentHeaders, serverIdOf, startServer, type TestServer as RunningServer } from '../support.js';
import type { ServerAgent } from '../../src/index.js';
import { createConversation } from '../../../core/src/conversation/index.js';
import { httpTransport, webSocketTransport, type WebSocketConstructor } from '../../../core/src/transport/index.js';
import { memoryStorage } from '../../../core/src/storage/index.js';
import type { Conversation, Transport } from '../../../core/src/conversation.types.js';
import type { TextMessage } from '../../../core/src/types.js';
import { seeded, sleep, startFaultProxy, type FaultCounters, type FaultProxy } from './fault-proxy.js';
import { checkInvariants } from './invariants.js';

export type TransportKind = 'sse' | 'websocket';

export interface ScheduleOptions {
  seed: number;
  transport: TransportKind;
  /** Steps in the schedule (default 40). */
  steps?: number;
  /** How long the healed system may take to settle before it counts as a violation (ms, default 15000). */
  settleMs?: number;
}

export interface ScheduleResult {
  seed: number;
  transport: TransportKind;
  customerMessages: number;
  agentMessages: number;
  /** Customer messages the server's agent answered with a streamed reply. */
  streamedReplies: number;
  restarts: number;
  reloads: number;
  offlineBlips: number;
  faults: FaultCounters;
  violations: string[];
  ms: number;
  /** Time spent in the schedule itself, and settling afterwards. */
  scheduleMs: number;
  settleMs: number;
}

const reconnect = { baseMs: 10, maxMs: 120 };

/**
 * The server's agent: a customer message ending in `(stream N)` gets a streamed reply of N
 * numbered words and a closing `end.`, a few ms apart, so restarts, drops and duplicated or
 * reordered deltas land in the middle of it. `streamedTextIsWhole` recognises a final text
 * that lost, repeated or mangled nothing.
 */
const streamingAgent: ServerAgent = (event, { signal }) => {
  const match = event.type === 'message' ? /\(stream (\d+)\)$/.exec(event.text) : null;
  if (!match) return [];
  const count = Number(match[1]);
  return [
    {
      name: 'Stream bot',
      stream: (async function* () {
        for (let i = 0; i < count && !signal.aborted; i++) {
          await sleep(i % 4 === 0 ? 2 : 0);
          yield `w${i} `;
        }
        yield 'end.';
      })(),
    },
  ];
};

/** `w0 w1 … w{n-1} end.`: every word once, in order. */
export const streamedTextIsWhole = (text: string): boolean => {
  const words = text.split(' ');
  return words.at(-1) === 'end.' && words.slice(0, -1).every((w, i) => w === `w${i}`);
};

function transportFor(kind: TransportKind, url: string): Transport {
  return kind === 'sse'
    ? httpTransport({ url, reconnect, sendTimeoutMs: 2000 })
    : webSocketTransport({ url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect });
}

/**
 * One seeded fault-injection run over the real reference server: a client (SSE or
 * WebSocket) talks through a fault-injecting proxy while the schedule sends customer
 * messages, posts agent replies, cuts connections, restarts the server, takes the
 * network down and reloads the client mid-send. Then the faults stop, the system
 * settles, and the invariants are checked. The same seed replays the same schedule
 * (network timing still varies).
 */
export async function runSchedule(options: ScheduleOptions): Promise<ScheduleResult> {
  const started = Date.now();
  const { seed, transport } = options;
  const steps = options.steps ?? 40;
  const random = seeded(seed * 2 + (transport === 'sse' ? 0 : 1));
  const dataDir = await mkdtemp(join(tmpdir(), 'attune-faults-'));
  const serverOptions = { port: 0, dataDir, heartbeatMs: 2000, agent: streamingAgent };
  let server: RunningServer = await startServer(serverOptions);
  const proxy: FaultProxy = await startFaultProxy({ target: server.url, random: seeded(seed ^ 0x5bd1e995) });
  const id = `faults-${transport}-${seed}`;
  const storage = memoryStorage();
  const accepted: string[] = [];
  const agentPosts: Promise<void>[] = [];
  let restarting: Promise<void> | undefined;
  let agentMessages = 0;
  let streamedReplies = 0;
  const streamedShown = new Map<string, string[]>();
  let restarts = 0;
  let reloads = 0;
  let offlineBlips = 0;
  const violations: string[] = [];
  let scheduleMs = 0;
  let settleMs_ = 0;

  // Each seed picks how hostile its network is.
  const pick = (max: number): number => random() * max;
  proxy.setEventFaults({ delay: pick(0.2), maxDelayMs: 40, duplicate: pick(0.2), reorder: pick(0.2), cutMidEvent: pick(0.04) });
  proxy.setPostFaults({ cutBefore: pick(0.08), cutAfter: pick(0.08) });

  const open = (): Conversation => {
    const conversation = createConversation({
      transport: transportFor(transport, proxy.url),
      storage,
      id,
      // Long enough that nothing fails here: a message that shows `failed` is a violation.
      retryWindowMs: 600_000,
      backoff: { baseMs: 10, maxMs: 150, ackTimeoutMs: 500 },
    });
    // What the reader saw of each streamed reply while it streamed: each must be a prefix
    // of the final text (a duplicated or reordered delta applied twice or out of place
    // would show a mangled text until the final text replaced it).
    conversation.subscribe(() => {
      for (const m of conversation.getSnapshot().messages) {
        if (m.kind !== 'text' || !m.streaming) continue;
        const seen = streamedShown.get(m.id) ?? [];
        if (seen.at(-1) !== m.text) seen.push(m.text);
        streamedShown.set(m.id, seen);
      }
    });
    return conversation;
  };

  /** The agent side: posts a reply straight to the server, retrying while it restarts. */
  const agentReply = (text: string): Promise<void> =>
    (async () => {
      for (let attempt = 0; attempt < 200; attempt++) {
        await restarting;
        try {
          const res = await fetch(`${server.url}/agent/conversations/${await serverIdOf(storage, id)}/events`, {
            method: 'POST',
            headers: agentHeaders,
            body: JSON.stringify({ type: 'text', text }),
          });
          if (res.ok) {
            agentMessages++;
            return;
          }
        } catch {
          // Restarting: try again.
        }
        await sleep(20);
      }
      violations.push(`agent reply "${text}" could not be posted`);
    })();

  let page = open();
  try {
    for (let step = 0; step < steps; step++) {
      const r = random();
      if (r < 0.55) {
        accepted.push(page.send(`s${seed} m${accepted.length} ${transport}`));
      } else if (r < 0.7) {
        agentPosts.push(agentReply(`s${seed} a${agentPosts.length}`));
      } else if (r < 0.78) {
        proxy.drop();
      } else if (r < 0.82) {
        restarts++;
        let done!: () => void;
        restarting = new Promise((resolve) => (done = resolve));
        await server.close();
        await sleep(Math.floor(random() * 80));
        server = await startServer(serverOptions);
        proxy.retarget(server.url);
        done();
      } else if (r < 0.9) {
        // A reload in the middle of sending: the page goes away right after `send`.
        reloads++;
        accepted.push(page.send(`s${seed} m${accepted.length} ${transport} (reload)`));
        if (random() < 0.5) await sleep(Math.floor(random() * 20));
        page.dispose();
        page = open();
      } else if (r < 0.93) {
        offlineBlips++;
        proxy.setOffline(true);
        await sleep(20 + Math.floor(random() * 120));
        proxy.setOffline(false);
      } else if (r < 0.98) {
        // A message the agent answers with a streamed reply (drops, restarts and the
        // per-event faults above then hit its deltas too).
        streamedReplies++;
        accepted.push(page.send(`s${seed} m${accepted.length} ${transport} (stream ${20 + Math.floor(random() * 180)})`));
      }
      if (random() < 0.5) await sleep(Math.floor(random() * 25));
    }

    // The schedule is over: no more drops, restarts or reloads, but the per-event faults
    // go on while the system settles; then they stop too, for a last quiet stretch.
    proxy.setOffline(false);
    await Promise.all(agentPosts);
    scheduleMs = Date.now() - started;
    const settled = async (): Promise<boolean> => {
      const messages = page.getSnapshot().messages;
      const customers = messages.filter((m): m is TextMessage => m.kind === 'text' && m.from === 'customer');
      if (customers.length !== accepted.length || customers.some((m) => m.status !== 'sent')) return false;
      const log = (await server.conversation(id, storage))?.events ?? [];
      // Every accepted message answered (acked: the agent's reply is stored or, streamed,
      // opened). A client shows its message `sent` as soon as the stored copy streams back,
      // which can be before the agent has answered.
      const acked = new Set(log.flatMap((e) => (e.type === 'ack' ? [e.id] : [])));
      if (accepted.some((messageId) => !acked.has(messageId))) return false;
      // Every streamed reply the server opened has ended (a loaded machine streams slowly).
      const open = new Set<string>();
      for (const e of log) if (e.type === 'text' && e.from === 'agent') e.status === 'streaming' ? open.add(e.id) : open.delete(e.id);
      if (open.size > 0) return false;
      const last = new Map<string, number>();
      for (const e of log) if ('id' in e && e.type !== 'ack' && e.type !== 'error') last.set(e.id, e.seq ?? 0);
      if (messages.some((m) => m.kind === 'text' && m.streaming)) return false;
      return [...last].every(([messageId, seq]) => messages.some((m) => m.id === messageId && m.seq === seq));
    };
    const settleMs = options.settleMs ?? 15_000;
    const faulty = Date.now() + settleMs / 3;
    while (!(await settled()) && Date.now() < faulty) await sleep(25);
    proxy.heal();
    const deadline = Date.now() + settleMs;
    while (!(await settled()) && Date.now() < deadline) await sleep(25);
    settleMs_ = Date.now() - started - scheduleMs;
    // A little longer, so a late duplicate would show up.
    await sleep(30);
    const record = await server.conversation(id, storage);
    const serverLog = record?.events ?? [];
    const found = checkInvariants({ accepted, serverLog, clientMessages: page.getSnapshot().messages });
    violations.push(...found);
    if (found.length > 0) {
      // Still a violation; this only says whether the system was stuck or slow (an
      // overloaded machine): does it settle within another 45 s?
      const late = Date.now() + 45_000;
      while (!(await settled()) && Date.now() < late) await sleep(100);
      const after = checkInvariants({
        accepted,
        serverLog: (await server.conversation(id, storage))?.events ?? [],
        clientMessages: page.getSnapshot().messages,
      });
      // First, so the soak's ten-line excerpt shows it.
      violations.unshift(
        after.length === 0
          ? `(diagnosis: everything arrived intact ${((Date.now() - late + 45_000) / 1000).toFixed(1)} s after the settle deadline — slow, not lost)`
          : `(diagnosis: still ${after.length} violation(s) 45 s after the settle deadline)`,
      );
    }
    // Streamed replies: one per streamed message, each stored whole (a restart mid-stream
    // finishes it during the graceful close; nothing was stopped).
    const finals = new Map<string, string>();
    for (const e of serverLog) if (e.type === 'text' && e.from === 'agent' && e.name === 'Stream bot' && e.status !== 'streaming') finals.set(e.id, e.text);
    const answered = serverLog.filter((e) => e.type === 'text' && e.from === 'customer' && /\(stream \d+\)$/.test(e.text)).length;
    if (finals.size !== answered) violations.push(`${answered} streamed messages stored, but ${finals.size} final streamed replies`);
    for (const [id, text] of finals)
      if (!streamedTextIsWhole(text)) violations.push(`streamed reply ${id} was stored mangled: ${JSON.stringify(text.slice(0, 120))}`);
    for (const [id, seen] of streamedShown) {
      const final = finals.get(id);
      const wrong = final === undefined ? undefined : seen.find((text) => !final.startsWith(text));
      if (wrong !== undefined) violations.push(`streamed reply ${id} showed ${JSON.stringify(wrong.slice(-80))} mid-stream, not a prefix of its final text`);
    }
  } catch (error) {
    violations.push(`run crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    page.dispose();
    await proxy.close().catch(() => {});
    await server.close().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }
  return {
    seed,
    transport,
    customerMessages: accepted.length,
    agentMessages,
    streamedReplies,
    restarts,
    reloads,
    offlineBlips,
    faults: { ...proxy.counters },
    violations,
    ms: Date.now() - started,
    scheduleMs,
    settleMs: settleMs_,
  };
}
