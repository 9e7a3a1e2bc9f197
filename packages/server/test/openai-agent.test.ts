// The OpenAI-compatible agent against a loopback model server that streams
// `chat.completion.chunk` SSE (text, tool-call deltas merged by index, a usage chunk,
// `[DONE]`), fails with a 500 or stalls past the timeout, through the real reference server.
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { AttuneError } from '@attune/core';
import { systemPrompt } from '../src/agents/openai.js';
import { createServer, MODEL_UNAVAILABLE_NOTICE, openAiAgentFromEnv, openAiCompatibleAgent, type RunningServer } from '../src/index.js';
import { newConversation, post, readSse } from './helpers.js';

const KEY = 'sk-test-0123456789abcdef-secret';

type Scenario = (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) => void | Promise<void>;
let scenario: Scenario;
const requests: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];
const logged: { message: string; error: AttuneError }[] = [];
const usages: unknown[] = [];

const sse = (res: ServerResponse): ((data: unknown) => void) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  return (data) => res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
};
const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'loopback-1',
  system_fingerprint: 'fp_unknown_field',
  choices: [{ index: 0, delta, logprobs: null, finish_reason: null }],
  ...extra,
});
const finish = (reason: string): Record<string, unknown> => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta: {}, finish_reason: reason }],
});
const usageChunk = { id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 } };

let model: Server;
let server: RunningServer;
before(async () => {
  model = createHttpServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      requests.push({ headers: req.headers, body });
      void scenario(req, res, body);
    });
  });
  await new Promise<void>((resolve) => model.listen(0, '127.0.0.1', resolve));
  const { port } = model.address() as AddressInfo;
  const agent = openAiCompatibleAgent({
    baseURL: `http://127.0.0.1:${String(port)}/v1`,
    apiKey: KEY,
    model: 'loopback-1',
    system: 'You help customers of Acme Shoes.',
    timeoutMs: 400,
    log: (message, error) => logged.push({ message, error }),
    onUsage: (usage) => usages.push(usage),
  });
  server = await createServer({ port: 0, agent });
});
after(async () => {
  await server.close();
  model.closeAllConnections();
  await new Promise((resolve) => model.close(resolve));
});
beforeEach(() => {
  requests.length = 0;
  logged.length = 0;
  usages.length = 0;
});

type Ev = Record<string, unknown>;
const finalText = (events: Ev[]): Ev | undefined => events.find((e) => e.type === 'text' && e.from === 'agent' && e.status !== 'streaming');

/** Sends one customer message and reads the stream until `done` holds (or 10 s). */
async function turn(text: string, done: (events: Ev[]) => boolean): Promise<{ events: Ev[]; id: string }> {
  const { id, token } = await newConversation(server.url);
  const reading = readSse(`${server.url}/conversations/${id}/stream`, token, done, 10_000);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const res = await post(`${server.url}/conversations/${id}/events`, token, { v: 1, type: 'message', id: 'm1', text });
  assert.ok(res.ok, `the message is accepted (${String(res.status)})`);
  return { events: await reading, id };
}
const acked = (events: Ev[]): boolean => events.some((e) => e.type === 'ack' && e.id === 'm1');

