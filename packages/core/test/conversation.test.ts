import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConversation } from '../src/conversation/index.js';
import { whenTone } from './wait.js';
import { localAgent } from '../src/transport/index.js';
import { createScriptedTransport } from '../src/testing/index.js';
import { isAttuneError } from '../src/errors.js';
import type { AnalyticsEvent } from '../src/conversation.types.js';
import type { ChoiceMessage, CsatMessage, EchoMessage, TextMessage } from '../src/types.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
// Notifications come at most once per frame (16 ms in Node): wait one out.
const frame = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));
const code = (c: string) => (e: unknown) => isAttuneError(e) && e.code === c;

function setup(options: { autoAck?: boolean } = {}) {
  const transport = createScriptedTransport({ autoAck: options.autoAck ?? true });
  const conversation = createConversation({ transport, id: 'c1' });
  const events: AnalyticsEvent[] = [];
  conversation.on('*', (e) => events.push(e));
  let notifications = 0;
  const stop = conversation.subscribe(() => notifications++);
  return { transport, conversation, events, stop, notified: () => notifications };
}

const echo = (over: Partial<EchoMessage> = {}) => ({
  type: 'echo' as const,
  id: 'echo1',
  about: 'm1',
  text: 'It sounds like your parcel is late — did I get that right?',
  reflection: 'your parcel is late',
  state: 'proposed' as const,
  at: 1,
  ...over,
});
const choice = (over: Partial<ChoiceMessage> = {}) => ({
  type: 'choice' as const,
  id: 'pick1',
  prompt: 'What next?',
  options: [
    { id: 'refund', label: 'Refund' },
    { id: 'resend', label: 'Send again' },
  ] as ChoiceMessage['options'],
  at: 1,
  ...over,
});

test('starts nothing until the first subscribe', async () => {
  const transport = createScriptedTransport();
  const conversation = createConversation({ transport });
  await tick();
  assert.equal(transport.connects, 0);
  assert.equal(conversation.getSnapshot().status, 'idle');
  const stop = conversation.subscribe(() => {});
  assert.equal(transport.connects, 1);
  assert.equal(conversation.getSnapshot().status, 'open');
  stop();
  conversation.dispose();
  assert.equal(conversation.getSnapshot().status, 'closed');
});

test('send starts the conversation too, and returns the new id at once', async () => {
  const transport = createScriptedTransport({ autoAck: true });
  const conversation = createConversation({ transport });
  const id = conversation.send('hello there');
  assert.equal(transport.connects, 1);
  const message = conversation.getSnapshot().messages[0] as TextMessage;
  assert.deepEqual([message.id, message.from, message.status, message.text], [id, 'customer', 'pending', 'hello there']);
  await tick();
  assert.equal(transport.sent[0]?.id, id);
  assert.equal((conversation.getSnapshot().messages[0] as TextMessage).status, 'sent');
  conversation.dispose();
});

test('send validates synchronously and queues nothing on bad input', async () => {
  const { conversation, transport } = setup();
  assert.throws(() => conversation.send(''), code('input/empty'));
  assert.throws(() => conversation.send('  \n\t '), code('input/empty'));
  assert.throws(() => conversation.send('\u0000\u0007'), code('input/empty'));
  assert.throws(() => conversation.send('x'.repeat(4001)), code('input/too-long'));
  assert.throws(() => conversation.send(42 as unknown as string), code('input/invalid'));
  await tick();
  assert.equal(conversation.getSnapshot().messages.length, 0);
  assert.equal(transport.sent.length, 0);
  conversation.send('x'.repeat(4000));
  const id = conversation.send('a\u0000b\u001bc\nd\te\r\nf');
  assert.equal((conversation.getSnapshot().messages[1] as TextMessage).text, 'abc\nd\te\nf');
  assert.match(id, /^m_[0-9a-z]+$/);
  conversation.dispose();
  assert.throws(() => conversation.send('hi'), code('conversation/disposed'));
  assert.throws(() => conversation.requestHuman(), code('conversation/disposed'));
});

test('maxLength is configurable', () => {
  const conversation = createConversation({ transport: createScriptedTransport(), maxLength: 5 });
  assert.throws(() => conversation.send('123456'), code('input/too-long'));
  assert.ok(conversation.send('12345'));
  conversation.dispose();
});

