import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyServerEvent,
  EMPATHY_DEFAULTS,
  HANDOFF_OPTION_ID,
  isMessageId,
  parseServerEvent,
  resolveEmpathy,
  shallowEqual,
  validateOptions,
  defineFlow,
  demoFlow,
  createEmpathyPolicy,
  createTranslator,
} from '../src/index.js';
import { seededRandom } from '../src/testing/index.js';
import { isAttuneError } from '../src/errors.js';
import type { Message } from '../src/types.js';
import type { ServerEvent } from '../src/protocol.js';

const text = (id: string, seq?: number): Extract<ServerEvent, { type: 'text' }> => ({
  v: 1,
  type: 'text',
  id,
  from: 'agent',
  text: id,
  at: 1,
  status: 'sent',
  ...(seq === undefined ? {} : { seq }),
});

test('applyServerEvent: upserts by id in seq order, keeps the array when nothing changes', () => {
  let messages: readonly Message[] = [];
  messages = applyServerEvent(messages, text('a', 1));
  messages = applyServerEvent(messages, text('c', 3));
  messages = applyServerEvent(messages, text('b', 2));
  assert.deepEqual(
    messages.map((m) => m.id),
    ['a', 'b', 'c'],
  );
  assert.equal(applyServerEvent(messages, text('b', 2)), messages, 'a replay changes nothing');
  assert.equal(applyServerEvent(messages, { ...text('c', 1), text: 'older' }), messages, 'an older seq never overwrites');
  const updated = applyServerEvent(messages, { ...text('c', 4), text: 'newer' });
  assert.equal(updated.find((m) => m.id === 'c')?.kind === 'text' && (updated.find((m) => m.id === 'c') as { text: string }).text, 'newer');
  assert.equal(applyServerEvent(messages, { v: 1, type: 'typing', on: true }), messages);
});

test("applyServerEvent: a streamed reply whose final text arrived before its start takes the start's place, and keeps the final text", () => {
  const final = { v: 1 as const, type: 'text' as const, id: 's1', from: 'agent' as const, text: 'Whole reply.', at: 1, seq: 5, status: 'sent' as const };
  const during = {
    v: 1 as const,
    type: 'text' as const,
    id: 'c2',
    from: 'customer' as const,
    text: 'while it streamed',
    at: 2,
    seq: 3,
    status: 'sent' as const,
  };
  const before = { ...during, id: 'c1', text: 'question', seq: 1 };
  let messages = applyServerEvent(applyServerEvent(applyServerEvent([], before), during), final);
  assert.deepEqual(
    messages.map((m) => m.id),
    ['c1', 'c2', 's1'],
  );
  messages = applyServerEvent(messages, { ...final, text: '', status: 'streaming', seq: 2 });
  assert.deepEqual(
    messages.map((m) => m.id),
    ['c1', 's1', 'c2'],
    'the reply began at seq 2, before the message at seq 3',
  );
  const reply = messages[1];
  assert.ok(reply?.kind === 'text' && reply.text === 'Whole reply.' && reply.streaming !== true && reply.seq === 5, 'the older start changes nothing in it');
  assert.equal(applyServerEvent(messages, { ...final, text: '', status: 'streaming', seq: 2 }), messages, 'a second replay of the start changes nothing');
});

test('applyServerEvent: ack settles a pending customer message; a settled echo survives a stale proposal', () => {
  const pending: Message = { kind: 'text', id: 'm1', from: 'customer', text: 'hi', at: 1, status: 'failed', error: { code: 'x', message: 'y' } };
  const acked = applyServerEvent([pending], { v: 1, type: 'ack', id: 'm1' });
  assert.deepEqual(acked[0], { kind: 'text', id: 'm1', from: 'customer', text: 'hi', at: 1, status: 'sent' });
  const echo = { v: 1 as const, type: 'echo' as const, id: 'e1', about: 'm1', text: 't', reflection: 'r', at: 1 };
  const settled = applyServerEvent([], { ...echo, state: 'confirmed' });
  const after = applyServerEvent(settled, { ...echo, state: 'proposed' });
  assert.equal(after[0]?.kind === 'echo' && after[0].state, 'confirmed');
});

test('one id rule for send(), the protocol and servers', () => {
  assert.ok(isMessageId('m_abc-1'));
  assert.ok(isMessageId('x'.repeat(128)));
  for (const bad of ['', 'x'.repeat(129), 'a b', 'a/b', 'é', 12, null]) assert.equal(isMessageId(bad), false, String(bad));
  assert.throws(
    () => parseServerEvent({ ...text('a b'), id: 'a b' }),
    (e) => isAttuneError(e) && e.code === 'protocol/invalid',
  );
});

test('one 2-3 option rule for pickers, flows and the protocol', () => {
  const four = [1, 2, 3, 4].map((n) => ({ id: `o${n}`, label: `O${n}` }));
  assert.throws(
    () => validateOptions(four),
    (e) => isAttuneError(e) && e.code === 'options/count' && e.message.includes('got 4'),
  );
  assert.throws(
    () => parseServerEvent({ v: 1, type: 'choice', id: 'p', prompt: 'P', options: four }),
    (e) => isAttuneError(e) && e.details?.[0]?.path === 'options',
  );
  const steps = { start: { type: 'choose', prompt: 'P', options: [{ id: 'a', label: 'A', next: 'start' }] } };
  assert.throws(
    () => defineFlow({ id: 'f', start: 'start', steps } as never),
    (e) => isAttuneError(e) && e.message.includes('must have 2 or 3 options, got 1'),
  );
});

test('the handoff option id and the empathy defaults are the ones the policy and demo flow use', () => {
  assert.deepEqual(resolveEmpathy({}), { ...EMPATHY_DEFAULTS });
  assert.equal(resolveEmpathy({ maxApologies: 0 }).maxApologies, 0);
  const policy = createEmpathyPolicy({ translator: createTranslator() });
  policy.afterTurn({ tone: 'neutral', intensity: 0 }, 'Can I talk to a person please?');
  const offer = policy.handoffOffer({ understood: '', done: [], nextStep: { who: 'we', what: 'help' }, resolved: false, care: '' });
  assert.equal(offer?.options[0].id, HANDOFF_OPTION_ID);
  const demoIds = Object.values(demoFlow.steps).flatMap((s) => ('options' in s && s.options ? s.options.map((o) => o.id) : []));
  assert.ok(demoIds.includes(HANDOFF_OPTION_ID));
});

test('shallowEqual compares one level deep and never equates an array with an object', () => {
  const list = [1];
  assert.ok(shallowEqual({ a: 1, b: list }, { a: 1, b: list }));
  assert.equal(shallowEqual({ a: 1, b: [1] }, { a: 1, b: [1] }), false);
  assert.equal(shallowEqual([1, 2] as unknown, { 0: 1, 1: 2 }), false);
  assert.equal(shallowEqual({ a: undefined }, { b: undefined }), false);
});

test('seededRandom replays the same sequence for a seed', () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const xs = Array.from({ length: 5 }, () => a());
  assert.deepEqual(
    xs,
    Array.from({ length: 5 }, () => b()),
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.notDeepEqual(xs, Array.from({ length: 5 }, seededRandom(43)));
});
