// The conversation service keeps each conversation folded by core's `applyServerEvent`
// (one fold for clients and server) and brings it up to date incrementally: handling an
// event reads only what other writers appended since, never the whole log again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerEvent } from '@attune/core';
import { localBus } from '../src/bus/local.js';
import { createConversationService, type ServerAgent } from '../src/conversations.js';
import { memoryStore } from '../src/store/memory.js';
import type { ConversationStore } from '../src/store/types.js';

/** A memory store that counts how many stored events `read` hands out. */
function countingStore(): ConversationStore & { eventsRead: number } {
  const inner = memoryStore();
  const counted = {
    ...inner,
    eventsRead: 0,
    async read(id: string, since: number, limit?: number): Promise<ServerEvent[]> {
      const events = await inner.read(id, since, limit);
      counted.eventsRead += events.length;
      return events;
    },
  };
  return counted;
}

const message = (id: string, text = `text of ${id}`) => ({ v: 1 as const, type: 'message' as const, id, text });
const echoAgent: ServerAgent = (event) =>
  event.type === 'message' ? [{ type: 'text', id: `r_${event.id}`, from: 'agent', text: `got ${event.text}`, at: 1, status: 'sent' }] : [];

test('200 events in one conversation read the log incrementally, not 200 times over', async () => {
  const store = countingStore();
  const service = createConversationService({ store, bus: localBus(), agent: echoAgent, maxConversationBytes: 1e9 });
  await service.create('c1');
  for (let i = 0; i < 200; i++) assert.equal((await service.handle('c1', message(`m${i}`))).duplicate, false);
  assert.equal((await service.handle('c1', message('m7'))).duplicate, true, 'a retry is still recognised');
  const stored = await store.read('c1', 0);
  assert.equal(stored.length, 600, 'message, reply and ack for each');
  store.eventsRead = 0;
  for (let i = 200; i < 300; i++) await service.handle('c1', message(`m${i}`));
  // Re-reading the log per event would hand out ~100 × 750 events; the fold reads none of
  // its own appends back.
  assert.ok(store.eventsRead <= 100, `read ${store.eventsRead} events for 100 client events`);
  await service.idle();
});

test('two services on one store (two processes): each folds what the other appended', async () => {
  const store = memoryStore();
  const bus = localBus();
  const a = createConversationService({ store, bus, agent: echoAgent, maxConversationBytes: 1e9 });
  const b = createConversationService({ store, bus, agent: echoAgent, maxConversationBytes: 1e9 });
  await a.create('c1');
  await a.handle('c1', message('m1'));
  await b.handle('c1', message('m2'));
  assert.equal((await a.handle('c1', message('m2'))).duplicate, true, 'A sees that B already answered m2');
  assert.equal((await b.handle('c1', message('m1'))).duplicate, true, 'B sees that A already answered m1');
  // The agent is given the whole log, including the other process's events.
  let seen: readonly ServerEvent[] = [];
  const watching = createConversationService({
    store,
    bus,
    agent: (_event, { events }) => {
      seen = events;
      return [];
    },
    maxConversationBytes: 1e9,
  });
  await watching.handle('c1', message('m3'));
  assert.deepEqual(
    seen.filter((e) => e.type === 'text').map((e) => (e as { id: string }).id),
    ['m1', 'r_m1', 'm2', 'r_m2', 'm3'],
  );
  // A customer reusing the id of B's agent reply is refused on A (the namespace rule reads the fold).
  await assert.rejects(a.handle('c1', message('r_m2', 'I am the agent now')), (error: unknown) => (error as { code?: string }).code === 'id/conflict');
});

test('echo answers read the latest version from the fold, and stay right after the fold was evicted', async () => {
  const store = memoryStore();
  // A cache of one byte: every conversation's fold is dropped as soon as another is used.
  const service = createConversationService({ store, bus: localBus(), maxConversationBytes: 1e9, foldCacheBytes: 1 });
  for (const id of ['c1', 'c2']) {
    await service.create(id);
    await service.handle(id, message('m1', 'my parcel is late'));
    await service.append(id, {
      event: { type: 'echo', id: 'e1', about: 'm1', text: 'Your parcel is late.', reflection: 'your parcel is late', state: 'proposed', at: 1 } as never,
      key: 's:e1',
    });
  }
  await service.handle('c1', { v: 1, type: 'echo.confirm', id: 'x1', echoId: 'e1' });
  await service.handle('c2', { v: 1, type: 'echo.correct', id: 'x1', echoId: 'e1', text: 'it is lost' });
  assert.equal((await service.handle('c1', { v: 1, type: 'echo.confirm', id: 'x1', echoId: 'e1' })).duplicate, true);
  const last = async (id: string): Promise<Record<string, unknown> | undefined> => [...(await store.read(id, 0))].reverse().find((e) => e.type === 'echo');
  assert.equal((await last('c1'))?.state, 'confirmed');
  assert.equal((await last('c2'))?.state, 'corrected');
  assert.equal((await last('c2'))?.correction, 'it is lost');
  assert.equal((await last('c2'))?.reflection, 'your parcel is late', 'the rest of the echo is kept');
});