test('streamed text: deltas, a usage chunk and [DONE]; the prompt carries the tone; the key never reaches the client', async () => {
  scenario = async (_req, res) => {
    const send = sse(res);
    send(chunk({ role: 'assistant', content: '' }));
    for (const piece of ['I can ', 'help with ', 'that. ', 'Let me check ', 'your order now.']) {
      send(chunk({ content: piece }));
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    send(finish('stop'));
    send(usageChunk);
    send('[DONE]');
    res.end();
  };
  const { events, id } = await turn('My order STILL has not arrived and I am furious, I need it by tomorrow!!!', (e) => acked(e) && Boolean(finalText(e)));
  assert.equal(finalText(events)?.text, 'I can help with that. Let me check your order now.');
  assert.equal(finalText(events)?.status, 'sent');
  assert.equal(finalText(events)?.name, 'Assistant');
  assert.ok(
    events.some((e) => e.type === 'delta'),
    'the reply streamed as deltas',
  );
  assert.deepEqual(usages, [{ promptTokens: 42, completionTokens: 7, totalTokens: 49 }]);

  const [request] = requests;
  assert.ok(request);
  assert.equal(request.headers.authorization, `Bearer ${KEY}`);
  assert.equal(request.body.model, 'loopback-1');
  assert.equal(request.body.stream, true);
  const messages = request.body.messages as { role: string; content: string }[];
  assert.equal(messages[0]?.role, 'system');
  assert.match(messages[0]?.content ?? '', /Acme Shoes/);
  assert.match(messages[0]?.content ?? '', /reads as (anger|frustration|anxiety) \(intensity 0\.\d\d, time pressure/);
  assert.deepEqual(messages.at(-1), { role: 'user', content: 'My order STILL has not arrived and I am furious, I need it by tomorrow!!!' });
  assert.deepEqual(
    (request.body.tools as { function: { name: string } }[]).map((t) => t.function.name),
    ['offer_options', 'send_recap'],
  );

  // Nothing the client can read — the stream, the stored log — contains the key.
  assert.ok(!JSON.stringify(events).includes(KEY));
  assert.ok(!JSON.stringify(await server.store.read(id, 0)).includes(KEY));
});

test('tool-call deltas merge by index: a valid 3-option picker is shown, a 4-option one is dropped and logged', async () => {
  scenario = (_req, res) => {
    const send = sse(res);
    send(chunk({ content: 'Here is what I can do.' }));
    // Two calls interleaved, each split across chunks; only index 0 carries id and name once.
    send(chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'offer_options', arguments: '{"prompt":"How should' } }] }));
    send(
      chunk({
        tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'offer_options', arguments: '{"prompt":"Pick one","options":["A","B",' } }],
      }),
    );
    send(chunk({ tool_calls: [{ index: 0, function: { arguments: ' we continue?","options":["Refund","Replacement",' } }] }));
    send(chunk({ tool_calls: [{ index: 1, function: { arguments: '"C","D"]}' } }] }));
    send(chunk({ tool_calls: [{ index: 0, function: { arguments: '"Talk to a person"]}' } }] }));
    send(finish('tool_calls'));
    send('[DONE]');
    res.end();
  };
  const { events } = await turn('I want my money back or a new pair', (e) => acked(e) && e.some((x) => x.type === 'choice'));
  const choices = events.filter((e) => e.type === 'choice');
  assert.equal(choices.length, 1, 'only the valid picker is shown');
  assert.equal(choices[0]?.prompt, 'How should we continue?');
  assert.deepEqual(
    (choices[0]?.options as { label: string }[]).map((o) => o.label),
    ['Refund', 'Replacement', 'Talk to a person'],
  );
  assert.equal(finalText(events)?.text, 'Here is what I can do.');
  const dropped = logged.find((l) => l.error.code === 'options/count');
  assert.ok(dropped, `the 4-option call is logged with options/count (${JSON.stringify(logged.map((l) => l.error.code))})`);
  assert.match(dropped.message, /offer_options/);
  // The final text comes before the picker.
  assert.ok(events.indexOf(finalText(events) ?? {}) < events.indexOf(choices[0] ?? {}));
});

test('a send_recap tool call becomes a recap and the satisfaction question', async () => {
  scenario = (_req, res) => {
    const send = sse(res);
    send(chunk({ content: 'Done — the refund is on its way.' }));
    const args = JSON.stringify({
      understood: 'your order never arrived',
      done: ['refund issued'],
      next_step: { who: 'Acme', what: 'refund to your card', when: 'within 5 days' },
      resolved: true,
    });
    send(chunk({ tool_calls: [{ index: 0, id: 'call_r', function: { name: 'send_recap', arguments: args.slice(0, 30) } }] }));
    send(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(30) } }] }));
    send(finish('tool_calls'));
    send('[DONE]');
    res.end();
  };
  const { events } = await turn('please just refund me', (e) => acked(e) && e.some((x) => x.type === 'csat'));
  const recap = events.find((e) => e.type === 'recap');
  assert.equal(recap?.understood, 'your order never arrived');
  assert.deepEqual(recap?.nextStep, { who: 'Acme', what: 'refund to your card', when: 'within 5 days' });
  assert.ok(events.some((e) => e.type === 'csat'));
});

test('a 500 from the model: the customer is told honestly and the flow agent answers', async () => {
  scenario = (_req, res) => {
    // An endpoint that echoes the key in its error must not leak it anywhere.
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `internal error for key ${KEY}` } }));
  };
  const { events } = await turn(
    'My order never arrived',
    (e) => acked(e) && e.filter((x) => x.type !== 'ack' && x.type !== 'delta' && x.type !== 'typing').length >= 4,
  );
  assert.equal(finalText(events)?.text, MODEL_UNAVAILABLE_NOTICE);
  const after = events.filter((e) => e.seq !== undefined && Number(e.seq) > Number(finalText(events)?.seq));
  assert.ok(
    after.some((e) => e.type === 'echo' || (e.type === 'text' && e.from === 'agent')),
    `the flow agent answered after the notice (${JSON.stringify(after.map((e) => e.type))})`,
  );
  assert.equal(logged[0]?.error.code, 'model/http');
  assert.ok(!logged[0]?.error.message.includes(KEY), 'the key is redacted from the log');
  assert.ok(!JSON.stringify(events).includes(KEY));
});

