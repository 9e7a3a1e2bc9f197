import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { agentHeaders, startServer } from './support.js';
import { CONSOLE_HTML, CONSOLE_JS } from '../src/routes/console-page.js';
import type { Assist } from '../src/agents/assist.js';

const server = await startServer({ port: 0 });
after(() => server.close());

/** The test's conversation names, each a server-issued id and its customer token. */
const sessions = new Map<string, Promise<{ id: string; token: string }>>();
const session = (name: string): Promise<{ id: string; token: string }> => {
  let found = sessions.get(name);
  if (!found) {
    found = fetch(`${server.url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then(
      async (res) => (await res.json()) as { id: string; token: string },
    );
    sessions.set(name, found);
  }
  return found;
};
const clientEvent = async (conversation: string, event: Record<string, unknown>) => {
  const { id, token } = await session(conversation);
  return fetch(`${server.url}/conversations/${id}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ v: 1, ...event }),
  });
};
const customer = (conversation: string, id: string, text: string) => clientEvent(conversation, { type: 'message', id, text });
const agent = async (conversation: string, body: unknown) => {
  const res = await fetch(`${server.url}/agent/conversations/${(await session(conversation)).id}/events`, {
    method: 'POST',
    headers: agentHeaders,
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      events?: Record<string, unknown>[];
      error?: { code: string; message: string; details?: { path: string; message: string }[] };
    },
  };
};
const assist = async (conversation: string) =>
  (await (await fetch(`${server.url}/agent/conversations/${(await session(conversation)).id}/assist`, { headers: agentHeaders })).json()) as Assist;
const stored = async (conversation: string) => server.store.read((await session(conversation)).id, 0);

