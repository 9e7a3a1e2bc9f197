// One seeded fault schedule against N server processes on one PostgreSQL, clients spread
// over them by a loopback balancer; one process is SIGKILLed and restarted mid-run.
// The clients speak the wire protocol directly (token, POST with retries by message id,
// SSE resumed from the last contiguous seq): what is checked is what the servers and the
// database guarantee, whatever client sits on top.
import type { ServerEvent } from '@attune/core';
import { seededRandom } from '@attune/core/testing';
import { issueCustomerToken } from '../../src/auth/tokens.js';
import type { PostgresStore } from '../../src/store/postgres.js';
import type { Balancer } from './balancer.js';
import { startProcess, type ClusterSettings, type ServerProcess } from './cluster.js';
import { readSseData } from './sse.js';

export interface Cluster {
  settings: ClusterSettings;
  balancer: Balancer;
  processes: ServerProcess[];
  /** Restarts in progress (a killed process coming back). */
  restarting: Set<Promise<void>>;
  store: PostgresStore;
}

export interface ScaleResult {
  seed: number;
  conversations: number;
  customerMessages: number;
  agentMessages: number;
  kills: number;
  drops: number;
  violations: string[];
  ms: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Kills slot `index` with SIGKILL and starts a replacement after `downMs`; the balancer skips
 * it meanwhile. One process down at a time: false (nothing done) while a restart is under way.
 */
export function killAndRestart(cluster: Cluster, index: number, downMs: number): boolean {
  if (cluster.restarting.size > 0) return false;
  const task = (async () => {
    const victim = cluster.processes[index];
    if (!victim) return;
    await victim.kill();
    await sleep(downMs);
    // On a machine this loaded a start can miss its 30 s deadline: try again rather than
    // leave the slot down for every later seed (the failure is still reported).
    let failure: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const next = await startProcess(cluster.settings);
        cluster.processes[index] = next;
        cluster.balancer.setBackend(index, next.url);
        if (attempt > 0) console.error(`scale soak: a restart needed ${attempt + 1} attempts (${String(failure)})`);
        return;
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  })();
  cluster.restarting.add(task);
  // The run awaits `task` itself (and reports its failure); this chain must not raise an unhandled rejection.
  task.finally(() => cluster.restarting.delete(task)).catch(() => undefined);
  return true;
}

/** An SSE reader that resumes from its last contiguous seq, through the balancer, forever. */
class Follower {
  readonly events = new Map<number, ServerEvent>();
  contiguous = 0;
  private controller: AbortController | undefined;
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly base: string,
    private readonly path: string,
    private readonly auth: string,
  ) {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.controller = new AbortController();
      try {
        const res = await fetch(`${this.base}${this.path}?since=${this.contiguous}`, {
          headers: { authorization: `Bearer ${this.auth}` },
          signal: this.controller.signal,
        });
        if (res.ok && res.body) await readSseData(res.body, (data) => this.receive(JSON.parse(data) as ServerEvent));
        else await res.body?.cancel();
      } catch {
        // cut, refused, killed: reconnect below
      }
      if (!this.stopped) await sleep(10 + Math.random() * 60);
    }
  }

  private receive(event: ServerEvent): void {
    if (typeof event.seq !== 'number') return;
    this.events.set(event.seq, event);
    while (this.events.has(this.contiguous + 1)) this.contiguous++;
  }

  drop(): void {
    this.controller?.abort();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.controller?.abort();
    await this.loop;
  }
}

interface Client {
  id: string;
  token: string;
  accepted: string[];
  outbox: { id: string; text: string }[];
  sending: Promise<void> | undefined;
  customer: Follower;
  agent: Follower;
  agentTexts: string[];
}

/** POSTs until the server answers 2xx (retrying cuts, kills and 429s); other 4xx are violations. */
async function postUntilOk(url: string, init: RequestInit, violations: string[], what: string, deadline: number): Promise<void> {
  let delay = 10;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
      if (res.ok) {
        await res.body?.cancel();
        return;
      }
      const body = await res.text();
      if (res.status !== 429 && res.status < 500) {
        violations.push(`${what}: refused with ${res.status} ${body.slice(0, 200)}`);
        return;
      }
    } catch {
      // connection cut or refused: retry
    }
    await sleep(delay);
    delay = Math.min(200, delay * 2);
  }
  violations.push(`${what}: never accepted`);
}

