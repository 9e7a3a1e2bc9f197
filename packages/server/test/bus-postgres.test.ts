import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { channelFor, createPostgresBus, decode, splitText, type PostgresBus } from '../src/bus/postgres.js';
import type { BusMessage } from '../src/bus/types.js';
import { createPostgresStore, type PostgresStore } from '../src/store/postgres.js';
import { stored } from './store-contract.js';
import { DATABASE_URL, dropSchema, postgresUnavailable, uniqueSchema } from './pg.js';

const skip = await postgresUnavailable();
if (skip) console.log(`# ${skip}`);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('bus payloads (unit)', () => {
  test('decode accepts the four kinds and drops anything else', () => {
    assert.deepEqual(decode('{"t":"a","c":"x","s":3}'), { type: 'appended', conversationId: 'x', seq: 3 });
    assert.deepEqual(decode('{"t":"d","c":"x","i":"m","o":2,"x":"hi"}'), { type: 'delta', conversationId: 'x', id: 'm', offset: 2, text: 'hi' });
    assert.deepEqual(decode('{"t":"y","c":"x","on":true}'), { type: 'typing', conversationId: 'x', on: true });
    assert.deepEqual(decode('{"t":"s","c":"x","i":"m"}'), { type: 'stop', conversationId: 'x', id: 'm' });
    for (const bad of [
      undefined,
      '',
      'null',
      '[]',
      '{"t":"a","c":"x","s":-1}',
      '{"t":"a","c":"x","s":1.5}',
      '{"t":"a","c":"","s":1}',
      '{"t":"d","c":"x","i":"m","o":0}',
      '{"t":"q","c":"x"}',
      '{"t":"a","c":{"a":1},"s":1}',
      'x'.repeat(9000),
    ]) {
      assert.equal(decode(bad), undefined, String(bad));
    }
  });
  test('splitText never cuts a surrogate pair and keeps every unit', () => {
    const text = '😀'.repeat(700) + 'abc';
    const parts = splitText(text, 999);
    assert.equal(parts.join(''), text);
    for (const part of parts) {
      assert.ok(part.length <= 999);
      assert.ok(!/[\uD800-\uDBFF]$/.test(part), 'no high surrogate at the end of a piece');
    }
  });
});

