// Hostile content at the core and server level: XSS payloads, bidi and zero-width
// characters, very long and 1 MB texts, sent as customer and agent text, option labels,
// recap fields and flow JSON. The core keeps them as exact text (or refuses them with a
// coded error), the server stores them as JSON, the console renders them as text.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, clientStorage, sessionOnly, agentPost as postAsAgent } from '../support.js';
import { CONSOLE_JS } from '../../src/routes/console-page.js';
import { createConversation } from '../../../core/src/conversation/index.js';
import { httpTransport, localAgent } from '../../../core/src/transport/index.js';
import { defineFlow } from '../../../core/src/flow/index.js';
import type { ChoiceMessage, Message, RecapMessage, TextMessage } from '../../../core/src/types.js';
import { HOSTILE_PAYLOADS, ONE_MEGABYTE, SHORT_PAYLOADS, hostileFlowJson } from '../../../../e2e/hostile-corpus.js';
import { sleep } from './fault-proxy.js';

const dataDir = await mkdtemp(join(tmpdir(), 'attune-hostile-'));
const server = await startServer({ port: 0, dataDir });
// Disposed at the end even when a test fails midway: a live transport keeps reconnecting
// to the closed server and the file never exits (seen under a load average of 25).
const conversations: { dispose(): void }[] = [];
const track = <T extends { dispose(): void }>(conversation: T): T => {
  conversations.push(conversation);
  return conversation;
};
after(async () => {
  for (const c of conversations) c.dispose();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function until(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}
const agentPost = (id: string, body: object) => postAsAgent(server, id, body);

test('customer text: every payload is kept, sent, stored and replayed as exact text', async () => {
  const id = 'hostile-customer';
  const conversation = track(createConversation({ storage: clientStorage, transport: httpTransport({ url: server.url }), id }));
  conversation.subscribe(() => {});
  const ids = HOSTILE_PAYLOADS.map((p) => conversation.send(p.text));
  const texts = (): TextMessage[] => conversation.getSnapshot().messages.filter((m): m is TextMessage => m.kind === 'text' && m.from === 'customer');
  await until(() => texts().length === ids.length && texts().every((m) => m.status === 'sent'), 'all payloads sent');
  for (const [i, p] of HOSTILE_PAYLOADS.entries()) assert.equal(texts()[i]!.text, p.text, `client copy of ${p.name}`);
  conversation.dispose();

  const stored = (await server.conversation(id))!.events.filter((e): e is Extract<typeof e, { type: 'text' }> => e.type === 'text' && e.from === 'customer');
  assert.deepEqual(
    stored.map((e) => e.id),
    ids,
  );
  for (const [i, p] of HOSTILE_PAYLOADS.entries()) assert.equal(stored[i]!.text, p.text, `server copy of ${p.name}`);
  // On disk it is JSON: the payloads are string values, nothing else.
  const serverId = (await server.conversation(id))!.id;
  const lines = (await readFile(join(dataDir, `${serverId}.jsonl`), 'utf8'))
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => JSON.parse(l) as { e: { type: string; text?: string } });
  assert.deepEqual(
    lines.filter((l) => l.e.type === 'text').map((l) => l.e.text),
    HOSTILE_PAYLOADS.map((p) => p.text),
  );

  // A fresh client replays them byte for byte.
  const replay = track(createConversation({ storage: sessionOnly(), transport: httpTransport({ url: server.url }), id }));
  replay.subscribe(() => {});
  await until(() => replay.getSnapshot().messages.length === ids.length, 'the replay');
  assert.deepEqual(
    replay.getSnapshot().messages.map((m) => (m as TextMessage).text),
    HOSTILE_PAYLOADS.map((p) => p.text),
  );
  replay.dispose();
});

test('customer text: 1 MB is refused with input/too-long and nothing is queued; control characters are stripped, bidi kept', () => {
  const conversation = track(createConversation({ storage: clientStorage, transport: httpTransport({ url: server.url }), id: 'hostile-big' }));
  assert.throws(() => conversation.send(ONE_MEGABYTE), { code: 'input/too-long' });
  assert.throws(() => conversation.send('y'.repeat(4001)), { code: 'input/too-long' });
  assert.deepEqual(conversation.getSnapshot().messages, []);
  const id = conversation.send('a\u0000b\u0007c\u001bd\r\ne\u202Ef');
  assert.equal((conversation.getSnapshot().messages[0] as TextMessage).text, 'abcd\ne\u202Ef');
  assert.ok(id);
  conversation.dispose();
});

test('agent text, option labels and recap fields from the console reach the client as exact text', async () => {
  const id = 'hostile-agent';
  const conversation = track(createConversation({ storage: clientStorage, transport: httpTransport({ url: server.url }), id }));
  conversation.subscribe(() => {});
  await until(() => conversation.getSnapshot().status === 'open', 'the server conversation');
  for (const p of HOSTILE_PAYLOADS) assert.equal((await agentPost(id, { type: 'text', text: p.text })).status, 200, p.name);
  const labels = SHORT_PAYLOADS.slice(0, 3).map((p) => p.text);
  const choice = await agentPost(id, { type: 'choice', prompt: SHORT_PAYLOADS[3]!.text, options: labels });
  assert.equal(choice.status, 200, await choice.clone().text());
  const recapFields = {
    understood: SHORT_PAYLOADS[4]!.text,
    done: [SHORT_PAYLOADS[5]!.text, SHORT_PAYLOADS[6]!.text],
    nextStep: { who: 'We', what: SHORT_PAYLOADS[7]!.text, when: SHORT_PAYLOADS[8]!.text },
    resolved: false,
  };
  const recap = await agentPost(id, { type: 'recap', ...recapFields });
  assert.equal(recap.status, 200, await recap.clone().text());

  const kinds = (): readonly Message[] => conversation.getSnapshot().messages;
  await until(() => kinds().some((m) => m.kind === 'recap'), 'the recap');
  const agentTexts = kinds().filter((m): m is TextMessage => m.kind === 'text' && m.from === 'agent');
  assert.deepEqual(
    agentTexts.map((m) => m.text),
    HOSTILE_PAYLOADS.map((p) => p.text),
  );
  const picker = kinds().find((m): m is ChoiceMessage => m.kind === 'choice')!;
  assert.equal(picker.prompt, SHORT_PAYLOADS[3]!.text);
  assert.deepEqual(
    picker.options.map((o) => o.label),
    labels,
  );
  for (const o of picker.options) assert.match(o.id, /^[a-z0-9-]+$/, 'option ids are slugs, whatever the label');
  const shown = kinds().find((m): m is RecapMessage => m.kind === 'recap')!;
  assert.equal(shown.understood, recapFields.understood);
  assert.deepEqual(shown.done, recapFields.done);
  assert.equal(shown.nextStep.what, recapFields.nextStep.what);
  assert.equal(shown.nextStep.when, recapFields.nextStep.when);
  conversation.dispose();

  // 1 MB from the agent side never reaches storage: the body cap answers 413.
  const huge = await agentPost(id, { type: 'text', text: ONE_MEGABYTE });
  assert.equal(huge.status, 413);
  assert.equal(((await huge.json()) as { error: { code: string } }).error.code, 'body/too-large');
});

test('flow JSON: hostile texts and step ids like __proto__ are accepted as data and shown as exact text', async () => {
  const flow = defineFlow(JSON.parse(hostileFlowJson()));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const conversation = track(createConversation({ transport: localAgent(flow, { delayMs: 0 }) }));
  conversation.subscribe(() => {});
  await until(() => conversation.getSnapshot().messages.some((m) => m.kind === 'choice'), 'the hostile picker');
  const said = conversation
    .getSnapshot()
    .messages.filter((m): m is TextMessage => m.kind === 'text')
    .map((m) => m.text);
  const def = JSON.parse(hostileFlowJson()) as { steps: Record<string, { text?: string; prompt?: string; options?: { label: string; id: string }[] }> };
  assert.deepEqual(said.slice(0, 2), [def.steps.hello!.text, def.steps.__proto__!.text]);
  const picker = conversation.getSnapshot().messages.find((m): m is ChoiceMessage => m.kind === 'choice')!;
  const chooser = def.steps['constructor' as string]!;
  assert.equal(picker.prompt, chooser.prompt);
  assert.deepEqual(
    picker.options.map((o) => o.label),
    chooser.options!.map((o) => o.label),
  );
  // Choosing the option whose id is markup works like any other.
  conversation.choose(picker.id, '<img src=x onerror=window.__pwned=1>');
  await until(() => conversation.getSnapshot().messages.some((m) => m.kind === 'recap'), 'the recap');
  const recap = conversation.getSnapshot().messages.find((m): m is RecapMessage => m.kind === 'recap')!;
  assert.equal(recap.nextStep.what, (def.steps.done as unknown as { nextStep: { what: string } }).nextStep.what);
  assert.equal((globalThis as { __pwned?: unknown }).__pwned, undefined);
  conversation.dispose();
});

test('the agent console renders conversation content with textContent only (no HTML sinks, no eval)', () => {
  for (const sink of [
    /\.innerHTML\s*=/,
    /\.outerHTML\s*=/,
    /insertAdjacentHTML/,
    /document\.write/,
    /\beval\s*\(/,
    /new\s+Function\b/,
    /setTimeout\(\s*['"`]/,
    /\.srcdoc\s*=/,
  ]) {
    assert.doesNotMatch(CONSOLE_JS, sink, `console.js uses ${sink}`);
  }
  assert.match(CONSOLE_JS, /textContent/);
});
