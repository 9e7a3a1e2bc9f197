import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { agentHeaders, startServer } from '../support.js';
import { createConversation } from '../../../core/src/conversation/index.js';
import { memoryStorage } from '../../../core/src/storage/index.js';
import type { Transport, TransportContext } from '../../../core/src/conversation.types.js';
import type { ServerEvent } from '@attune/core';
import type { Message } from '../../../core/src/types.js';
import { sleep, startFaultProxy } from './fault-proxy.js';
import { checkInvariants } from './invariants.js';
import { runSchedule, streamedTextIsWhole, type ScheduleResult } from './schedule.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe('the invariant checker catches what it must', () => {
  const text = (id: string, seq: number, from: 'customer' | 'agent' = 'customer'): ServerEvent => ({
    v: 1,
    seq,
    type: 'text',
    id,
    from,
    text: id,
    at: 1,
    status: 'sent',
  });
  const ack = (id: string, seq: number): ServerEvent => ({ v: 1, seq, type: 'ack', id });
  const shown = (e: ServerEvent): Message => {
    const { v: _v, type, ...rest } = e as ServerEvent & { id: string };
    return { ...rest, kind: type } as unknown as Message;
  };
  const log = [text('m1', 1), ack('m1', 2), text('a1', 3, 'agent'), text('m2', 4), ack('m2', 5)];

  test('a clean outcome has no violations', () => {
    assert.deepEqual(checkInvariants({ accepted: ['m1', 'm2'], serverLog: log, clientMessages: [log[0]!, log[2]!, log[3]!].map(shown) }), []);
  });
  test('lost, duplicated, reordered and unknown customer messages', () => {
    const lost = checkInvariants({ accepted: ['m1', 'm2', 'm3'], serverLog: log, clientMessages: [log[0]!, log[2]!, log[3]!].map(shown) });
    assert.ok(lost.some((v) => v.includes('lost accepted customer message m3')));
    const twice = checkInvariants({ accepted: ['m1', 'm2'], serverLog: [...log, text('m1', 6)], clientMessages: [log[0]!, log[2]!, log[3]!].map(shown) });
    assert.ok(twice.some((v) => v.includes('stored customer message m1 2 times')));
    const swapped = checkInvariants({ accepted: ['m2', 'm1'], serverLog: log, clientMessages: [log[3]!, log[0]!, log[2]!].map(shown) });
    assert.ok(swapped.some((v) => v.includes('order')));
  });
  test('a server message the client missed, saw twice, or saw at a stale version', () => {
    const missed = checkInvariants({ accepted: ['m1', 'm2'], serverLog: log, clientMessages: [log[0]!, log[3]!].map(shown) });
    assert.ok(missed.some((v) => v.includes('never got server message a1')));
    const twice = checkInvariants({ accepted: ['m1', 'm2'], serverLog: log, clientMessages: [log[0]!, log[2]!, log[2]!, log[3]!].map(shown) });
    assert.ok(twice.some((v) => v.includes('shows message a1 2 times')));
    const updated = [...log, { ...text('a1', 6, 'agent'), text: 'edited' } as ServerEvent];
    const stale = checkInvariants({ accepted: ['m1', 'm2'], serverLog: updated, clientMessages: [log[0]!, log[2]!, log[3]!].map(shown) });
    assert.ok(stale.some((v) => v.includes("the server's latest is seq 6")));
  });
  test('a streamed reply shown mangled, or still streaming after its final text', () => {
    const final = { ...text('a1', 6, 'agent'), text: 'w0 w1 w2 end.' } as ServerEvent;
    const withFinal = [...log, final];
    const mangled = { ...shown(final), text: 'w0 w1 w1 w2 end.' } as Message;
    assert.ok(
      checkInvariants({ accepted: ['m1', 'm2'], serverLog: withFinal, clientMessages: [shown(log[0]!), mangled, shown(log[3]!)] }).some((v) =>
        v.includes('the server stored'),
      ),
    );
    const open = { ...shown(final), streaming: true } as Message;
    assert.ok(
      checkInvariants({ accepted: ['m1', 'm2'], serverLog: withFinal, clientMessages: [shown(log[0]!), open, shown(log[3]!)] }).some((v) =>
        v.includes('still shows a1 streaming'),
      ),
    );
    assert.ok(streamedTextIsWhole('w0 w1 w2 end.'));
    for (const bad of ['w0 w1 w1 w2 end.', 'w0 w2 end.', 'w0 w1 w2', 'w0 w1 w2 end.end.']) assert.equal(streamedTextIsWhole(bad), false, bad);
  });
  test('a customer message left pending or failed', () => {
    const pending = { ...shown(log[3]!), status: 'pending' } as Message;
    const v = checkInvariants({ accepted: ['m1', 'm2'], serverLog: log, clientMessages: [shown(log[0]!), shown(log[2]!), pending] });
    assert.ok(v.some((x) => x.includes('m2 as pending')));
  });
});

