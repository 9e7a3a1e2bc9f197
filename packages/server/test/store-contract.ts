// The ConversationStore conformance suite: every store (memory, file, PostgreSQL) runs the
// same tests, so the server can rely on the interface and not on one implementation.
//   storeContract('memory', async () => ({ store: createMemoryStore(), cleanup: async () => {} }));
import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { AppendInput, ConversationStore } from '../src/store/types.js';

export interface StoreFixture {
  store: ConversationStore;
  /** Closes the store and removes what it stored (a temp dir, a schema). */
  cleanup: () => Promise<void>;
}

// AppendInput's Omit<> over the ServerEvent union keeps only `type`: literals need the cast.
export const stored = (event: object): AppendInput['event'] => event as AppendInput['event'];
const customer = (id: string, text = `hello ${id}`): AppendInput => ({
  event: stored({ type: 'text', id, from: 'customer', text, at: 1, status: 'sent' }),
  key: `c:${id}`,
});
const agent = (id: string, text = `reply ${id}`): AppendInput => ({
  event: stored({ type: 'text', id, from: 'agent', text, at: 1, status: 'sent' }),
  key: `s:${id}`,
});

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.equal((error as { code?: unknown }).code, code, `expected code ${code}, got ${String(error)}`);
    return true;
  });
}

