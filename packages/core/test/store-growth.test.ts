import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyServerEvent, own, release } from '../src/conversation/apply-server-event.js';
import { createStore } from '../src/conversation/store.js';
import { createConversation } from '../src/conversation/index.js';
import { createScriptedTransport } from '../src/testing/index.js';
import type { ServerEvent } from '../src/protocol.js';
import type { Message } from '../src/types.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const text = (i: number): ServerEvent => ({
  v: 1,
  seq: i + 1,
  type: 'text',
  id: `m${String(i)}`,
  from: 'agent',
  text: `hello ${String(i)}`,
  status: 'sent',
  at: 1_000 + i,
});

test('store: a burst of incoming messages copies the transcript once per reader, not once per message', () => {
  const store = createStore('c1', { changed: () => undefined });
  let copies = 0;
  let last = store.state.snapshot.messages;
  for (let i = 0; i < 2_000; i++) {
    store.dispatch({ type: 'received', event: text(i), at: 0 });
    if (store.state.snapshot.messages !== last) copies++;
    last = store.state.snapshot.messages;
  }
  // The first append makes the store's own array; every later one grows it in place.
  assert.equal(copies, 1);
  assert.equal(store.state.snapshot.messages.length, 2_000);
  assert.deepEqual(
    store.state.snapshot.messages.slice(0, 3).map((m) => m.id),
    ['m0', 'm1', 'm2'],
  );
});

test('store: a transcript someone has read never changes afterwards (copy on write)', () => {
  const store = createStore('c1', { changed: () => undefined });
  for (let i = 0; i < 10; i++) store.dispatch({ type: 'received', event: text(i), at: 0 });
  const seen = store.published();
  const seenIds = seen.messages.map((m) => m.id);
  for (let i = 10; i < 20; i++) store.dispatch({ type: 'received', event: text(i), at: 0 });
  assert.deepEqual(
    seen.messages.map((m) => m.id),
    seenIds,
    'the array handed out is untouched',
  );
  assert.equal(store.state.snapshot.messages.length, 20);
  assert.notEqual(store.state.snapshot, seen);
});

test('applyServerEvent stays pure for arrays no store owns; an owned array grows in place until released', () => {
  const base: readonly Message[] = [];
  const one = applyServerEvent(base, text(0));
  assert.equal(base.length, 0);
  assert.notEqual(one, base);
  own(one);
  const two = applyServerEvent(one, text(1));
  assert.equal(two, one, 'grown in place');
  assert.equal(two.length, 2);
  release(two);
  const three = applyServerEvent(two, text(2));
  assert.notEqual(three, two);
  assert.equal(two.length, 2, 'released: never changes again');
  // A message that lands before others (an older seq) is inserted into a copy.
  own(three);
  const early = applyServerEvent(three, { ...text(3), seq: 0, id: 'early' } as ServerEvent);
  assert.equal(early[0]?.id, 'early');
  assert.equal(three.length, 3);
});

test('conversation: readers between bursts see immutable, stable snapshots while 5,000 messages arrive', async () => {
  const transport = createScriptedTransport();
  const conversation = createConversation({ transport });
  const seen: { messages: readonly Message[]; length: number }[] = [];
  const stop = conversation.subscribe(() => {
    const { messages } = conversation.getSnapshot();
    seen.push({ messages, length: messages.length });
  });
  await tick();
  for (let burst = 0; burst < 5; burst++) {
    for (let i = 0; i < 1_000; i++) transport.emit({ type: 'text', id: `b${String(burst)}-${String(i)}`, from: 'agent', text: 'x', at: burst * 1_000 + i });
    const snapshot = conversation.getSnapshot();
    assert.equal(conversation.getSnapshot(), snapshot, 'stable between notifications');
    await tick();
  }
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(conversation.getSnapshot().messages.length, 5_000);
  const lengths = seen.map((s) => s.length);
  // Every array a listener got keeps the length it had then.
  assert.deepEqual(
    seen.map((s) => s.messages.length),
    lengths,
  );
  assert.ok(
    lengths.every((n) => n % 1_000 === 0),
    `listeners saw whole bursts: ${lengths.join(', ')}`,
  );
  stop();
  conversation.dispose();
});