test('the proxy really reorders, duplicates and cuts server events', async () => {
  const server = await startServer({ port: 0 });
  const proxy = await startFaultProxy({ target: server.url, random: () => 0 });
  after(async () => {
    await proxy.close();
    await server.close();
  });
  const { id, token } = (await (
    await fetch(`${server.url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  ).json()) as { id: string; token: string };
  for (let i = 0; i < 4; i++)
    await fetch(`${server.url}/agent/conversations/${id}/events`, { method: 'POST', headers: agentHeaders, body: JSON.stringify({ text: `a${i}` }) });
  // random() = 0: every event is reordered (held for one event) and duplicated.
  proxy.setEventFaults({ reorder: 1, duplicate: 1 });
  const res = await fetch(`${proxy.url}/conversations/${id}/stream?since=0`, { headers: { authorization: `Bearer ${token}` } });
  const reader = res.body!.getReader();
  let raw = '';
  const seqs = (): number[] => [...raw.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
  while (seqs().length < 6) raw += new TextDecoder().decode((await reader.read()).value);
  await reader.cancel();
  const got = seqs();
  assert.notDeepEqual(
    got,
    [...got].sort((a, b) => a - b),
    `reordered: ${got.join(',')}`,
  );
  assert.ok(new Set(got).size < got.length, `duplicated: ${got.join(',')}`);
  assert.ok(proxy.counters.reordered > 0 && proxy.counters.duplicated > 0);
});

test('an event overtaken just before a cut is replayed: reconnects resume from the last contiguous seq', async () => {
  // Regression: the client used to resume from the highest seq it had seen, so an event
  // that arrived after a later one (a reorder) and was then lost to a cut never came back.
  const sinces: number[] = [];
  let ctx: TransportContext | undefined;
  const transport: Transport = {
    connect(context) {
      ctx = context;
      sinces.push(context.lastSeq());
      context.status('open');
    },
    send: async () => {},
  };
  const storage = memoryStorage();
  const a = createConversation({ transport, storage, id: 'gap' });
  a.subscribe(() => {});
  await sleep(5);
  ctx!.receive({ v: 1, seq: 1, type: 'text', id: 'x1', from: 'agent', text: 'one', at: 1, status: 'sent' });
  ctx!.receive({ v: 1, seq: 3, type: 'text', id: 'x3', from: 'agent', text: 'three', at: 1, status: 'sent' });
  assert.equal(ctx!.lastSeq(), 1, 'seq 2 is missing: resume after 1');
  a.dispose();
  // A reload resumes from the stored contiguous seq too, and still applies the missed event once.
  const b = createConversation({ transport, storage, id: 'gap' });
  b.subscribe(() => {});
  await sleep(5);
  assert.equal(sinces.at(-1), 1);
  for (const seq of [2, 3]) ctx!.receive({ v: 1, seq, type: 'text', id: `x${seq}`, from: 'agent', text: seq === 2 ? 'two' : 'three', at: 1, status: 'sent' });
  assert.equal(ctx!.lastSeq(), 3);
  await sleep(5);
  assert.deepEqual(
    b.getSnapshot().messages.map((m) => m.id),
    ['x1', 'x2', 'x3'],
  );
  b.dispose();
});

test('a server message overtaken by a later one still lands before it, even past a pending local message', async () => {
  // Regression: the insert stopped at the first message without a seq (the customer's
  // pending message), so a reordered agent message showed after a later one.
  let ctx: TransportContext | undefined;
  const conversation = createConversation({
    transport: { connect: (context) => void (ctx = context), send: () => new Promise(() => {}) },
    id: 'order',
  });
  conversation.subscribe(() => {});
  await sleep(5);
  ctx!.receive({ v: 1, seq: 2, type: 'text', id: 'a2', from: 'agent', text: 'second', at: 1, status: 'sent' });
  const mine = conversation.send('typed while the first reply is late');
  ctx!.receive({ v: 1, seq: 1, type: 'text', id: 'a1', from: 'agent', text: 'first', at: 1, status: 'sent' });
  assert.deepEqual(
    conversation.getSnapshot().messages.map((m) => m.id),
    ['a1', 'a2', mine],
  );
  conversation.dispose();
});

describe('fault injection over the real server: 20 seeds × SSE and WebSocket', { concurrency: 4 }, () => {
  const results: ScheduleResult[] = [];
  for (const seed of SEEDS) {
    for (const transport of ['sse', 'websocket'] as const) {
      test(`seed ${seed} over ${transport}: nothing lost, nothing duplicated`, { timeout: 30_000 }, async () => {
        const result = await runSchedule({ seed, transport });
        results.push(result);
        assert.deepEqual(result.violations, [], `replay with: node scripts/soak.mjs --seed ${seed} --transport ${transport}`);
        assert.ok(result.customerMessages > 0);
      });
    }
  }
  after(() => {
    if (results.length < SEEDS.length * 2) return;
    // The schedule went through every failure it claims to test.
    const sum = (pick: (r: ScheduleResult) => number): number => results.reduce((n, r) => n + pick(r), 0);
    for (const [what, n] of [
      ['drops', sum((r) => r.faults.drops)],
      ['restarts', sum((r) => r.restarts)],
      ['reloads', sum((r) => r.reloads)],
      ['offline spells', sum((r) => r.offlineBlips)],
      ['delayed events', sum((r) => r.faults.delayed)],
      ['duplicated events', sum((r) => r.faults.duplicated)],
      ['reordered events', sum((r) => r.faults.reordered)],
      ['events cut mid-way', sum((r) => r.faults.cutMidEvent)],
      ['POSTs cut', sum((r) => r.faults.postsCutBefore + r.faults.postsCutAfter)],
      ['agent messages', sum((r) => r.agentMessages)],
      ['streamed replies', sum((r) => r.streamedReplies)],
    ] as const) {
      assert.ok(n > 0, `no ${what} in the CI schedule`);
    }
  });
});
