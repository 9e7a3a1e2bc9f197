import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UIMessageChunk } from 'ai';
import { createConversation } from '../src/conversation/index.js';
import { aiSdkTransport } from '../src/ai-sdk/index.js';
import { detectTone } from '../src/tone/index.js';
import type { AnalyticsEvent, Conversation } from '../src/conversation.types.js';
import type { Message, TextMessage } from '../src/types.js';
import { startAiSdkServer, type Reply } from './support/ai-sdk-server.js';
import { until } from './support/wait-for.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function setup(replies: Reply[], options: Partial<Parameters<typeof aiSdkTransport>[0]> = {}) {
  const server = await startAiSdkServer(replies);
  const conversation = createConversation({
    transport: aiSdkTransport({ api: server.api, ...options }),
    backoff: { baseMs: 10, maxMs: 20, ackTimeoutMs: 2000 },
  });
  const events: AnalyticsEvent[] = [];
  conversation.on('*', (e) => void events.push(e));
  const seen: Message[][] = [];
  conversation.subscribe(() => void seen.push([...conversation.getSnapshot().messages]));
  return {
    server,
    conversation,
    events,
    seen,
    messages: () => conversation.getSnapshot().messages,
    agentTexts: () => conversation.getSnapshot().messages.filter((m): m is TextMessage => m.kind === 'text' && m.from === 'agent'),
    errors: () => events.filter((e) => e.type === 'error').map((e) => (e.type === 'error' ? e.error.code : '')),
    async close() {
      conversation.dispose();
      await server.close();
    },
  };
}

const finished = (c: Conversation) => () => c.getSnapshot().messages.some((m) => m.kind === 'text' && m.from === 'agent' && !m.streaming);
const text = (id: string, body: string[]): UIMessageChunk[] => [
  { type: 'text-start', id },
  ...body.map((delta) => ({ type: 'text-delta' as const, id, delta })),
  { type: 'text-end', id },
];

test('ai-sdk: a streamText reply (scripted model from ai/test) streams into an agent text message; the request is what useChat sends, with the tone', async () => {
  const t = await setup([{ model: ['Sorry about that. ', "I'll check ", 'your order now.'] }], { tone: detectTone, body: { plan: 'pro' } });
  const id = t.conversation.send('My order NEVER arrived and I am furious, this is ridiculous!');
  await until(finished(t.conversation));
  const [reply] = t.agentTexts();
  assert.equal(reply?.text, "Sorry about that. I'll check your order now.");
  assert.equal(reply?.status, 'sent');
  // It streamed: some notification showed a partial, streaming text.
  assert.ok(t.seen.some((list) => list.some((m) => m.kind === 'text' && m.from === 'agent' && m.streaming === true)));
  const customer = t.messages().find((m) => m.id === id);
  assert.equal(customer?.kind === 'text' && customer.status, 'sent');
  const [request] = t.server.requests;
  assert.equal(request?.id, t.conversation.id);
  assert.equal(request?.trigger, 'submit-message');
  assert.equal(request?.plan, 'pro');
  assert.deepEqual(
    request?.messages.map((m) => [m.id, m.role, m.parts[0]?.text]),
    [[id, 'user', 'My order NEVER arrived and I am furious, this is ridiculous!']],
  );
  const tone = request?.attune?.tone as { tone: string; intensity: number; urgency: boolean };
  assert.equal(tone.tone, 'frustration');
  assert.deepEqual(request?.messages[0]?.metadata?.attune?.tone, tone);
  // The next request carries the reply as history.
  t.conversation.send('Thanks');
  await until(() => t.server.requests.length === 2);
  assert.deepEqual(
    t.server.requests[1]?.messages.map((m) => [m.role, m.parts[0]?.text]),
    [
      ['user', 'My order NEVER arrived and I am furious, this is ridiculous!'],
      ['assistant', "Sorry about that. I'll check your order now."],
      ['user', 'Thanks'],
    ],
  );
  await t.close();
});