test('assist reads the customer’s last message: tone and a suggested paraphrase', async () => {
  await customer('a1', 'm1', 'Hi there');
  await customer('a1', 'm2', "My order still hasn't arrived and I'm really annoyed");
  const a = await assist('a1');
  assert.deepEqual(a.about, { id: 'm2', text: "My order still hasn't arrived and I'm really annoyed", abusive: false });
  assert.equal(a.tone!.tone, 'frustration');
  assert.ok(a.tone!.intensity > 0);
  assert.match(a.paraphrase!.reflection, /your order still hasn't arrived/i);
  assert.match(a.paraphrase!.text, /frustrating/);
  assert.equal(a.echoed, false);
  assert.equal(a.closed, false);
  assert.equal(a.recap.understood, 'Hi there', 'with nothing confirmed, the first customer message is what was understood');
});

test('a question gets a tone but no paraphrase; a conversation with nothing in it gets neither', async () => {
  await customer('a2', 'q', 'How do I change my delivery address?');
  const a = await assist('a2');
  assert.equal(a.paraphrase, null);
  assert.equal(typeof a.tone!.tone, 'string');
  const empty = await assist('nobody-here');
  assert.deepEqual([empty.about, empty.tone, empty.paraphrase], [null, null, null]);
});

test('an echo is sent about a customer message; the customer confirms it; the recap prefill follows', async () => {
  await customer('a3', 'm1', 'I was charged twice for my order');
  const paraphrase = (await assist('a3')).paraphrase!;
  const sent = await agent('a3', { type: 'echo', about: 'm1', reflection: paraphrase.reflection, text: paraphrase.text });
  assert.equal(sent.status, 200);
  const echo = sent.body.events![0]!;
  assert.deepEqual([echo.type, echo.about, echo.state, echo.text], ['echo', 'm1', 'proposed', paraphrase.text]);
  // An edited reflection gets the catalog's frame around it.
  const edited = await agent('a3', { type: 'echo', about: 'm1', reflection: 'you were billed two times' });
  assert.match(String(edited.body.events![0]!.text), /you were billed two times/);
  await clientEvent('a3', { type: 'echo.confirm', id: 'c1', echoId: echo.id });
  const a = await assist('a3');
  assert.equal(a.echoed, true);
  assert.equal(a.recap.understood.toLowerCase(), paraphrase.reflection.toLowerCase());
  const bad = await agent('a3', { type: 'echo', about: 'not-a-message', reflection: 'x' });
  assert.deepEqual([bad.status, bad.body.error!.code, bad.body.error!.details![0]!.path], [400, 'protocol/invalid', 'about']);
});

test('an option picker needs two or three options: one or four get the options/count error', async () => {
  await customer('a4', 'm1', 'My parcel is late');
  for (const options of [['Only one'], ['A', 'B', 'C', 'D']]) {
    const res = await agent('a4', { type: 'choice', prompt: 'What would help?', options });
    assert.equal(res.status, 400);
    assert.equal(res.body.error!.code, 'options/count');
    assert.equal(res.body.error!.details![0]!.path, 'options');
    assert.match(res.body.error!.message, new RegExp(`got ${options.length}`));
  }
  const empty = await agent('a4', { type: 'choice', prompt: 'What would help?', options: ['Resend', '  '] });
  assert.deepEqual([empty.status, empty.body.error!.code, empty.body.error!.details![0]!.path], [400, 'options/label', 'options[1].label']);
  assert.equal((await stored('a4')).filter((e) => e.type === 'choice').length, 0, 'nothing refused was stored');
  const ok = await agent('a4', { type: 'choice', prompt: 'What would help?', options: ['Send a replacement', { label: 'Refund me' }] });
  assert.equal(ok.status, 200);
  const choice = ok.body.events![0]! as { id: string; options: { id: string; label: string }[] };
  assert.deepEqual(
    choice.options.map((o) => o.label),
    ['Send a replacement', 'Refund me'],
  );
  assert.equal(new Set(choice.options.map((o) => o.id)).size, 2);
  await clientEvent('a4', { type: 'choose', id: 'x', pickerId: choice.id, optionId: choice.options[1]!.id });
  const last = (await stored('a4')).filter((e) => e.type === 'choice').at(-1) as { chosen?: string };
  assert.equal(last.chosen, choice.options[1]!.id);
  assert.deepEqual((await assist('a4')).recap.done, ['You chose Refund me']);
});

test('close with recap: a recap, then the CSAT question; an incomplete recap is refused with paths', async () => {
  await customer('a5', 'm1', 'My order is late');
  const bad = await agent('a5', { type: 'recap', understood: '', nextStep: { who: 'We', what: '' }, resolved: true });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error!.code, 'config/invalid');
  assert.deepEqual(
    bad.body.error!.details!.map((d) => d.path),
    ['understood', 'nextStep.what'],
  );
  const ok = await agent('a5', {
    type: 'recap',
    understood: 'Your order is late',
    done: ['Checked the tracking'],
    nextStep: { who: 'We', what: 'ship a replacement', when: 'by Friday' },
    resolved: false,
  });
  assert.equal(ok.status, 200);
  const [recap, csat] = ok.body.events!;
  assert.deepEqual([recap!.type, csat!.type], ['recap', 'csat']);
  assert.deepEqual(recap!.nextStep, { who: 'We', what: 'ship a replacement', when: 'by Friday' });
  assert.equal(recap!.resolved, false);
  assert.equal(typeof recap!.impact, 'string');
  assert.equal(typeof recap!.care, 'string');
  assert.deepEqual([csat!.scale, csat!.prompt], [5, 'How did we do?']);
  assert.equal((await assist('a5')).closed, true);
  const events = await stored('a5');
  assert.deepEqual(
    events.map((e) => e.seq),
    events.map((_, i) => i + 1),
  );
});

test('agent posts: unknown types and non-objects get a coded error', async () => {
  for (const body of [{ type: 'dance' }, [1, 2], { type: 'text' }]) {
    const res = await agent('a6', body);
    assert.deepEqual([res.status, res.body.error!.code], [400, 'protocol/invalid']);
  }
});

test('the console has the agent-assist panel, is text-only and CSP-friendly', () => {
  for (const id of ['tone', 'echo-form', 'pick-form', 'recap-form']) assert.match(CONSOLE_HTML, new RegExp(`id="${id}"`));
  assert.doesNotMatch(CONSOLE_JS, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  assert.doesNotMatch(CONSOLE_HTML, /<script(?![^>]*\bsrc=)/, 'no inline script under default-src self');
  assert.doesNotMatch(CONSOLE_HTML, /\son[a-z]+=/, 'no inline event handlers');
});
