import { test, mock, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createConversation } from '../src/conversation/index.js';
import { memoryStorage } from '../src/storage/index.js';
import { createScriptedTransport } from '../src/testing/index.js';
import { AttuneError } from '../src/errors.js';
import type { ClientEvent } from '../src/protocol.js';
import type { AnalyticsEvent, StorageAdapter, Transport } from '../src/conversation.types.js';
import type { TextMessage } from '../src/types.js';

/** Waits for `check` to hold (state that changes through async storage), up to 5 s. */
async function until(check: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 1));
  assert.ok(check(), 'condition never held');
}

// setImmediate stays real, so promise chains settle between mocked clock ticks.
const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};
async function advance(ms: number, step = 10): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    mock.timers.tick(step);
    await flush();
  }
}
const texts = (messages: readonly unknown[]) => messages as TextMessage[];

afterEach(() => mock.timers.reset());

test('backoff grows exponentially (full jitter, capped) while sends fail', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const transport = createScriptedTransport({ autoAck: true });
  const conversation = createConversation({ transport, retryWindowMs: 60_000, backoff: { baseMs: 100, maxMs: 1600, random: () => 0.999 } });
  transport.fail(7);
  conversation.send('hello');
  await flush();
  await advance(8000);
  const times = transport.attempts.map((a) => a.at);
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  assert.equal(transport.attempts.filter((a) => a.ok).length, 1);
  // 99, 199, 399, 799, 1599, then capped at 1599 — within the 10 ms tick granularity.
  const expected = [99, 199, 399, 799, 1599, 1599, 1599];
  assert.equal(gaps.length, expected.length);
  gaps.forEach((gap, i) => assert.ok(Math.abs(gap - expected[i]!) <= 10, `gap ${i}: ${gap} vs ${expected[i]}`));
  assert.equal(texts(conversation.getSnapshot().messages)[0]!.status, 'sent');
  conversation.dispose();
});

test('full jitter: delays are random within the growing bound', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const transport = createScriptedTransport({ autoAck: true });
  const values = [0.5, 0.1, 0.9, 0.3];
  const conversation = createConversation({ transport, backoff: { baseMs: 1000, random: () => values.shift() ?? 0 } });
  transport.fail(4);
  conversation.send('x');
  await flush();
  await advance(8000);
  const times = transport.attempts.map((a) => a.at);
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  [500, 200, 3600, 2400].forEach((want, i) => assert.ok(Math.abs(gaps[i]! - want) <= 10, `gap ${i}: ${gaps[i]} vs ${want}`));
  conversation.dispose();
});

test('a message not delivered within retryWindowMs fails with an error; retry(id) requeues it', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const transport = createScriptedTransport({ autoAck: true });
  const conversation = createConversation({ transport, retryWindowMs: 1000, backoff: { baseMs: 50, maxMs: 200 } });
  const events: AnalyticsEvent[] = [];
  conversation.on('*', (e) => events.push(e));
  transport.fail(1e9);
  const id = conversation.send('are you there?');
  await flush();
  await advance(900);
  assert.equal(texts(conversation.getSnapshot().messages)[0]!.status, 'pending');
  await advance(200);
  const failed = texts(conversation.getSnapshot().messages)[0]!;
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error?.code, 'transport/unreachable');
  assert.equal(conversation.getSnapshot().messages.length, 1, 'never vanishes');
  const failure = events.find((e) => e.type === 'messageFailed');
  assert.equal(failure?.type === 'messageFailed' && failure.messageId, id);
  // Nothing more is attempted for it after it failed.
  const attempts = transport.attempts.length;
  await advance(1000);
  assert.equal(transport.attempts.length, attempts);

  transport.fail(0);
  conversation.retry(id);
  assert.equal(texts(conversation.getSnapshot().messages)[0]!.status, 'pending');
  assert.equal(texts(conversation.getSnapshot().messages)[0]!.error, undefined);
  await flush();
  assert.equal(texts(conversation.getSnapshot().messages)[0]!.status, 'sent');
  assert.equal(transport.sent.filter((e) => e.id === id).length, 1);
  conversation.dispose();
});

