import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConversation } from '../src/conversation/index.js';
import { createScriptedTransport } from '../src/testing/index.js';
import { isAttuneError } from '../src/errors.js';
import { summarizeConversation } from '../src/metrics/index.js';
import type { SummaryInput } from '../src/metrics/index.js';
import type { AnalyticsEvent } from '../src/conversation.types.js';
import type { TextMessage } from '../src/types.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const code = (c: string) => (e: unknown) => isAttuneError(e) && e.code === c;

function setup(autoAck = true) {
  const transport = createScriptedTransport({ autoAck });
  const conversation = createConversation({ transport, id: 'c1' });
  const events: AnalyticsEvent[] = [];
  conversation.on('*', (e) => events.push(e));
  const stop = conversation.subscribe(() => undefined);
  transport.emit({ v: 1, seq: 1, type: 'text', id: 'a1', from: 'agent', text: 'Your parcel left the depot today.', status: 'sent', at: 1 });
  transport.emit({ v: 1, seq: 2, type: 'text', id: 'sys1', from: 'system', text: 'An agent joined.', status: 'sent', at: 2 });
  return { transport, conversation, events, stop };
}

const text = (conversation: ReturnType<typeof setup>['conversation'], id: string): TextMessage => {
  const m = conversation.getSnapshot().messages.find((x) => x.id === id);
  assert.equal(m?.kind, 'text');
  return m;
};

test('feedback(): shows at once, queues a v1.1 feedback event, emits feedbackGiven', async () => {
  const { transport, conversation, events, stop } = setup();
  await tick();
  conversation.feedback('a1', 'down', '  Did not answer my question ');
  assert.deepEqual(text(conversation, 'a1').feedback, { value: 'down', reason: 'Did not answer my question' });
  await tick();
  const sent = transport.sent.filter((e) => e.type === 'feedback');
  assert.equal(sent.length, 1);
  assert.deepEqual({ ...sent[0], id: 'x' }, { v: 1, type: 'feedback', id: 'x', messageId: 'a1', value: 'down', reason: 'Did not answer my question' });
  assert.ok(events.some((e) => e.type === 'feedbackGiven' && e.messageId === 'a1' && e.value === 'down'));
  stop();
  conversation.dispose();
});

test('feedback(): changing and clearing it work; the same value twice sends nothing more', async () => {
  const { transport, conversation, stop } = setup();
  await tick();
  conversation.feedback('a1', 'up');
  conversation.feedback('a1', 'up');
  conversation.feedback('a1', 'down');
  assert.deepEqual(text(conversation, 'a1').feedback, { value: 'down' });
  conversation.feedback('a1', null);
  assert.equal('feedback' in text(conversation, 'a1'), false);
  conversation.feedback('a1', null);
  await tick();
  assert.deepEqual(
    transport.sent.filter((e) => e.type === 'feedback').map((e) => e.type === 'feedback' && e.value),
    ['up', 'down', null],
  );
  stop();
  conversation.dispose();
});

test('feedback(): bad input throws a coded error and queues nothing', async () => {
  const { transport, conversation, stop } = setup();
  conversation.send('hello there', { interpret: false });
  await tick();
  const customer = conversation.getSnapshot().messages.find((m) => m.kind === 'text' && m.from === 'customer');
  assert.ok(customer);
  assert.throws(() => conversation.feedback('a1', 'sideways' as 'up'), code('input/invalid'));
  assert.throws(() => conversation.feedback('a1', 'down', 'x'.repeat(501)), code('input/invalid'));
  assert.throws(() => conversation.feedback('a1', 'down', 7 as unknown as string), code('input/invalid'));
  assert.throws(() => conversation.feedback('nope', 'up'), code('message/not-found'));
  assert.throws(() => conversation.feedback(customer.id, 'up'), code('feedback/not-agent'));
  assert.throws(() => conversation.feedback('sys1', 'up'), code('feedback/not-agent'));
  await tick();
  assert.equal(transport.sent.filter((e) => e.type === 'feedback').length, 0);
  stop();
  conversation.dispose();
  assert.throws(() => conversation.feedback('a1', 'up'), code('conversation/disposed'));
});