test('ai-sdk: data-attune-* parts become Attune messages; the confirmed echo and the recap travel with the next requests; a choice is answered as a user turn', async () => {
  const recap = {
    understood: 'Your parcel is late',
    done: ['Checked the tracking'],
    nextStep: { who: 'We', what: 'send a new parcel', when: 'today' },
    resolved: false,
    care: 'Thanks for your patience.',
  };
  const t = await setup([
    {
      chunks: [
        { type: 'start', messageId: 'msg-1' },
        ...text('0', ['I hear you.']),
        {
          type: 'data-attune-echo',
          id: 'echo-1',
          data: { text: "It sounds like your parcel hasn't arrived — did I get that right?", reflection: "your parcel hasn't arrived" },
        },
        {
          type: 'data-attune-choice',
          data: {
            id: 'pick-1',
            prompt: 'What would help?',
            options: [
              { id: 'refund', label: 'A refund' },
              { id: 'resend', label: 'Send it again' },
              { id: 'wait', label: 'Wait a day' },
            ],
          },
        },
        { type: 'finish' },
      ],
    },
    {
      chunks: [
        { type: 'start' },
        { type: 'data-attune-recap', data: recap },
        { type: 'data-attune-handoff', data: { text: 'Want a person?' } },
        { type: 'data-attune-csat', data: { prompt: 'How did we do?' } },
        { type: 'finish' },
      ],
    },
  ]);
  t.conversation.send('My parcel never came');
  await until(() => t.messages().some((m) => m.kind === 'choice'));
  const echo = t.messages().find((m) => m.kind === 'echo');
  assert.equal(echo?.kind === 'echo' && echo.reflection, "your parcel hasn't arrived");
  assert.equal(echo?.id, 'echo-1');
  const choice = t.messages().find((m) => m.kind === 'choice');
  assert.equal(choice?.kind === 'choice' && choice.options.length, 3);
  t.conversation.confirmEcho('echo-1');
  t.conversation.choose('pick-1', 'resend');
  await until(() => t.messages().some((m) => m.kind === 'csat'));
  const answer = t.server.requests[1];
  assert.equal(answer?.attune?.understanding, "your parcel hasn't arrived");
  const last = answer?.messages.at(-1);
  assert.equal(last?.parts[0]?.text, 'Send it again');
  assert.deepEqual(last?.metadata?.attune?.answer, { pickerId: 'pick-1', optionId: 'resend' });
  const shown = t.messages().find((m) => m.kind === 'recap');
  assert.equal(shown?.kind === 'recap' && shown.nextStep.what, 'send a new parcel');
  assert.equal(t.messages().find((m) => m.kind === 'handoff')?.kind, 'handoff');
  assert.ok(t.events.some((e) => e.type === 'recapShown'));
  // The recap now travels with every request.
  t.conversation.send('ok');
  await until(() => t.server.requests.length === 3);
  assert.deepEqual(t.server.requests[2]?.attune?.recap, recap);
  await t.close();
});

test('ai-sdk: a 4-option choice and a malformed echo are refused with coded errors; the text around them still renders', async () => {
  const four = ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id.toUpperCase() }));
  const t = await setup([
    {
      chunks: [
        { type: 'start' },
        { type: 'data-attune-choice', data: { prompt: 'Pick', options: four } },
        { type: 'data-attune-echo', data: { reflection: 42 } },
        { type: 'data-attune-choice', data: 'not an object' },
        ...text('0', ['Still here.']),
        { type: 'finish' },
      ],
    },
  ]);
  t.conversation.send('Hello there, my card was charged twice');
  await until(finished(t.conversation));
  assert.equal(t.agentTexts()[0]?.text, 'Still here.');
  assert.equal(t.messages().filter((m) => m.kind === 'choice' || m.kind === 'echo').length, 0);
  assert.deepEqual(t.errors(), ['options/count', 'protocol/invalid', 'protocol/invalid']);
  await t.close();
});

test('ai-sdk: an error part fails the customer message (coded, retryable); retry runs it again and replaces the partial reply', async () => {
  const t = await setup([
    { throws: 'model overloaded' },
    { chunks: [{ type: 'start' }, ...text('a', ['Found it: ', 'your parcel ships today.']), { type: 'finish' }] },
  ]);
  const id = t.conversation.send('Where is my parcel?');
  await until(() => t.errors().length > 0);
  await until(() => {
    const m = t.messages().find((x) => x.id === id);
    return m?.kind === 'text' && m.status === 'failed';
  });
  assert.deepEqual(t.errors(), ['transport/protocol']);
  const failed = t.messages().find((x) => x.id === id) as TextMessage;
  assert.equal(failed.error?.code, 'transport/protocol');
  assert.match(failed.error?.message ?? '', /model overloaded/);
  assert.equal(t.agentTexts()[0]?.status, 'failed');
  t.conversation.retry(id);
  await until(() => t.agentTexts()[0]?.text === 'Found it: your parcel ships today.' && t.agentTexts()[0]?.status === 'sent');
  assert.equal(t.server.requests.length, 2);
  assert.equal(t.server.requests[1]?.messages.filter((m) => m.role === 'user').length, 1);
  assert.equal(t.messages().filter((m) => m.kind === 'text' && m.from === 'customer').length, 1);
  assert.equal(t.agentTexts().length, 1, 'the partial reply was replaced, not duplicated');
  assert.equal((t.messages().find((x) => x.id === id) as TextMessage).status, 'sent');
  await t.close();
});

