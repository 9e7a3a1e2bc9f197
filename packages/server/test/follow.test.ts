import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerEvent } from '@attune/core';
import { followConversation } from '../src/bus/subscription.js';
import { createPostgresBus } from '../src/bus/postgres.js';
import type { Bus, BusMessage } from '../src/bus/types.js';
import { createPostgresStore } from '../src/store/postgres.js';
import type { ConversationStore } from '../src/store/types.js';
import { stored } from './store-contract.js';
import { DATABASE_URL, dropSchema, postgresUnavailable, uniqueSchema } from './pg.js';

const skip = await postgresUnavailable();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const ev = (seq: number): ServerEvent => ({ v: 1, seq, type: 'text', id: `m${seq}`, from: 'agent', text: `t${seq}`, at: 1, status: 'sent' });

/** An in-process bus and a log whose reads the test releases by hand: logic only. */
function fakes(): { bus: Bus & { sent: (m: BusMessage) => void }; store: ConversationStore; log: ServerEvent[]; release: () => void; reads: number[] } {
  const handlers = new Set<(m: BusMessage) => void>();
  const log: ServerEvent[] = [];
  const reads: number[] = [];
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  const hold = (): void => {
    gate = new Promise((resolve) => (open = resolve));
  };
  hold();
  const bus = {
    publish: async (m: BusMessage) => {
      for (const h of handlers) h(m);
    },
    subscribe: (_id: string, h: (m: BusMessage) => void) => {
      handlers.add(h);
      return () => handlers.delete(h);
    },
    close: async () => {},
    sent: (m: BusMessage) => {
      for (const h of handlers) h(m);
    },
  };
  const store = {
    read: async (_id: string, since: number, limit?: number) => {
      reads.push(since);
      const snapshot = log.filter((e) => (e.seq ?? 0) > since).slice(0, limit);
      await gate;
      return snapshot;
    },
  } as unknown as ConversationStore;
  return {
    bus,
    store,
    log,
    reads,
    release: () => {
      open();
      hold();
    },
  };
}

describe('followConversation: subscribe, then replay, dedupe by seq', () => {
  test('an event stored while the replay read is in flight is delivered (its wake-up is not lost)', async () => {
    const f = fakes();
    f.log.push(ev(1), ev(2));
    const got: number[] = [];
    const follower = followConversation({ store: f.store, bus: f.bus, conversationId: 'c', since: 0, onEvent: (e) => got.push(e.seq ?? 0) });
    await sleep(5);
    // The replay has read its snapshot (1, 2) and waits; meanwhile seq 3 is stored and announced.
    f.log.push(ev(3));
    f.bus.sent({ type: 'appended', conversationId: 'c', seq: 3 });
    f.release();
    await sleep(5);
    f.release();
    await follower.replayed;
    await sleep(5);
    assert.deepEqual(got, [1, 2, 3]);
    follower.close();
  });

  test('stale, duplicated and early wake-ups never deliver an event twice or out of order', async () => {
    const f = fakes();
    f.log.push(ev(1), ev(2), ev(3));
    const got: number[] = [];
    const follower = followConversation({ store: f.store, bus: f.bus, conversationId: 'c', since: 1, onEvent: (e) => got.push(e.seq ?? 0) });
    for (const seq of [2, 3, 3, 1, 0]) f.bus.sent({ type: 'appended', conversationId: 'c', seq });
    for (let i = 0; i < 5; i++) {
      f.release();
      await sleep(2);
    }
    assert.deepEqual(got, [2, 3]);
    assert.equal(follower.cursor, 3);
    follower.close();
  });

  test('transient messages pass through; a failed read is retried', async () => {
    let fail = true;
    const f = fakes();
    f.release = () => undefined;
    const store = {
      read: async () => {
        if (fail) {
          fail = false;
          throw new Error('database restarting');
        }
        return [ev(1)];
      },
    } as unknown as ConversationStore;
    const got: number[] = [];
    const transient: BusMessage[] = [];
    const errors: unknown[] = [];
    const follower = followConversation({ store, bus: f.bus, conversationId: 'c', since: 0, retryMs: 10, onEvent: (e) => got.push(e.seq ?? 0), onTransient: (m) => transient.push(m), onError: (e) => errors.push(e) });
    f.bus.sent({ type: 'typing', conversationId: 'c', on: true });
    await sleep(50);
    assert.equal(errors.length, 1);
    assert.deepEqual(got, [1]);
    assert.deepEqual(transient, [{ type: 'typing', conversationId: 'c', on: true }]);
    follower.close();
  });
});

describe('followConversation over PostgreSQL: two processes, one writing while the other joins', { skip: skip ?? false }, () => {
  const schema = uniqueSchema();
  after(() => dropSchema(schema));

  test('a follower that joins mid-stream gets every event exactly once, in order', async () => {
    const writer = await createPostgresStore({ connectionString: DATABASE_URL, schema });
    const reader = await createPostgresStore({ connectionString: DATABASE_URL, schema });
    const bus = await createPostgresBus({ connectionString: DATABASE_URL, schema });
    try {
      await writer.create('live', 1);
      const total = 300;
      const writing = (async () => {
        for (let i = 0; i < total; i += 3) {
          await Promise.all([0, 1, 2].map((k) => writer.append('live', { event: stored({ type: 'text', id: `m${i + k}`, from: 'agent', text: 'x', at: 1 }), key: `s:m${i + k}` })));
        }
      })();
      const got: number[] = [];
      await sleep(30);
      const follower = followConversation({ store: reader, bus, conversationId: 'live', since: 0, batch: 16, onEvent: (e) => got.push(e.seq ?? 0) });
      await writing;
      const end = Date.now() + 5000;
      while (got.length < total && Date.now() < end) await sleep(10);
      follower.close();
      assert.deepEqual(got, Array.from({ length: total }, (_, i) => i + 1));
    } finally {
      await Promise.all([writer.close(), reader.close(), bus.close()]);
    }
  });
});