test('feedback(): an unacknowledged event is retried until acked, then not again', async () => {
  const { transport, conversation, stop } = setup(false);
  await tick();
  conversation.feedback('a1', 'up');
  await tick();
  const first = transport.sent.find((e) => e.type === 'feedback');
  assert.ok(first);
  transport.emit({ v: 1, seq: 3, type: 'ack', id: first.id });
  await tick();
  assert.equal(transport.sent.filter((e) => e.type === 'feedback').length, 1);
  stop();
  conversation.dispose();
});

test('a server text carrying feedback (or feedback: null) updates the snapshot', async () => {
  const { transport, conversation, stop } = setup();
  await tick();
  transport.emit({
    v: 1,
    seq: 3,
    type: 'text',
    id: 'a1',
    from: 'agent',
    text: 'Your parcel left the depot today.',
    status: 'sent',
    at: 1,
    feedback: { value: 'up' },
  });
  assert.deepEqual(text(conversation, 'a1').feedback, { value: 'up' });
  transport.emit({ v: 1, seq: 4, type: 'text', id: 'a1', from: 'agent', text: 'Your parcel left the depot today.', status: 'sent', at: 1, feedback: null });
  assert.equal('feedback' in text(conversation, 'a1'), false);
  stop();
  conversation.dispose();
});

test('summarizeConversation counts the latest thumbs per message (changed and cleared ones once)', async () => {
  const { transport, conversation, stop } = setup();
  for (const [seq, id] of [
    [3, 'a2'],
    [4, 'a3'],
  ] as const)
    transport.emit({ v: 1, seq, type: 'text', id, from: 'agent', text: `Line ${id}`, status: 'sent', at: seq });
  conversation.feedback('a1', 'up');
  conversation.feedback('a1', 'down');
  conversation.feedback('a2', 'up');
  conversation.feedback('a3', 'up');
  conversation.feedback('a3', null);
  assert.deepEqual(summarizeConversation(conversation.getSnapshot()).feedback, { up: 1, down: 1 });
  const log: SummaryInput = [
    { v: 1, type: 'feedback', id: 'f1', messageId: 'a1', value: 'up', at: 5 },
    { v: 1, type: 'feedback', id: 'f2', messageId: 'a1', value: 'down', at: 6 },
    { v: 1, type: 'feedback', id: 'f3', messageId: 'a2', value: 'up', at: 7 },
    { v: 1, type: 'feedback', id: 'f4', messageId: 'a2', value: null, at: 8 },
  ];
  assert.deepEqual(summarizeConversation(log).feedback, { up: 0, down: 1 });
  stop();
  conversation.dispose();
});

test('summarizeConversation counts a message the server marked abusive, even when a custom detector would not', () => {
  const log: SummaryInput = [
    { v: 1, seq: 1, type: 'text', id: 'm1', from: 'customer', text: 'some words', status: 'sent', at: 1, flags: ['abuse'] },
    { v: 1, seq: 2, type: 'text', id: 'm2', from: 'customer', text: 'other words', status: 'sent', at: 2 },
  ];
  const summary = summarizeConversation(log, { abuseOf: () => ({ abusive: false, kind: null }) });
  assert.equal(summary.abuse.count, 1);
  assert.deepEqual(summary.abuse.messageIds, ['m1']);
});

test('in-page agent: a thumbs-down through the conversation brings the offer of a person when it is the third negative turn', async () => {
  const { localAgent } = await import('../src/transport/index.js');
  const conversation = createConversation({ transport: localAgent(undefined, { delayMs: 0 }), empathy: { echo: false } });
  const stop = conversation.subscribe(() => undefined);
  const until = async (check: () => boolean, what: string): Promise<void> => {
    for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.ok(check(), what);
  };
  const agentLines = () => conversation.getSnapshot().messages.filter((m): m is TextMessage => m.kind === 'text' && m.from === 'agent');
  const offered = () => conversation.getSnapshot().messages.some((m) => m.kind === 'choice' && m.purpose === 'handoff');
  await until(() => agentLines().length >= 1, 'the greeting');
  conversation.send('I am really annoyed, nothing works', { interpret: false });
  await until(() => agentLines().length >= 2, 'an answer');
  conversation.send('This is so frustrating, still broken', { interpret: false });
  await until(() => agentLines().length >= 3, 'another answer');
  assert.equal(offered(), false);
  const last = agentLines().at(-1);
  assert.ok(last);
  conversation.feedback(last.id, 'down');
  await until(offered, 'the offer of a person');
  stop();
  conversation.dispose();
});