export async function runScaleSchedule(cluster: Cluster, seed: number, steps = 30): Promise<ScaleResult> {
  const started = Date.now();
  const random = seededRandom(seed);
  const violations: string[] = [];
  const base = cluster.balancer.url;
  const { apiKey, secret } = cluster.settings;
  const clients: Client[] = [];
  const agentPosts: Promise<void>[] = [];
  const deadline = (): number => Date.now() + 30_000;
  let kills = 0;
  let drops = 0;
  const killAt = 5 + Math.floor(random() * (steps - 10));

  for (let c = 0; c < 3; c++) {
    const id = `soak-${seed}-${c}-${started.toString(36)}`;
    await cluster.store.create(id, Date.now());
    const token = issueCustomerToken(Buffer.from(secret, 'utf8'), { conversationId: id });
    clients.push({
      id,
      token,
      accepted: [],
      outbox: [],
      sending: undefined,
      customer: new Follower(base, `/conversations/${id}/stream`, token),
      agent: new Follower(base, `/agent/conversations/${id}/stream`, apiKey),
      agentTexts: [],
    });
  }

  // One message at a time per client, in order, each retried under its id until stored.
  const pump = (client: Client): void => {
    client.sending ??= (async () => {
      for (let next = client.outbox[0]; next; next = client.outbox[0]) {
        await postUntilOk(
          `${base}/conversations/${client.id}/events`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
            body: JSON.stringify({ v: 1, type: 'message', id: next.id, text: next.text }),
          },
          violations,
          `customer message ${next.id}`,
          deadline(),
        );
        client.outbox.shift();
      }
      client.sending = undefined;
    })();
  };

  try {
    for (let step = 0; step < steps; step++) {
      const client = clients[Math.floor(random() * clients.length)];
      if (!client) continue;
      const r = random();
      if (step >= killAt && kills === 0) {
        // The one guaranteed SIGKILL of the seed (delayed while an earlier restart finishes).
        if (killAndRestart(cluster, Math.floor(random() * cluster.processes.length), 50 + Math.floor(random() * 400))) kills++;
      } else if (r < 0.03) {
        if (killAndRestart(cluster, Math.floor(random() * cluster.processes.length), 50 + Math.floor(random() * 400))) kills++;
      } else if (r < 0.6) {
        const id = `m${client.accepted.length}-s${seed}`;
        client.accepted.push(id);
        client.outbox.push({ id, text: `seed ${seed} ${id}` });
        pump(client);
      } else if (r < 0.8) {
        const text = `seed ${seed} agent ${client.agentTexts.length} in ${client.id}`;
        client.agentTexts.push(text);
        const key = `k${seed}-${client.agentTexts.length}-${started.toString(36)}`;
        agentPosts.push(
          postUntilOk(
            `${base}/agent/conversations/${client.id}/events`,
            {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, 'idempotency-key': key },
              body: JSON.stringify({ type: 'text', text }),
            },
            violations,
            `agent reply "${text}"`,
            deadline(),
          ),
        );
      } else if (r < 0.88) {
        drops++;
        for (const c of clients) (random() < 0.5 ? c.customer : c.agent).drop();
      }
      await sleep(Math.floor(random() * 40));
    }

    await Promise.all([...agentPosts, ...clients.map((c) => c.sending), ...cluster.restarting]);
    // Settle: every follower has the whole log.
    const settleUntil = Date.now() + 20_000;
    const logs = new Map<string, ServerEvent[]>();
    for (;;) {
      for (const c of clients) logs.set(c.id, await cluster.store.read(c.id, 0));
      const done = clients.every((c) => {
        const n = logs.get(c.id)?.length ?? 0;
        return c.customer.contiguous === n && c.agent.contiguous === n;
      });
      if (done || Date.now() > settleUntil) break;
      await sleep(50);
    }
    await sleep(100); // a late duplicate delivery would show up now

    for (const c of clients) {
      const log = logs.get(c.id) ?? [];
      const tag = `${c.id}:`;
      log.forEach((e, i) => {
        if (e.seq !== i + 1) violations.push(`${tag} gap or disorder at position ${i}: seq ${String(e.seq)}`);
      });
      const texts = log.filter((e): e is Extract<ServerEvent, { type: 'text' }> => e.type === 'text');
      for (const id of c.accepted) {
        const n = texts.filter((e) => e.from === 'customer' && e.id === id).length;
        if (n === 0) violations.push(`${tag} lost accepted customer message ${id}`);
        if (n > 1) violations.push(`${tag} stored customer message ${id} ${n} times`);
      }
      const order = texts.filter((e) => e.from === 'customer').map((e) => e.id);
      if (order.join() !== c.accepted.join()) violations.push(`${tag} customer messages out of order: ${order.join()} vs ${c.accepted.join()}`);
      for (const text of c.agentTexts) {
        const n = texts.filter((e) => e.from === 'agent' && e.text === text).length;
        if (n !== 1) violations.push(`${tag} agent reply "${text}" stored ${n} times`);
      }
      for (const [who, follower] of [
        ['customer', c.customer],
        ['console', c.agent],
      ] as const) {
        if (follower.contiguous !== log.length || follower.events.size !== log.length) {
          violations.push(`${tag} ${who} stream has ${follower.contiguous} contiguous / ${follower.events.size} events of ${log.length}`);
        }
        for (const e of log) {
          if (JSON.stringify(follower.events.get(e.seq ?? 0)) !== JSON.stringify(e)) {
            violations.push(`${tag} ${who} saw a different event at seq ${String(e.seq)}`);
            break;
          }
        }
      }
    }
  } catch (error) {
    violations.push(`run crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await Promise.all(clients.flatMap((c) => [c.customer.stop(), c.agent.stop()]));
  }
  return {
    seed,
    conversations: clients.length,
    customerMessages: clients.reduce((n, c) => n + c.accepted.length, 0),
    agentMessages: clients.reduce((n, c) => n + c.agentTexts.length, 0),
    kills,
    drops,
    violations,
    ms: Date.now() - started,
  };
}
