import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createNotifier, type Schedule } from '../src/conversation/notifier.js';
import { createStore } from '../src/conversation/store.js';
import { createSequenceTracker } from '../src/conversation/sequence-tracker.js';
import { createAnalytics } from '../src/conversation/analytics.js';
import { readStored } from '../src/conversation/persistence.js';
import { reduce, initialState } from '../src/conversation/conversation.reducer.js';
import { createConversation } from '../src/conversation/index.js';
import { memoryStorage } from '../src/storage/index.js';
import { createScriptedTransport } from '../src/testing/index.js';
import type { AttuneError } from '../src/errors.js';
import type { AnalyticsEvent } from '../src/conversation.types.js';
import type { Message } from '../src/types.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('notifier: one notification per burst; the schedule is the one batching rule and can be switched', async () => {
  const errors: unknown[] = [];
  const notifier = createNotifier((e) => errors.push(e));
  let calls = 0;
  notifier.subscribe(() => calls++);
  notifier.subscribe(() => {
    throw new Error('broken listener');
  });
  notifier.changed();
  notifier.changed();
  assert.equal(calls, 0, 'not synchronously');
  await tick();
  assert.equal(calls, 1);
  assert.equal(errors.length, 1, 'a throwing listener is reported, the others still run');
  const pending: (() => void)[] = [];
  const manual: Schedule = (flush) => void pending.push(flush);
  notifier.setSchedule(manual);
  notifier.changed();
  notifier.changed();
  await tick();
  assert.equal(calls, 1, 'waits for the switched schedule');
  assert.equal(pending.length, 1, 'scheduled once per burst');
  pending[0]?.();
  assert.equal(calls, 2);
});

test('store: dispatch returns whether the state changed and tells the notifier only about snapshot changes', () => {
  let changed = 0;
  const store = createStore('c', { changed: () => changed++ });
  const first = store.state;
  assert.equal(store.dispatch({ type: 'failed', error: null }), false);
  assert.equal(store.state, first);
  assert.equal(store.dispatch({ type: 'statusChanged', status: 'open' }), true);
  assert.equal(changed, 1);
});

test('reducer: typed actions say what happened and touch only a message of the right kind', () => {
  const echo: Message = { kind: 'echo', id: 'e1', about: 'm1', text: 't', reflection: 'r', state: 'proposed', at: 1 };
  const choice: Message = {
    kind: 'choice',
    id: 'p1',
    prompt: 'P',
    options: [
      { id: 'a', label: 'A' },
      { id: 'b', label: 'B' },
    ],
    at: 1,
  };
  const csat: Message = { kind: 'csat', id: 's1', prompt: 'Rate', scale: 5, at: 1 };
  let state = reduce(initialState('c'), { type: 'restored', messages: [echo, choice, csat], lastSeq: 0, tone: null });
  state = reduce(state, { type: 'echoSettled', id: 'e1', state: 'corrected', correction: 'no' });
  state = reduce(state, { type: 'optionChosen', id: 'p1', optionId: 'b' });
  state = reduce(state, { type: 'rated', id: 's1', score: 4, comment: 'ok' });
  const [e, p, s] = state.snapshot.messages;
  assert.deepEqual([e?.kind === 'echo' && e.state, e?.kind === 'echo' && e.correction], ['corrected', 'no']);
  assert.equal(p?.kind === 'choice' && p.chosen, 'b');
  assert.deepEqual([s?.kind === 'csat' && s.score, s?.kind === 'csat' && s.comment], [4, 'ok']);
  assert.equal(reduce(state, { type: 'optionChosen', id: 'e1', optionId: 'x' }), state, 'wrong kind: no change');
});

test('sequence tracker: each seq once, nothing up to the restored seq, resume from the contiguous seq', () => {
  const seqs = createSequenceTracker();
  seqs.restored(3);
  assert.equal(seqs.accept(2), false);
  assert.equal(seqs.accept(5), true);
  assert.equal(seqs.accept(5), false);
  assert.equal(seqs.resumeFrom(), 3, 'seq 4 is missing: resume before it');
  assert.equal(seqs.accept(4), true);
  assert.equal(seqs.resumeFrom(), 5);
});

test('analytics: early events wait for start; a throwing handler becomes a warning', () => {
  const analytics = createAnalytics('c');
  const seen: AnalyticsEvent[] = [];
  analytics.emit('messageSent', { messageId: 'm1' });
  analytics.on('*', (e) => seen.push(e));
  assert.equal(seen.length, 0);
  analytics.start();
  assert.deepEqual(
    seen.map((e) => e.type),
    ['messageSent'],
  );
  analytics.on('echoConfirmed', () => {
    throw new Error('boom');
  });
  analytics.emit('echoConfirmed', { echoId: 'e' });
  assert.deepEqual(seen.map((e) => e.type).sort(), ['echoConfirmed', 'messageSent', 'warning']);
});

test('readStored validates stored messages like wire events: bad ones are dropped with one warning', () => {
  const warnings: AttuneError[] = [];
  const good = { kind: 'text', id: 'a1', from: 'agent', text: 'Hello', at: 1, status: 'sent' };
  const stored = readStored(
    {
      v: 1,
      lastSeq: 2,
      messages: [good, { kind: 'text', id: 'a2', from: 'agent', text: 12345, at: 2, status: 'sent' }, { kind: 'nope', id: 'x' }, good, 'junk'],
      outbox: [
        { event: { v: 1, type: 'end', id: 'e1' }, since: 1 },
        { event: { v: 1, type: 'fly' }, since: 1 },
      ],
    },
    (w) => warnings.push(w),
  );
  assert.deepEqual(
    stored?.messages.map((m) => m.id),
    ['a1'],
  );
  assert.equal(stored?.outbox.length, 1);
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]?.code, 'storage/corrupt');
  assert.match(warnings[0]?.message ?? '', /messages\[1\]\.text/);
  assert.equal(
    readStored(undefined, (w) => warnings.push(w)),
    undefined,
  );
  assert.equal(
    readStored({ v: 2 }, (w) => warnings.push(w)),
    undefined,
  );
  assert.equal(warnings.length, 2);
});

test('a restored transcript with one bad message still renders the rest, and says so', async () => {
  const storage = memoryStorage();
  const good = { kind: 'text', id: 'a1', from: 'agent', text: 'Hello', at: 1, status: 'sent' };
  void storage.set('attune:conversation:c9', { v: 1, lastSeq: 1, messages: [good, { ...good, id: 'a2', text: 12345 }], outbox: [] });
  const conversation = createConversation({ id: 'c9', storage, transport: createScriptedTransport() });
  const warnings: AnalyticsEvent[] = [];
  conversation.on('warning', (e) => warnings.push(e));
  const stop = conversation.subscribe(() => {});
  assert.deepEqual(
    conversation.getSnapshot().messages.map((m) => m.id),
    ['a1'],
  );
  assert.equal(warnings.length, 1);
  stop();
  conversation.dispose();
});