describe('PostgreSQL bus (LISTEN/NOTIFY) against a real server', { skip: skip ?? false }, () => {
  const schema = uniqueSchema();
  const closers: (() => Promise<void>)[] = [];
  after(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await dropSchema(schema);
  });
  let store: PostgresStore;
  const bus = async (extra: Partial<Parameters<typeof createPostgresBus>[0]> = {}): Promise<PostgresBus> => {
    const b = await createPostgresBus({ connectionString: DATABASE_URL, schema, ...extra });
    closers.push(() => b.close());
    return b;
  };

  test('an append in one process wakes subscribers of that conversation in another, with {conversation, seq} only', async () => {
    store = await createPostgresStore({ connectionString: DATABASE_URL, schema });
    closers.push(() => store.close());
    const [a, b] = [await bus(), await bus()];
    const gotA: BusMessage[] = [];
    const gotB: BusMessage[] = [];
    const other: BusMessage[] = [];
    a.subscribe('c1', (m) => gotA.push(m));
    b.subscribe('c1', (m) => gotB.push(m));
    b.subscribe('c2', (m) => other.push(m));
    await store.create('c1', 1);
    for (let i = 1; i <= 3; i++)
      await store.append('c1', { event: stored({ type: 'text', id: `m${i}`, from: 'customer', text: 'x'.repeat(5000), at: 1 }), key: `c:m${i}` });
    await until(() => gotA.length === 3 && gotB.length === 3, 'three wake-ups on both processes');
    assert.deepEqual(
      gotB,
      [1, 2, 3].map((seq) => ({ type: 'appended', conversationId: 'c1', seq })),
    );
    assert.deepEqual(other, []);
    // A duplicate (retry) stores nothing, so it wakes nobody.
    await store.append('c1', { event: stored({ type: 'text', id: 'm1', from: 'customer', text: 'again', at: 1 }), key: 'c:m1' });
    await sleep(100);
    assert.equal(gotB.length, 3);
  });

  test('streamed deltas are merged: 200 tokens cost a handful of NOTIFYs, arrive whole and in order, and the stop comes after them', async () => {
    const [sender, receiver] = [await bus({ deltaWindowMs: 30 }), await bus()];
    const got: BusMessage[] = [];
    receiver.subscribe('s1', (m) => got.push(m));
    let text = '';
    for (let i = 0; i < 200; i++) {
      const token = `tok${i} `;
      await sender.publish({ type: 'delta', conversationId: 's1', id: 'r1', offset: text.length, text: token });
      text += token;
      if (i % 40 === 0) await sleep(15);
    }
    await sender.publish({ type: 'stop', conversationId: 's1', id: 'r1' });
    await until(() => got.some((m) => m.type === 'stop'), 'the stop');
    const deltas = got.filter((m): m is Extract<BusMessage, { type: 'delta' }> => m.type === 'delta');
    assert.ok(deltas.length < 20, `${deltas.length} NOTIFYs for 200 tokens`);
    let rebuilt = '';
    for (const d of deltas) {
      assert.equal(d.offset, rebuilt.length, 'contiguous offsets');
      rebuilt += d.text;
    }
    assert.equal(rebuilt, text);
    assert.equal(got.at(-1)?.type, 'stop');
  });

  test('one huge delta is split under the 8,000-byte NOTIFY limit and still adds up', async () => {
    const [sender, receiver] = [await bus({ deltaWindowMs: 5 }), await bus()];
    const got: Extract<BusMessage, { type: 'delta' }>[] = [];
    receiver.subscribe('s2', (m) => m.type === 'delta' && got.push(m));
    const big = '\u0001"é😀'.repeat(3000);
    await sender.publish({ type: 'delta', conversationId: 's2', id: 'r', offset: 10, text: big });
    await until(() => got.reduce((n, d) => n + d.text.length, 0) === big.length, 'every piece');
    assert.ok(got.length > 1);
    assert.equal(got.map((d) => d.text).join(''), big);
    assert.equal(got[0]?.offset, 10);
  });

  test('typing crosses processes; a hostile NOTIFY on the channel is ignored; a throwing handler does not starve others', async () => {
    const [sender, receiver] = [await bus(), await bus()];
    const got: BusMessage[] = [];
    receiver.subscribe('t1', () => {
      throw new Error('a broken subscriber');
    });
    receiver.subscribe('t1', (m) => got.push(m));
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    closers.push(() => client.end());
    for (const payload of ['not json', '{"t":"a","c":"t1","s":"1; DROP"}', '{"t":"y","c":"t1","on":"yes"}'])
      await client.query('SELECT pg_notify($1, $2)', [channelFor(schema), payload]);
    await sender.publish({ type: 'typing', conversationId: 't1', on: true });
    await until(() => got.length === 1, 'typing');
    assert.deepEqual(got, [{ type: 'typing', conversationId: 't1', on: true }]);
  });

  test('the listener reconnects after its connection is killed, and tells every subscriber to re-read', async () => {
    const events: string[] = [];
    const receiver = await bus({ reconnect: { min: 20, max: 200 }, onEvent: (e) => events.push(e.type) });
    const got: BusMessage[] = [];
    receiver.subscribe('r1', (m) => got.push(m));
    await store.create('r1', 1);
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    closers.push(() => admin.end());
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'attune-bus-listener' AND pid <> pg_backend_pid() AND query LIKE $1`,
      [`LISTEN "${channelFor(schema)}"`],
    );
    assert.ok((rows[0]?.n ?? 0) >= 1, 'killed the listener');
    await until(() => events.includes('reconnected'), 'the reconnect');
    assert.ok(events.includes('lost'));
    assert.ok(receiver.listening);
    assert.ok(
      got.some((m) => m.type === 'appended' && m.seq === 0),
      're-read wake-up after the reconnect',
    );
    await store.append('r1', { event: stored({ type: 'text', id: 'after', from: 'agent', text: 'still here', at: 1 }), key: 's:after' });
    await until(() => got.some((m) => m.type === 'appended' && m.seq === 1), 'live wake-ups again');
  });
});