test('ids are unique under a burst', () => {
  const conversation = createConversation({ transport: createScriptedTransport() });
  const ids = new Set(Array.from({ length: 2000 }, (_, i) => conversation.send(`m${i}`)));
  assert.equal(ids.size, 2000);
  conversation.dispose();
});

test('delivery: ack marks sent and emits messageSent; the server echo of our message counts as an ack', async () => {
  const { conversation, transport, events } = setup({ autoAck: false });
  const a = conversation.send('first');
  const b = conversation.send('second');
  await tick();
  assert.deepEqual(
    transport.sent.map((e) => e.id),
    [a, b],
  );
  transport.ack(a);
  transport.emit({ type: 'text', id: b, from: 'customer', text: 'second', at: 5, status: 'sent' });
  const [ma, mb] = conversation.getSnapshot().messages as TextMessage[];
  assert.equal(ma!.status, 'sent');
  assert.equal(mb!.status, 'sent');
  assert.equal(conversation.getSnapshot().messages.length, 2);
  assert.deepEqual(
    events.filter((e) => e.type === 'messageSent').map((e) => (e as { messageId: string }).messageId),
    [a, b],
  );
  conversation.dispose();
});

test('snapshot identity: unchanged state keeps the same object and notifies nobody', async () => {
  const { conversation, transport, notified } = setup();
  transport.emit({ type: 'text', id: 't1', from: 'agent', text: 'Hello', at: 1, seq: 1 });
  await frame();
  const snapshot = conversation.getSnapshot();
  const before = notified();
  assert.equal(snapshot.messages.length, 1);
  transport.emit({ type: 'text', id: 't1', from: 'agent', text: 'Hello', at: 1, seq: 1 }); // duplicate seq
  transport.ack('nobody-sent-this');
  transport.emit({ type: 'typing', on: false });
  transport.context!.receive({ v: 1, type: 'text', id: 't1', from: 'agent', text: 'Hello', at: 1, status: 'sent' }); // same content, no seq
  await frame();
  assert.equal(conversation.getSnapshot(), snapshot);
  assert.equal(notified(), before);
  transport.emit({ type: 'typing', on: true });
  await frame();
  assert.notEqual(conversation.getSnapshot(), snapshot);
  assert.equal(notified(), before + 1);
  conversation.dispose();
});

test('notifications are batched: a burst of events notifies once', async () => {
  const { conversation, transport, notified } = setup();
  await frame();
  const before = notified();
  for (let i = 0; i < 50; i++) transport.emit({ type: 'text', id: `t${i}`, from: 'agent', text: `line ${i}`, at: i });
  assert.equal(conversation.getSnapshot().messages.length, 50);
  await frame();
  assert.equal(notified(), before + 1);
  conversation.dispose();
});

test('message events upsert by id; older seqs never overwrite newer ones; reordered seqs land in order', async () => {
  const { conversation, transport } = setup();
  transport.emit({ ...echo(), seq: 3 });
  transport.emit({ ...echo({ state: 'confirmed' }), seq: 5 });
  transport.emit({ ...echo({ state: 'corrected' }), seq: 4 }); // late and stale
  const messages = () => conversation.getSnapshot().messages;
  assert.equal(messages().length, 1);
  assert.equal((messages()[0] as EchoMessage).state, 'confirmed');
  transport.emit({ type: 'text', id: 'b', from: 'agent', text: 'b', at: 1, seq: 8 });
  transport.emit({ type: 'text', id: 'a', from: 'agent', text: 'a', at: 1, seq: 7 });
  assert.deepEqual(
    messages().map((m) => m.id),
    ['echo1', 'a', 'b'],
  );
  assert.equal(conversation.getSnapshot().messages.length, 3);
  conversation.dispose();
});