test('a non-retryable send error fails the message at once', async () => {
  const transport: Transport = {
    connect: (ctx) => ctx.status('open'),
    send: async () => {
      throw new AttuneError('transport/http', 'HTTP 400', { retryable: false });
    },
  };
  const conversation = createConversation({ transport });
  conversation.send('hi');
  await flush();
  const message = texts(conversation.getSnapshot().messages)[0]!;
  assert.deepEqual([message.status, message.error?.code], ['failed', 'transport/http']);
  conversation.dispose();
});

test('a server error naming the event fails it for good', async () => {
  const transport = createScriptedTransport();
  const conversation = createConversation({ transport });
  const id = conversation.send('hi');
  await flush();
  transport.emit({ type: 'error', code: 'protocol/invalid', message: 'bad event', id });
  const message = texts(conversation.getSnapshot().messages)[0]!;
  assert.equal(message.status, 'failed');
  conversation.dispose();
});

test('unacknowledged events are resent from the head after the ack timeout, and at once when the connection reopens', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const transport = createScriptedTransport();
  const conversation = createConversation({ transport, backoff: { ackTimeoutMs: 1000 } });
  const a = conversation.send('a');
  const b = conversation.send('b');
  await flush();
  assert.deepEqual(
    transport.sent.map((e) => e.id),
    [a, b],
  );
  await advance(990);
  assert.equal(transport.sent.length, 2);
  await advance(20);
  assert.deepEqual(
    transport.sent.map((e) => e.id),
    [a, b, a, b],
  );
  transport.ack(a);
  transport.setStatus('reconnecting');
  transport.setStatus('open');
  await flush();
  assert.deepEqual(
    transport.sent.map((e) => e.id),
    [a, b, a, b, b],
  );
  transport.ack(b);
  await advance(3000);
  assert.equal(transport.sent.length, 5, 'nothing is resent once everything is acknowledged');
  conversation.dispose();
});

test('a flood of 500 sends goes out in order, none dropped, through failures and lost acks', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const transport = createScriptedTransport();
  const conversation = createConversation({ transport, backoff: { baseMs: 20, maxMs: 200, ackTimeoutMs: 500 } });
  // A tiny server: stores each id once, in arrival order, and acks most of them.
  const stored: string[] = [];
  let random = 42;
  const rnd = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ids: string[] = [];
  for (let i = 0; i < 500; i++) {
    ids.push(conversation.send(`message ${i}`));
    if (i % 97 === 0) transport.fail(2);
  }
  let seen = 0;
  for (let round = 0; round < 400 && stored.length < 500; round++) {
    await advance(20, 20);
    for (; seen < transport.sent.length; seen++) {
      const event = transport.sent[seen]!;
      if (!stored.includes(event.id)) stored.push(event.id);
      if (rnd() > 0.2) transport.ack(event.id);
    }
  }
  await advance(2000, 20);
  for (; seen < transport.sent.length; seen++) transport.ack(transport.sent[seen]!.id);
  await flush();
  assert.deepEqual(stored, ids);
  const messages = texts(conversation.getSnapshot().messages);
  assert.equal(messages.length, 500);
  assert.ok(messages.every((m) => m.status === 'sent'));
  assert.deepEqual(
    messages.map((m) => m.id),
    ids,
  );
  conversation.dispose();
});

test('every event is stored before it is sent', async () => {
  const inner = memoryStorage();
  const storage: StorageAdapter = { get: (k) => inner.get(k), set: (k, v) => inner.set(k, v), remove: (k) => inner.remove(k) };
  const checked: boolean[] = [];
  const transport: Transport = {
    connect: (ctx) => ctx.status('open'),
    async send(event: ClientEvent) {
      const stored = inner.get('attune:conversation:s1') as { outbox: { event: ClientEvent }[] } | undefined;
      checked.push(!!stored?.outbox.some((e) => e.event.id === event.id));
    },
  };
  const conversation = createConversation({ transport, storage, id: 's1' });
  conversation.subscribe(() => {});
  for (let i = 0; i < 5; i++) conversation.send(`m${i}`);
  await flush();
  assert.deepEqual(checked, [true, true, true, true, true]);
  conversation.dispose();
});