/** `skip`: a reason to skip the whole suite (e.g. no PostgreSQL reachable). */
export function storeContract(name: string, make: () => Promise<StoreFixture>, options: { skip?: string | undefined } = {}): void {
  describe(`ConversationStore contract: ${name}`, { skip: options.skip ?? false }, () => {
    let fx: StoreFixture;
    let store: ConversationStore;
    beforeEach(async () => {
      fx = await make();
      store = fx.store;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    test('create returns the new, empty conversation; a taken id is refused with store/exists', async () => {
      const meta = await store.create('conv-a', 1_000);
      assert.equal(meta.id, 'conv-a');
      assert.equal(meta.createdAt, 1_000);
      assert.equal(meta.updatedAt, 1_000);
      assert.equal(meta.lastSeq, 0);
      assert.equal(meta.state, 'open');
      assert.equal(meta.firstWords, '');
      assert.equal(meta.size, 0);
      assert.ok(typeof meta.epoch === 'string' && meta.epoch.length > 0);
      assert.deepEqual(await store.get('conv-a'), meta);
      await rejectsWith(store.create('conv-a', 2_000), 'store/exists');
      assert.equal(await store.get('nope'), undefined);
    });

    test('append assigns gapless seqs from 1 and read returns them in order, after `since`, up to `limit`', async () => {
      await store.create('c1', 1);
      for (let i = 1; i <= 5; i++) {
        const { event, duplicate } = await store.append('c1', i % 2 ? customer(`m${i}`) : agent(`a${i}`));
        assert.equal(duplicate, false);
        assert.equal(event.seq, i);
        assert.equal(event.v, 1);
      }
      assert.deepEqual(
        (await store.read('c1', 0)).map((e) => e.seq),
        [1, 2, 3, 4, 5],
      );
      assert.deepEqual(
        (await store.read('c1', 3)).map((e) => e.seq),
        [4, 5],
      );
      assert.deepEqual(
        (await store.read('c1', 1, 2)).map((e) => e.seq),
        [2, 3],
      );
      assert.deepEqual(await store.read('c1', 5), []);
      const [first] = await store.read('c1', 0, 1);
      assert.deepEqual(first, { v: 1, seq: 1, type: 'text', id: 'm1', from: 'customer', text: 'hello m1', at: 1, status: 'sent' });
      const meta = await store.get('c1');
      assert.equal(meta?.lastSeq, 5);
      assert.ok((meta?.size ?? 0) > 0, 'size counts stored bytes');
    });

    test('feedback and flags round-trip exactly: a rated agent line (up, then cleared with null) and a customer line marked abuse', async () => {
      await store.create('fb', 1);
      await store.append('fb', agent('a1'));
      await store.append('fb', {
        event: stored({
          type: 'text',
          id: 'a1',
          from: 'agent',
          text: 'reply a1',
          at: 1,
          status: 'sent',
          feedback: { value: 'down', reason: 'Did not answer «my» question' },
        }),
        key: 'c:f1',
      });
      await store.append('fb', {
        event: stored({ type: 'text', id: 'a1', from: 'agent', text: 'reply a1', at: 1, status: 'sent', feedback: null }),
        key: 'c:f2',
      });
      await store.append('fb', {
        event: stored({ type: 'text', id: 'm1', from: 'customer', text: 'You are an idiot.', at: 2, status: 'sent', flags: ['abuse'] }),
        key: 'c:m1',
      });
      const events = (await store.read('fb', 0)) as unknown as Record<string, unknown>[];
      assert.deepEqual(
        events.map((e) => e.feedback),
        [undefined, { value: 'down', reason: 'Did not answer «my» question' }, null, undefined],
      );
      assert.deepEqual(events[3]?.flags, ['abuse']);
      const again = await store.append('fb', {
        event: stored({ type: 'text', id: 'a1', from: 'agent', text: 'reply a1', at: 1, status: 'sent', feedback: { value: 'up' } }),
        key: 'c:f1',
      });
      assert.equal(again.duplicate, true, 'a retried feedback event is stored once');
    });

    test('an event without a key is stored every time', async () => {
      await store.create('c1', 1);
      await store.append('c1', { event: stored({ type: 'typing', on: true }) });
      await store.append('c1', { event: stored({ type: 'typing', on: true }) });
      assert.equal((await store.read('c1', 0)).length, 2);
    });

    test('append to a conversation that does not exist is refused with store/not-found', async () => {
      await rejectsWith(store.append('ghost', customer('m1')), 'store/not-found');
      await rejectsWith(store.read('ghost', 0), 'store/not-found');
    });

    test('the same key twice is stored once and returns the first event; namespaces keep c: and s: apart', async () => {
      await store.create('c1', 1);
      const first = await store.append('c1', customer('m1', 'first text'));
      const again = await store.append('c1', customer('m1', 'a different text, same id'));
      assert.equal(again.duplicate, true);
      assert.deepEqual(again.event, first.event);
      // A customer reusing an agent message's id is a different key: it cannot overwrite it.
      const server = await store.append('c1', agent('m1', 'the agent says'));
      assert.equal(server.duplicate, false);
      assert.equal(server.event.seq, 2);
      assert.deepEqual(
        (await store.read('c1', 0)).map((e) => (e as { text: string }).text),
        ['first text', 'the agent says'],
      );
      assert.equal((await store.get('c1'))?.lastSeq, 2);
    });

    test('parallel appends to one conversation get gapless, distinct seqs; parallel retries of one key store once', async () => {
      await store.create('c1', 1);
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.append('c1', customer(`m${i}`))));
      assert.deepEqual(
        results.map((r) => r.event.seq ?? 0).sort((a, b) => a - b),
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      const retries = await Promise.all(Array.from({ length: 10 }, () => store.append('c1', agent('same'))));
      assert.equal(retries.filter((r) => !r.duplicate).length, 1);
      assert.equal(new Set(retries.map((r) => r.event.seq)).size, 1);
      const log = await store.read('c1', 0);
      assert.deepEqual(
        log.map((e) => e.seq),
        Array.from({ length: 41 }, (_, i) => i + 1),
      );
      assert.equal(new Set(log.map((e) => (e as { id: string }).id)).size, 41);
    });

    test('firstWords comes from the first customer text (<= 80 characters), not from agents', async () => {
      await store.create('c1', 1);
      await store.append('c1', agent('a0', 'Hi! How can I help?'));
      assert.equal((await store.get('c1'))?.firstWords, '');
      const long = `My   order ${'x'.repeat(200)}`;
      await store.append('c1', customer('m1', long));
      await store.append('c1', customer('m2', 'something else'));
      const words = (await store.get('c1'))?.firstWords ?? '';
      assert.ok(words.startsWith('My order x'), words);
      assert.ok(words.length <= 80, `${words.length} characters`);
    });

    test('setState changes the state; the epoch stays put while the log grows', async () => {
      const created = await store.create('c1', 1);
      await store.append('c1', customer('m1'));
      await store.setState('c1', 'handoff');
      const meta = await store.get('c1');
      assert.equal(meta?.state, 'handoff');
      assert.equal(meta?.epoch, created.epoch);
      await store.setState('c1', 'closed');
      assert.equal((await store.get('c1'))?.state, 'closed');
    });

    test('list pages newest first with a cursor: every conversation exactly once, ties included', async () => {
      // 23 conversations, several sharing an updatedAt, so the cursor must break ties by id.
      for (let i = 0; i < 23; i++) await store.create(`conv-${String(i).padStart(2, '0')}`, 10_000 + Math.floor(i / 3));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.list(cursor === undefined ? { limit: 10 } : { limit: 10, cursor });
        assert.ok(page.items.length <= 10);
        seen.push(...page.items.map((m) => m.id));
        cursor = page.next;
        pages++;
      } while (cursor !== undefined && pages < 10);
      assert.equal(pages, 3);
      assert.equal(seen.length, 23);
      assert.equal(new Set(seen).size, 23);
      const all = await Promise.all(seen.map((id) => store.get(id)));
      const times = all.map((m) => m?.updatedAt ?? 0);
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
        'newest updatedAt first',
      );
    });

    test('list filters by state and by an updatedAt range (from and to inclusive)', async () => {
      for (let i = 0; i < 6; i++) await store.create(`c${i}`, 1_000 * (i + 1));
      assert.deepEqual(
        (await store.list({ limit: 50, from: 2_000, to: 4_000 })).items.map((m) => m.id),
        ['c3', 'c2', 'c1'],
      );
      await store.setState('c2', 'handoff');
      await store.setState('c4', 'handoff');
      assert.deepEqual((await store.list({ limit: 50, state: 'handoff' })).items.map((m) => m.id).sort(), ['c2', 'c4']);
      const page = await store.list({ limit: 50 });
      assert.equal(page.next, undefined);
      assert.equal(page.items.length, 6);
    });

    test('prune deletes conversations not updated since `before`, with their events', async () => {
      await store.create('old', 1_000);
      await store.append('old', customer('m1'));
      await store.create('new', Date.now() + 60_000);
      // Appending moves updatedAt to the store's clock: prune by a time before now keeps 'old' only if it was touched.
      const keptTime = (await store.get('old'))?.updatedAt ?? 0;
      const removed = await store.prune(keptTime + 1);
      assert.equal(removed, 1);
      assert.equal(await store.get('old'), undefined);
      await rejectsWith(store.read('old', 0), 'store/not-found');
      assert.ok(await store.get('new'));
      assert.equal(await store.prune(0), 0);
    });
  });
}
