import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventType, type BaseEvent, type RunAgentInput } from '@ag-ui/core';
import { EventEncoder } from '@ag-ui/encoder';
import { createConversation } from '../src/conversation/index.js';
import { agUiTransport } from '../src/ag-ui/index.js';
import { detectTone } from '../src/tone/index.js';
import type { AnalyticsEvent } from '../src/conversation.types.js';
import type { TextMessage } from '../src/types.js';
import { until } from './support/wait-for.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One run's events (without RUN_STARTED, added here), or `cut` to drop the connection after them. */
type Script = (input: RunAgentInput) => { events: BaseEvent[]; cut?: boolean; status?: number };

/** A loopback AG-UI agent endpoint: events encoded by the real `@ag-ui/encoder`. */
async function startAgent(scripts: Script[]) {
  const inputs: RunAgentInput[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    void (async () => {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const input = JSON.parse(body) as RunAgentInput;
      inputs.push(input);
      const script: Script = scripts.shift() ?? (() => ({ events: [] }));
      const { events, cut, status } = script(input);
      if (status) return void res.writeHead(status).end();
      const encoder = new EventEncoder(req.headers.accept ? { accept: req.headers.accept } : {});
      res.writeHead(200, { 'content-type': encoder.getContentType(), 'cache-control': 'no-cache' });
      res.write(encoder.encodeSSE({ type: EventType.RUN_STARTED, threadId: input.threadId, runId: input.runId }));
      for (const event of events) {
        res.write(encoder.encodeSSE(event));
        await sleep(2);
      }
      if (cut) return void res.socket?.destroy();
      res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/agent`,
    inputs,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const finished = (input: RunAgentInput): BaseEvent => ({ type: EventType.RUN_FINISHED, threadId: input.threadId, runId: input.runId });
const say = (messageId: string, ...deltas: string[]): BaseEvent[] => [
  { type: EventType.TEXT_MESSAGE_START, messageId, role: 'assistant' },
  ...deltas.map((delta) => ({ type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta })),
  { type: EventType.TEXT_MESSAGE_END, messageId },
];
const custom = (name: string, value: unknown): BaseEvent => ({ type: EventType.CUSTOM, name, value });

async function setup(scripts: Script[], tone = false) {
  const agent = await startAgent(scripts);
  const conversation = createConversation({
    transport: agUiTransport({ url: agent.url, ...(tone ? { tone: detectTone } : {}), forwardedProps: { plan: 'pro' } }),
    backoff: { baseMs: 10, maxMs: 20, ackTimeoutMs: 2000 },
  });
  const events: AnalyticsEvent[] = [];
  conversation.on('*', (e) => void events.push(e));
  conversation.subscribe(() => undefined);
  return {
    agent,
    conversation,
    messages: () => conversation.getSnapshot().messages,
    agentTexts: () => conversation.getSnapshot().messages.filter((m): m is TextMessage => m.kind === 'text' && m.from === 'agent'),
    errors: () => events.flatMap((e) => (e.type === 'error' ? [e.error.code] : [])),
    async close() {
      conversation.dispose();
      await agent.close();
    },
  };
}

test('ag-ui: TEXT_MESSAGE_* and TEXT_MESSAGE_CHUNK stream into agent text; RunAgentInput carries the history, the tone in context[] and forwardedProps', async () => {
  const t = await setup(
    [
      (input) => ({ events: [...say('reply-1', 'I am sorry ', 'to hear that. ', 'Checking now.'), finished(input)] }),
      (input) => ({
        events: [
          { type: EventType.TEXT_MESSAGE_CHUNK, messageId: 'reply-2', role: 'assistant', delta: 'Chunked ' },
          { type: EventType.TEXT_MESSAGE_CHUNK, delta: 'reply.' },
          finished(input),
        ],
      }),
    ],
    true,
  );
  const id = t.conversation.send('This is the third time my payment FAILED, I am so angry');
  await until(() => t.agentTexts()[0]?.status === 'sent' && !t.agentTexts()[0]?.streaming);
  assert.equal(t.agentTexts()[0]?.text, 'I am sorry to hear that. Checking now.');
  assert.equal(t.agentTexts()[0]?.id, 'reply-1');
  const [input] = t.agent.inputs;
  assert.equal(input?.threadId, t.conversation.id);
  assert.ok(input?.runId);
  assert.deepEqual(input?.messages, [{ id, role: 'user', content: 'This is the third time my payment FAILED, I am so angry' }]);
  assert.deepEqual(input?.tools, []);
  assert.deepEqual(input?.forwardedProps, { plan: 'pro' });
  const tone = JSON.parse(input?.context.find((c) => c.description === 'attune.tone')?.value ?? '{}') as { tone: string };
  assert.equal(tone.tone, 'frustration');
  assert.equal(input?.resume, undefined);
  t.conversation.send('ok');
  await until(() => t.agentTexts()[1]?.text === 'Chunked reply.' && !t.agentTexts()[1]?.streaming);
  assert.deepEqual(
    t.agent.inputs[1]?.messages.map((m) => [m.role, m.content]),
    [
      ['user', 'This is the third time my payment FAILED, I am so angry'],
      ['assistant', 'I am sorry to hear that. Checking now.'],
      ['user', 'ok'],
    ],
  );
  await t.close();
});

test('ag-ui: CUSTOM attune.* events become Attune messages; a 4-option choice is refused with options/count', async () => {
  const t = await setup([
    (input) => ({
      events: [
        custom('attune.echo', { id: 'echo-1', text: 'So the invoice shows the wrong address — right?', reflection: 'the invoice shows the wrong address' }),
        custom('attune.choice', { id: 'pick-4', prompt: 'Pick', options: ['a', 'b', 'c', 'd'].map((x) => ({ id: x, label: x })) }),
        custom('attune.choice', {
          id: 'pick-2',
          prompt: 'Fix it how?',
          options: [
            { id: 'edit', label: 'Edit the invoice' },
            { id: 'new', label: 'Issue a new one' },
          ],
        }),
        custom('attune.recap', {
          understood: 'Wrong address',
          done: ['Edited it'],
          nextStep: { who: 'We', what: 'email the invoice' },
          resolved: true,
          care: 'Glad to help.',
        }),
        custom('attune.nonsense', {}),
        custom('other.app-event', { ignored: true }),
        finished(input),
      ],
    }),
    (input) => ({ events: [finished(input)] }),
  ]);
  t.conversation.send('The invoice has the wrong address on it');
  await until(() => t.messages().some((m) => m.kind === 'recap') && t.errors().length === 2);
  assert.deepEqual(
    t.messages().map((m) => m.kind),
    ['text', 'echo', 'choice', 'recap'],
  );
  assert.equal(t.messages().find((m) => m.kind === 'choice')?.id, 'pick-2');
  assert.deepEqual(t.errors(), ['options/count', 'protocol/invalid']);
  // The confirmed understanding goes to the agent in context[].
  t.conversation.confirmEcho('echo-1');
  t.conversation.send('thanks');
  await until(() => t.agent.inputs.length === 2);
  assert.equal(t.agent.inputs[1]?.context.find((c) => c.description === 'attune.understanding')?.value, 'the invoice shows the wrong address');
  assert.match(t.agent.inputs[1]?.context.find((c) => c.description === 'attune.recap')?.value ?? '', /email the invoice/);
  await t.close();
});

test('ag-ui: interrupts — confirmation becomes an echo, input_required an option picker; the answers reach the agent as resume[]', async () => {
  const t = await setup([
    (input) => ({
      events: [
        ...say('r1', 'Let me make sure.'),
        {
          ...finished(input),
          outcome: {
            type: 'interrupt',
            interrupts: [
              {
                id: 'int-confirm',
                reason: 'confirmation',
                message: 'You want to cancel order 1234 — is that right?',
                metadata: { reflection: 'you want to cancel order 1234' },
              },
            ],
          },
        },
      ],
    }),
    (input) => ({
      events: [
        {
          ...finished(input),
          outcome: {
            type: 'interrupt',
            interrupts: [
              {
                id: 'int-choose',
                reason: 'input_required',
                message: 'Refund to?',
                responseSchema: {
                  type: 'string',
                  oneOf: [
                    { const: 'card', title: 'My card' },
                    { const: 'credit', title: 'Store credit' },
                  ],
                },
              },
            ],
          },
        },
      ],
    }),
    (input) => ({ events: [...say('r3', 'Done: refund to your card.'), finished(input)] }),
  ]);
  t.conversation.send('Please cancel order 1234');
  await until(() => t.messages().some((m) => m.kind === 'echo'));
  const echo = t.messages().find((m) => m.kind === 'echo');
  assert.equal(echo?.kind === 'echo' && echo.reflection, 'you want to cancel order 1234');
  t.conversation.confirmEcho(echo!.id);
  await until(() => t.messages().some((m) => m.kind === 'choice'));
  assert.deepEqual(t.agent.inputs[1]?.resume, [{ interruptId: 'int-confirm', status: 'resolved', payload: { confirmed: true } }]);
  const choice = t.messages().find((m) => m.kind === 'choice');
  assert.deepEqual(choice?.kind === 'choice' && choice.options.map((o) => o.label), ['My card', 'Store credit']);
  t.conversation.choose(choice!.id, 'card');
  await until(() => t.agentTexts().some((m) => m.text === 'Done: refund to your card.'));
  assert.deepEqual(t.agent.inputs[2]?.resume, [{ interruptId: 'int-choose', status: 'resolved', payload: { optionId: 'card', label: 'My card' } }]);
  assert.deepEqual(t.errors(), []);
  await t.close();
});

test('ag-ui: an input_required interrupt with 4 choices is refused (options/count) and cancelled on the next run; a corrected echo answers with the correction', async () => {
  const t = await setup([
    (input) => ({
      events: [
        {
          ...finished(input),
          outcome: {
            type: 'interrupt',
            interrupts: [
              { id: 'too-many', reason: 'input_required', message: 'Which?', metadata: { options: ['a', 'b', 'c', 'd'].map((x) => ({ id: x, label: x })) } },
              { id: 'confirm', reason: 'confirmation', message: 'The charge was doubled?' },
            ],
          },
        },
      ],
    }),
    (input) => ({ events: [finished(input)] }),
  ]);
  t.conversation.send('I was charged twice');
  await until(() => t.messages().some((m) => m.kind === 'echo'));
  assert.deepEqual(t.errors(), ['options/count']);
  assert.equal(t.messages().filter((m) => m.kind === 'choice').length, 0);
  const echo = t.messages().find((m) => m.kind === 'echo')!;
  t.conversation.correctEcho(echo.id, 'No, charged three times');
  await until(() => t.agent.inputs.length === 2);
  assert.deepEqual(t.agent.inputs[1]?.resume, [
    { interruptId: 'too-many', status: 'cancelled' },
    { interruptId: 'confirm', status: 'resolved', payload: { confirmed: false, correction: 'No, charged three times' } },
  ]);
  assert.equal(t.agent.inputs[1]?.context.find((c) => c.description === 'attune.understanding')?.value, 'No, charged three times');
  await t.close();
});

test('ag-ui: RUN_ERROR and a dropped stream fail the customer message (coded, retryable); retry re-runs with nothing duplicated; HTTP 503 is retried', async () => {
  const t = await setup([
    () => ({ events: [...say('x1', 'Partial'), { type: EventType.RUN_ERROR, message: 'upstream model timed out', code: 'TIMEOUT' }] }),
    (input) => ({ events: [...say('x2', 'All good now.'), finished(input)] }),
    () => ({
      events: [
        { type: EventType.TEXT_MESSAGE_START, messageId: 'x3', role: 'assistant' },
        { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'x3', delta: 'Cut o' },
      ],
      cut: true,
    }),
    () => ({ events: [], status: 503 }),
    (input) => ({ events: [...say('x3', 'Cut off before, complete now.'), finished(input)] }),
  ]);
  const first = t.conversation.send('Why was I charged?');
  await until(() => (t.messages().find((m) => m.id === first) as TextMessage).status === 'failed');
  assert.deepEqual(t.errors(), ['transport/protocol']);
  assert.match((t.messages().find((m) => m.id === first) as TextMessage).error?.message ?? '', /TIMEOUT upstream model timed out/);
  t.conversation.retry(first);
  await until(() => t.agentTexts().some((m) => m.text === 'All good now.'));
  const second = t.conversation.send('And the refund?');
  await until(() => (t.messages().find((m) => m.id === second) as TextMessage).status === 'failed');
  assert.deepEqual(t.errors(), ['transport/protocol', 'stream/interrupted']);
  t.conversation.retry(second);
  await until(() => t.agentTexts().some((m) => m.text === 'Cut off before, complete now.' && m.status === 'sent'));
  assert.equal(t.agent.inputs.length, 5);
  assert.equal(t.messages().filter((m) => m.kind === 'text' && m.from === 'customer').length, 2);
  assert.deepEqual(
    t.agentTexts().map((m) => [m.text, m.status]),
    [
      ['Partial', 'sent'],
      ['All good now.', 'sent'],
      ['Cut off before, complete now.', 'sent'],
    ],
  );
  await t.close();
});

test('ag-ui: MESSAGES_SNAPSHOT resyncs the history sent with the next run', async () => {
  const t = await setup([
    (input) => ({
      events: [
        {
          type: EventType.MESSAGES_SNAPSHOT,
          messages: [
            { id: input.messages[0]!.id, role: 'user', content: 'hello' },
            { id: 'older-answer', role: 'assistant', content: 'An answer the page never saw.' },
          ],
        },
        finished(input),
      ],
    }),
    (input) => ({ events: [finished(input)] }),
  ]);
  t.conversation.send('hello');
  await until(() => t.agentTexts().some((m) => m.id === 'older-answer'));
  t.conversation.send('again');
  await until(() => t.agent.inputs.length === 2);
  assert.deepEqual(
    t.agent.inputs[1]?.messages.map((m) => m.content),
    ['hello', 'An answer the page never saw.', 'again'],
  );
  await t.close();
});