test('ai-sdk: HTTP 500 is retried by the outbox; HTTP 400 fails the message with transport/http', async () => {
  const t = await setup([{ status: 500 }, { model: ['Back again.'] }, { status: 400 }]);
  t.conversation.send('Hi, the app crashes when I pay');
  await until(finished(t.conversation));
  assert.equal(t.agentTexts()[0]?.text, 'Back again.');
  assert.equal(t.server.requests.length, 2);
  const id = t.conversation.send('And another thing');
  await until(() => {
    const m = t.messages().find((x) => x.id === id);
    return m?.kind === 'text' && m.status === 'failed';
  });
  const failed = t.events.find((e) => e.type === 'messageFailed');
  assert.equal(failed?.type === 'messageFailed' && failed.error.code, 'transport/http');
  assert.equal(failed?.type === 'messageFailed' && failed.error.retryable, false);
  await t.close();
});

test('ai-sdk: a stream dropped mid-reply resumes through GET {api}/{id}/stream with nothing duplicated', async () => {
  const chunks: UIMessageChunk[] = [
    { type: 'start' },
    ...text('0', ['One, ', 'two, ', 'three, ', 'four.']),
    { type: 'data-attune-echo', data: { id: 'e1', text: 'So the count stopped?', reflection: 'the count stopped' } },
    { type: 'finish' },
  ];
  const t = await setup([{ chunks, cutAfter: 3 }]);
  const id = t.conversation.send('Count for me please');
  await until(() => t.messages().some((m) => m.kind === 'echo'));
  await until(finished(t.conversation));
  assert.equal(t.server.resumes.length, 1);
  assert.equal(t.agentTexts().length, 1);
  assert.equal(t.agentTexts()[0]?.text, 'One, two, three, four.');
  assert.equal(t.messages().filter((m) => m.kind === 'echo').length, 1);
  assert.equal((t.messages().find((x) => x.id === id) as TextMessage).status, 'sent');
  assert.deepEqual(t.errors(), []);
  await t.close();
});

test('ai-sdk: a drop with nothing to resume (204) is a retryable stream/interrupted error; retry completes the reply once', async () => {
  const chunks: UIMessageChunk[] = [{ type: 'start' }, ...text('0', ['Half ', 'a reply']), { type: 'finish' }];
  const t = await setup([{ chunks, cutAfter: 2, resumable: false }, { chunks }]);
  const id = t.conversation.send('Tell me everything');
  await until(() => t.errors().length > 0);
  assert.deepEqual(t.errors(), ['stream/interrupted']);
  assert.ok(t.server.resumes.length >= 1);
  await until(() => (t.messages().find((x) => x.id === id) as TextMessage).status === 'failed');
  assert.equal(t.agentTexts()[0]?.status, 'failed');
  t.conversation.retry(id);
  await until(() => t.agentTexts()[0]?.status === 'sent');
  assert.equal(t.agentTexts().length, 1);
  assert.equal(t.agentTexts()[0]?.text, 'Half a reply');
  assert.equal(t.messages().filter((m) => m.kind === 'text' && m.from === 'customer').length, 1);
  await t.close();
});

test('ai-sdk: stop() aborts the reply and keeps what arrived', async () => {
  const t = await setup([{ model: Array.from({ length: 400 }, (_, i) => `word${i} `) }]);
  t.conversation.send('Write me a long story');
  await until(() => (t.agentTexts()[0]?.text.length ?? 0) > 20);
  t.conversation.stop();
  await sleep(100);
  const [reply] = t.agentTexts();
  assert.equal(reply?.stopped, true);
  assert.ok((reply?.text.length ?? 0) < 400 * 7);
  assert.deepEqual(t.errors(), []);
  await t.close();
});
