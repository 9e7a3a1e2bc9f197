import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConversation } from '../src/conversation/index.js';
import { createScriptedTransport } from '../src/testing/index.js';
import { parseClientEvent, parseServerEvent } from '../src/protocol.js';
import { isAttuneError } from '../src/errors.js';
import type { TextMessage } from '../src/types.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function setup(options: { streamTimeoutMs?: number } = {}) {
  const transport = createScriptedTransport({ autoAck: true });
  const conversation = createConversation({ transport, id: 'c1', ...options });
  let notifications = 0;
  const stop = conversation.subscribe(() => notifications++);
  const text = (id = 's1') => conversation.getSnapshot().messages.find((m): m is TextMessage => m.kind === 'text' && m.id === id);
  return { transport, conversation, stop, text, notified: () => notifications };
}

const start = (over: Record<string, unknown> = {}) => ({
  type: 'text' as const,
  id: 's1',
  from: 'agent' as const,
  text: '',
  status: 'streaming' as const,
  at: 1,
  ...over,
});

test('protocol v1.1: delta, streaming status, stop and feedback parse; bad ones are coded errors', () => {
  assert.deepEqual(parseServerEvent({ v: 1, type: 'delta', id: 's1', offset: 0, text: 'Hi' }), { v: 1, type: 'delta', id: 's1', offset: 0, text: 'Hi' });
  assert.equal(parseServerEvent({ v: 1, seq: 1, ...start() }).type, 'text');
  assert.equal(parseClientEvent({ v: 1, type: 'stop', id: 's1' }).type, 'stop');
  assert.equal(parseClientEvent({ v: 1, type: 'feedback', id: 'e1', messageId: 's1', value: 'down', reason: 'wrong' }).type, 'feedback');
  for (const bad of [
    { v: 1, type: 'delta', id: 's1', offset: -1, text: 'x' },
    { v: 1, type: 'delta', id: 's1', offset: 1.5, text: 'x' },
    { v: 1, type: 'delta', id: 's1', offset: 0 },
    { v: 1, type: 'text', id: 's1', from: 'agent', text: '', status: 'typing' },
  ]) {
    assert.throws(
      () => parseServerEvent(bad),
      (e) => isAttuneError(e) && e.code === 'protocol/invalid',
      JSON.stringify(bad),
    );
  }
  assert.throws(
    () => parseClientEvent({ v: 1, type: 'feedback', id: 'e1', messageId: 's1', value: 'meh' }),
    (e) => isAttuneError(e) && e.code === 'protocol/invalid',
  );
  assert.throws(
    () => parseClientEvent({ v: 1, type: 'feedback', id: 'e1', messageId: 's1', value: 'up', reason: 'x'.repeat(501) }),
    (e) => isAttuneError(e) && e.code === 'protocol/invalid',
  );
});

test('a streamed reply grows delta by delta, only at its end, and the final text closes it', async () => {
  const { transport, text } = setup();
  await tick();
  transport.emit(start());
  assert.equal(text()?.streaming, true);
  assert.equal(text()?.status, 'sent');
  const words = Array.from({ length: 2000 }, (_, i) => `w${i} `);
  let offset = 0;
  for (const w of words) {
    transport.emit({ type: 'delta', id: 's1', offset, text: w });
    // Repeated and stale deltas change nothing.
    transport.emit({ type: 'delta', id: 's1', offset, text: w });
    offset += w.length;
  }
  // A delta from the future (a gap) is not applied…
  transport.emit({ type: 'delta', id: 's1', offset: offset + 5, text: 'gap' });
  const all = words.join('');
  assert.equal(text()?.text, all);
  // …and the cumulative delta sent after a reconnect (offset 0) fills in only what is new.
  transport.emit({ type: 'delta', id: 's1', offset: 0, text: `${all}tail` });
  assert.equal(text()?.text, `${all}tail`);
  transport.emit({ type: 'text', id: 's1', from: 'agent', text: `${all}tail.`, status: 'sent', at: 1 });
  assert.equal(text()?.streaming, undefined);
  assert.equal(text()?.text, `${all}tail.`);
  // Late deltas after the end are ignored.
  transport.emit({ type: 'delta', id: 's1', offset: all.length + 5, text: 'late' });
  assert.equal(text()?.text, `${all}tail.`);
});

test('deltas are transient: no seq tracked, nothing persisted per token', async () => {
  const writes: unknown[] = [];
  const transport = createScriptedTransport({ autoAck: true });
  const conversation = createConversation({ transport, storage: { get: () => undefined, set: (_k, v) => void writes.push(v), remove: () => {} } });
  conversation.subscribe(() => {});
  await tick();
  transport.emit(start());
  await sleep(300);
  const before = writes.length;
  for (let i = 0; i < 200; i++) transport.emit({ type: 'delta', id: 's1', offset: i, text: 'x' });
  await sleep(300);
  assert.equal(writes.length, before);
  assert.equal(transport.context?.lastSeq(), 1);
});