test('async storage: the write finishes before the send, and a reload restores from it', async () => {
  const map = new Map<string, string>();
  const log: string[] = [];
  const storage: StorageAdapter = {
    get: async (k) => {
      await new Promise((r) => setTimeout(r, 5));
      const raw = map.get(k);
      return raw === undefined ? undefined : JSON.parse(raw);
    },
    set: async (k, v) => {
      await new Promise((r) => setTimeout(r, 5));
      map.set(k, JSON.stringify(v));
      log.push('set');
    },
    remove: async (k) => void map.delete(k),
  };
  const transport: Transport = {
    connect: (ctx) => ctx.status('open'),
    send: async () => void log.push('send'),
  };
  const first = createConversation({ transport, storage, id: 'a1' });
  first.send('hello');
  await until(() => log.includes('send'));
  assert.deepEqual(log.slice(0, 2), ['set', 'send']);
  first.dispose();
  const second = createConversation({ transport: createScriptedTransport({ autoAck: true }), storage, id: 'a1' });
  second.subscribe(() => {});
  await until(() => texts(second.getSnapshot().messages).some((m) => m.status === 'sent'));
  assert.deepEqual(
    texts(second.getSnapshot().messages).map((m) => [m.text, m.status]),
    [['hello', 'sent']],
  );
  second.dispose();
});

test('reload mid-send: a new conversation over the same storage delivers the pending message exactly once', async () => {
  const storage = memoryStorage();
  const server = new Map<string, ClientEvent>();
  // The first page's transport hands events over but the page "reloads" before any ack.
  const first = createScriptedTransport();
  const page1 = createConversation({ transport: first, storage, id: 'r1' });
  page1.subscribe(() => {});
  first.emit({ type: 'text', id: 'hello', from: 'agent', text: 'Hi!', at: 1 });
  const id = page1.send('my parcel is late');
  await flush();
  for (const e of first.sent) server.set(e.id, e);
  page1.dispose();

  const second = createScriptedTransport();
  const page2 = createConversation({ transport: second, storage, id: 'r1' });
  // The transcript is back before anything connects.
  assert.deepEqual(
    texts(page2.getSnapshot().messages).map((m) => [m.id, m.status]),
    [
      ['hello', 'sent'],
      [id, 'pending'],
    ],
  );
  page2.subscribe(() => {});
  assert.equal(second.context!.lastSeq(), 1, 'resumes from the last seq seen');
  await flush();
  assert.deepEqual(
    second.sent.map((e) => e.id),
    [id],
  );
  for (const e of second.sent) server.set(e.id, e);
  // The server stores it once and echoes it back; duplicates of the echo change nothing.
  second.emit({ type: 'text', id, from: 'customer', text: 'my parcel is late', at: 2, status: 'sent' });
  second.ack(id);
  await flush();
  assert.equal(server.size, 1);
  const mine = texts(page2.getSnapshot().messages).filter((m) => m.id === id);
  assert.equal(mine.length, 1);
  assert.equal(mine[0]!.status, 'sent');
  page2.dispose();

  const page3 = createConversation({ transport: createScriptedTransport(), storage, id: 'r1' });
  page3.subscribe(() => {});
  await flush();
  assert.equal(texts(page3.getSnapshot().messages).find((m) => m.id === id)!.status, 'sent');
  page3.dispose();
});

test('dispose leaves no timers: a pending backoff is cleared', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const transport = createScriptedTransport();
  const conversation = createConversation({ transport, backoff: { baseMs: 1000 } });
  transport.fail(100);
  conversation.send('x');
  await flush();
  conversation.dispose();
  const attempts = transport.attempts.length;
  await advance(20_000, 500);
  assert.equal(transport.attempts.length, attempts);
});