test('invalid server events are rejected with a coded analytics error and leave state alone', async () => {
  const { conversation, transport, events } = setup();
  await tick();
  const snapshot = conversation.getSnapshot();
  const receive = transport.context!.receive;
  receive({ v: 2, type: 'typing', on: true } as never);
  receive({ v: 1, type: 'text', id: 5 } as never);
  receive({ v: 1, type: 'nonsense' } as never);
  receive('not json' as never);
  await tick();
  assert.equal(conversation.getSnapshot(), snapshot);
  assert.deepEqual(
    events.filter((e) => e.type === 'error').map((e) => (e as { error: { code: string } }).error.code),
    ['protocol/version', 'protocol/invalid', 'protocol/invalid', 'protocol/invalid'],
  );
  conversation.dispose();
});

test('echo: confirm and correct update at once, queue the event and emit analytics', async () => {
  const { conversation, transport, events } = setup();
  transport.emit(echo());
  transport.emit(echo({ id: 'echo2' }));
  conversation.confirmEcho('echo1');
  conversation.correctEcho('echo2', 'no, it was damaged');
  const [e1, e2] = conversation.getSnapshot().messages as EchoMessage[];
  assert.equal(e1!.state, 'confirmed');
  assert.equal(e2!.state, 'corrected');
  assert.equal(e2!.correction, 'no, it was damaged');
  assert.throws(() => conversation.confirmEcho('nope'), code('echo/not-found'));
  assert.throws(() => conversation.correctEcho('nope'), code('echo/not-found'));
  await tick();
  assert.deepEqual(
    transport.sent.map((e) => e.type),
    ['echo.confirm', 'echo.correct'],
  );
  assert.deepEqual(transport.sent[1], { v: 1, type: 'echo.correct', id: transport.sent[1]!.id, echoId: 'echo2', text: 'no, it was damaged' });
  assert.deepEqual(
    events.filter((e) => e.type.startsWith('echo')).map((e) => e.type),
    ['echoShown', 'echoShown', 'echoConfirmed', 'echoCorrected'],
  );
  // A server still reporting 'proposed' does not undo the customer's answer.
  transport.emit(echo({ text: 'changed wording' }));
  assert.equal((conversation.getSnapshot().messages[0] as EchoMessage).state, 'confirmed');
  conversation.dispose();
});

test('choose: validates ids and options, sets chosen once', async () => {
  const { conversation, transport, events } = setup();
  transport.emit(choice());
  assert.throws(() => conversation.choose('nope', 'refund'), code('choice/not-found'));
  assert.throws(() => conversation.choose('pick1', 'nope'), code('choice/option'));
  conversation.choose('pick1', 'resend');
  assert.equal((conversation.getSnapshot().messages[0] as ChoiceMessage).chosen, 'resend');
  assert.throws(() => conversation.choose('pick1', 'refund'), code('choice/already-chosen'));
  await tick();
  assert.deepEqual(
    transport.sent.map((e) => [e.type, (e as { optionId?: string }).optionId]),
    [['choose', 'resend']],
  );
  const chosen = events.find((e) => e.type === 'optionChosen');
  assert.deepEqual(chosen && { ...chosen, at: 0 }, {
    type: 'optionChosen',
    conversationId: 'c1',
    at: 0,
    pickerId: 'pick1',
    optionId: 'resend',
    label: 'Send again',
  });
  conversation.dispose();
});

test('handoff analytics: offered by a handoff choice or message; taken by requestHuman or the human option', async () => {
  const { conversation, transport, events } = setup();
  transport.emit(
    choice({
      id: 'h1',
      purpose: 'handoff',
      options: [
        { id: 'human', label: 'Talk to a person' },
        { id: 'continue', label: 'Keep going' },
      ],
    }),
  );
  transport.emit({ type: 'handoff', id: 'h2', state: 'offered', text: 'Want a person?', at: 1, reason: 'negative-tone' });
  transport.emit({ type: 'handoff', id: 'h2', state: 'offered', text: 'Want a person?', at: 1, reason: 'negative-tone' });
  conversation.choose('h1', 'human');
  conversation.requestHuman();
  transport.emit({ type: 'handoff', id: 'h3', state: 'waiting', text: 'Finding someone', at: 2 });
  transport.emit({ type: 'handoff', id: 'h3', state: 'waiting', text: 'Finding someone…', at: 2 });
  transport.emit({ type: 'handoff', id: 'h3', state: 'connected', text: 'Ana joined', at: 2 });
  await tick();
  const handoff = events
    .filter((e) => e.type.startsWith('handoff'))
    .map((e) => [e.type, (e as { messageId?: string }).messageId, (e as { state?: string }).state]);
  assert.deepEqual(handoff, [
    ['handoffOffered', 'h1', undefined],
    ['handoffOffered', 'h2', undefined],
    ['handoffTaken', 'h1', undefined],
    ['handoffTaken', undefined, undefined],
    ['handoffChanged', 'h3', 'waiting'],
    ['handoffChanged', 'h3', 'connected'],
  ]);
  assert.equal(transport.sent.at(-1)!.type, 'handoff.request');
  conversation.dispose();
});