test('at most one notification per 16 ms however fast deltas arrive; snapshots stay stable between', async () => {
  const { transport, conversation, notified } = setup();
  await tick();
  transport.emit(start());
  await sleep(40);
  const seen: unknown[] = [];
  conversation.subscribe(() => seen.push(conversation.getSnapshot()));
  const n0 = notified();
  const began = performance.now();
  let offset = 0;
  // 2,000 deltas as fast as this machine delivers them, 20 per macrotask.
  while (offset < 2000) {
    for (let i = 0; i < 20; i++) transport.emit({ type: 'delta', id: 's1', offset: offset++, text: 'x' });
    const a = conversation.getSnapshot();
    assert.equal(conversation.getSnapshot(), a);
    await new Promise((r) => setImmediate(r));
  }
  await sleep(40);
  const elapsed = performance.now() - began;
  const count = notified() - n0;
  assert.ok(count >= 2, `${count} notifications`);
  assert.ok(count <= Math.ceil(elapsed / 16) + 1, `${count} notifications in ${elapsed.toFixed(0)} ms`);
  for (let i = 1; i < seen.length; i++) assert.notEqual(seen[i], seen[i - 1]);
});

test('stop() ends the streaming reply locally, tells the server, and ignores later deltas', async () => {
  const { transport, conversation, text } = setup();
  await tick();
  conversation.stop(); // nothing streaming: nothing happens
  transport.emit(start());
  transport.emit({ type: 'delta', id: 's1', offset: 0, text: 'Half an ans' });
  conversation.stop();
  assert.equal(text()?.streaming, undefined);
  assert.equal(text()?.stopped, true);
  assert.equal(text()?.text, 'Half an ans');
  await tick();
  assert.deepEqual(
    transport.sent.filter((e) => e.type === 'stop'),
    [{ v: 1, type: 'stop', id: 's1' }],
  );
  transport.emit({ type: 'delta', id: 's1', offset: 11, text: 'wer' });
  assert.equal(text()?.text, 'Half an ans');
  // The server's final text (what it sent, tagged stopped) settles it.
  transport.emit({ type: 'text', id: 's1', from: 'agent', text: 'Half an answ', status: 'sent', tags: ['stopped'] as never, at: 1 }); // the server's tag, not a MessageTag
  assert.equal(text()?.text, 'Half an answ');
  assert.equal(text()?.stopped, true);
  assert.equal(text()?.tags, undefined);
  assert.throws(
    () => conversation.stop('nope'),
    (e) => isAttuneError(e) && e.code === 'message/not-found',
  );
});

test('a stream whose server went quiet ends as failed after the timeout; retry asks again', async () => {
  const { transport, conversation, text } = setup({ streamTimeoutMs: 60 });
  await tick();
  conversation.send('Where is my parcel?');
  await tick();
  transport.emit(start());
  for (let i = 0; i < 4; i++) {
    transport.emit({ type: 'delta', id: 's1', offset: i, text: 'x' });
    await sleep(30); // each delta restarts the clock
  }
  assert.equal(text()?.streaming, true);
  await sleep(100);
  assert.equal(text()?.streaming, undefined);
  assert.equal(text()?.status, 'failed');
  assert.equal(text()?.error?.code, 'stream/interrupted');
  const before = transport.sent.filter((e) => e.type === 'message').length;
  conversation.retry('s1');
  await tick();
  const asked = transport.sent.filter((e) => e.type === 'message');
  assert.equal(asked.length, before + 1);
  assert.equal(asked.at(-1)?.type === 'message' && asked.at(-1)?.text, 'Where is my parcel?');
  // A final text that does arrive later (replayed after a reconnect) still wins.
  transport.emit({ type: 'text', id: 's1', from: 'agent', text: 'xxxx done', status: 'sent', at: 1 });
  assert.equal(text()?.status, 'sent');
  assert.equal(text()?.error, undefined);
});

test('a replayed start after a reconnect keeps the text the deltas brought', async () => {
  const { transport, text } = setup();
  await tick();
  transport.emit(start({ seq: 1 }));
  transport.emit({ type: 'delta', id: 's1', offset: 0, text: 'Hello wor' });
  // Reconnect: the server replays its seq'd start (already seen: ignored) and one cumulative delta.
  transport.emit(start({ seq: 1 }));
  transport.emit({ type: 'delta', id: 's1', offset: 0, text: 'Hello world, ag' });
  assert.equal(text()?.text, 'Hello world, ag');
  assert.equal(text()?.streaming, true);
});

test('markdown: false is visible on the conversation', () => {
  assert.equal(createConversation({ transport: createScriptedTransport(), markdown: false }).markdown, false);
  assert.equal(createConversation({ transport: createScriptedTransport() }).markdown, undefined);
});