test('a stall past the timeout: what arrived stays, the notice follows, the flow agent answers', async () => {
  let release: () => void = () => undefined;
  scenario = async (_req, res) => {
    const send = sse(res);
    send(chunk({ content: 'Let me look' }));
    await new Promise<void>((resolve) => (release = resolve));
    res.end();
  };
  const started = Date.now();
  const { events } = await turn(
    'Where is my parcel?',
    (e) => acked(e) && Boolean(finalText(e)) && e.some((x) => x.seq !== undefined && Number(x.seq) > Number(finalText(e)?.seq)),
  );
  release();
  assert.equal(finalText(events)?.text, `Let me look\n\n${MODEL_UNAVAILABLE_NOTICE}`);
  assert.equal(logged[0]?.error.code, 'model/timeout');
  assert.ok(Date.now() - started >= 400, 'the fallback waited for the timeout');
});

test('a hostile stream (bad JSON) is a coded model/invalid and falls back', async () => {
  scenario = (_req, res) => {
    const send = sse(res);
    send(chunk({ content: 'Sure' }));
    send('{"choices": [ not json');
    res.end();
  };
  const { events } = await turn('hello?', (e) => acked(e) && Boolean(finalText(e)));
  assert.equal(finalText(events)?.text, `Sure\n\n${MODEL_UNAVAILABLE_NOTICE}`);
  assert.equal(logged[0]?.error.code, 'model/invalid');
});

test('a huge event is refused with model/oversize without buffering it whole', async () => {
  scenario = (_req, res) => {
    const send = sse(res);
    send(chunk({ content: 'x'.repeat(300 * 1024) }));
    send('[DONE]');
    res.end();
  };
  const { events } = await turn('hi', (e) => acked(e) && Boolean(finalText(e)));
  assert.equal(finalText(events)?.text, MODEL_UNAVAILABLE_NOTICE);
  assert.equal(logged[0]?.error.code, 'model/oversize');
});

test('bad settings are refused with config/invalid', () => {
  assert.throws(
    () => openAiCompatibleAgent({ baseURL: 'not a url', model: 'm' }),
    (e: unknown) => e instanceof AttuneError && e.code === 'config/invalid',
  );
  assert.throws(
    () => openAiCompatibleAgent({ baseURL: 'file:///etc', model: 'm' }),
    (e: unknown) => e instanceof AttuneError && e.code === 'config/invalid',
  );
  assert.throws(
    () => openAiCompatibleAgent({ baseURL: 'http://127.0.0.1:1/v1', model: ' ' }),
    (e: unknown) => e instanceof AttuneError && e.code === 'config/invalid',
  );
});

test('the confirmed echo (or the correction) goes into the prompt', () => {
  const customer = { kind: 'text', id: 'm1', from: 'customer', text: 'my parcel is lost', status: 'sent', at: 1 } as const;
  const echo = { kind: 'echo', id: 'e1', about: 'm1', text: 'It sounds like your parcel is lost — right?', reflection: 'your parcel is lost', at: 2 } as const;
  assert.match(systemPrompt([customer, { ...echo, state: 'confirmed' }], undefined), /confirmed your understanding: "your parcel is lost"/);
  assert.match(
    systemPrompt([customer, { ...echo, state: 'corrected', correction: 'it arrived broken' }], undefined),
    /corrected your understanding: "it arrived broken"/,
  );
  assert.doesNotMatch(systemPrompt([customer, { ...echo, state: 'proposed' }], undefined), /understanding/);
});

test('openAiAgentFromEnv: nothing set → no agent; a key without a model → config/invalid; base URL + model → an agent', () => {
  assert.equal(openAiAgentFromEnv({}), undefined);
  assert.throws(
    () => openAiAgentFromEnv({ OPENAI_API_KEY: KEY }),
    (e: unknown) => e instanceof AttuneError && e.code === 'config/invalid' && !e.message.includes(KEY),
  );
  assert.equal(typeof openAiAgentFromEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', ATTUNE_MODEL: 'llama3.2' }), 'function');
  assert.throws(
    () => openAiAgentFromEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', ATTUNE_MODEL: 'm', ATTUNE_MODEL_TIMEOUT_MS: 'soon' }),
    (e: unknown) => e instanceof AttuneError && e.code === 'config/invalid',
  );
});