test('apology, recap analytics from incoming messages', () => {
  const { conversation, transport, events } = setup();
  transport.emit({ type: 'text', id: 'x', from: 'agent', text: 'Sorry about that.', tags: ['apology'], at: 1 });
  transport.emit({ type: 'text', id: 'y', from: 'agent', text: 'Plain.', at: 1 });
  transport.emit({
    type: 'recap',
    id: 'r',
    understood: 'late parcel',
    done: ['resent it'],
    nextStep: { who: 'we', what: 'ship', when: 'tomorrow' },
    resolved: true,
    care: 'Take care',
    at: 1,
  });
  assert.deepEqual(
    events.map((e) => e.type),
    ['apologyUsed', 'recapShown'],
  );
  conversation.dispose();
});

test('apologyUsed once for a streamed reply, whether the start or only the final text carries the tag', () => {
  const { conversation, transport, events } = setup();
  // Tagged only at the end (the server learns it is an apology while streaming).
  transport.emit({ type: 'text', id: 's1', from: 'agent', text: '', status: 'streaming', at: 1 } as never);
  transport.emit({ type: 'delta', id: 's1', offset: 0, text: 'Sorry, ' } as never);
  transport.emit({ type: 'text', id: 's1', from: 'agent', text: 'Sorry, that was our mistake.', status: 'sent', tags: ['apology'], at: 1 });
  // Tagged from the start: the final text does not count it again, nor does a repeat.
  transport.emit({ type: 'text', id: 's2', from: 'agent', text: '', status: 'streaming', tags: ['apology'], at: 2 } as never);
  transport.emit({ type: 'text', id: 's2', from: 'agent', text: 'We are sorry.', status: 'sent', tags: ['apology'], at: 2 });
  transport.emit({ type: 'text', id: 's2', from: 'agent', text: 'We are sorry.', status: 'sent', tags: ['apology'], at: 2 });
  assert.deepEqual(
    events.filter((e) => e.type === 'apologyUsed').map((e) => (e as { messageId?: string }).messageId),
    ['s1', 's2'],
  );
  conversation.dispose();
});

test('rate: validates the score, updates the csat message and sends the event', async () => {
  const { conversation, transport, events } = setup();
  transport.emit({ type: 'csat', id: 'q', prompt: 'How did we do?', scale: 5, at: 1 });
  for (const bad of [0, 6, 2.5, Number.NaN, '4' as unknown as number]) assert.throws(() => conversation.rate(bad), code('csat/score'));
  conversation.rate(4, 'quick, thanks');
  const csat = conversation.getSnapshot().messages[0] as CsatMessage;
  assert.deepEqual([csat.score, csat.comment], [4, 'quick, thanks']);
  await tick();
  assert.deepEqual({ ...transport.sent[0], id: '' }, { v: 1, type: 'csat', id: '', csatId: 'q', score: 4, comment: 'quick, thanks' });
  assert.equal(events.filter((e) => e.type === 'csatGiven').length, 1);
  conversation.dispose();
});

test('a throwing analytics handler or listener does not break the conversation', async () => {
  const { conversation, transport } = setup();
  conversation.on('echoShown', () => {
    throw new Error('boom');
  });
  conversation.subscribe(() => {
    throw new Error('listener boom');
  });
  const warnings: string[] = [];
  conversation.on('warning', (e) => warnings.push(e.error.code));
  transport.emit(echo());
  conversation.confirmEcho('echo1');
  await tick();
  assert.equal(transport.sent.length, 1);
  assert.deepEqual(warnings, ['config/invalid']);
  conversation.dispose();
});

test('on() returns an unsubscribe', () => {
  const { conversation, transport } = setup();
  let count = 0;
  const off = conversation.on('echoShown', () => count++);
  transport.emit(echo());
  off();
  transport.emit(echo({ id: 'echo2' }));
  assert.equal(count, 1);
  conversation.dispose();
});

test("snapshot.tone follows the customer's latest message", async () => {
  const { conversation } = setup();
  assert.equal(conversation.getSnapshot().tone, null);
  conversation.send('This is ridiculous, my order is late AGAIN and nobody answers!!');
  const tone = await whenTone(conversation);
  assert.deepEqual(Object.keys(tone).sort(), ['intensity', 'tone', 'urgency']);
  assert.equal(tone.tone, 'frustration');
  conversation.dispose();
});

test('retry: only failed customer messages', () => {
  const { conversation } = setup();
  const id = conversation.send('hi');
  assert.throws(() => conversation.retry('nope'), code('message/not-found'));
  assert.throws(() => conversation.retry(id), code('message/not-failed'));
  conversation.dispose();
});

test('status follows the transport; errors surface in the snapshot', () => {
  const { conversation, transport } = setup();
  assert.equal(conversation.getSnapshot().status, 'open');
  transport.setStatus('reconnecting');
  assert.equal(conversation.getSnapshot().status, 'reconnecting');
  transport.emit({ type: 'error', code: 'server/busy', message: 'try later' });
  assert.equal(conversation.getSnapshot().error?.code, 'transport/protocol');
  transport.setStatus('open');
  assert.equal(conversation.getSnapshot().error, null);
  conversation.dispose();
});

test('localAgent: greets on connect, acks and replies with typing around it', async () => {
  const conversation = createConversation({ transport: localAgent(undefined, { delayMs: 0 }) });
  const typing: boolean[] = [];
  conversation.subscribe(() => typing.push(conversation.getSnapshot().typing));
  // Poll instead of sleeping a fixed time: a busy machine may need longer for a cold start.
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 400 && !ok(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  await until(() => conversation.getSnapshot().messages.length > 0);
  const greeting = conversation.getSnapshot().messages[0] as TextMessage;
  assert.equal(greeting.from, 'agent');
  const id = conversation.send('my order is late');
  await until(() => conversation.getSnapshot().messages.some((m) => m.kind === 'echo') && !conversation.getSnapshot().typing);
  const messages = conversation.getSnapshot().messages;
  const [first, mine, reply] = messages;
  assert.deepEqual([first?.kind, (first as TextMessage).from], ['text', 'agent']);
  assert.deepEqual([mine?.id, (mine as TextMessage).from, (mine as TextMessage).status], [id, 'customer', 'sent']);
  // The flow engine answers a problem statement with a paraphrase echo of it.
  assert.equal(reply?.kind, 'echo');
  assert.equal(reply?.kind === 'echo' && reply.about, id);
  assert.ok(typing.includes(true));
  assert.equal(conversation.getSnapshot().typing, false);
  const seqs = messages.filter((m) => m.seq !== undefined).map((m) => m.seq!);
  assert.deepEqual(
    seqs,
    [...seqs].sort((a, b) => a - b),
  );
  conversation.dispose();
});

test('send(text, { id }) uses the given client id, and refuses one that is taken or malformed', () => {
  const { conversation, transport } = setup();
  conversation.subscribe(() => {});
  assert.equal(conversation.send('my parcel is late', { id: 'host-1' }), 'host-1');
  assert.throws(() => conversation.send('again', { id: 'host-1' }), code('input/invalid'));
  assert.throws(() => conversation.send('again', { id: 'has space' }), code('input/invalid'));
  assert.equal(conversation.getSnapshot().messages.filter((m) => m.id === 'host-1').length, 1);
  conversation.dispose();
  assert.ok(transport);
});

test('dispose() tells subscribers the conversation is closed', () => {
  const { conversation } = setup();
  const statuses: string[] = [];
  conversation.subscribe(() => statuses.push(conversation.getSnapshot().status));
  conversation.dispose();
  assert.equal(conversation.getSnapshot().status, 'closed');
  assert.equal(statuses.at(-1), 'closed');
});
