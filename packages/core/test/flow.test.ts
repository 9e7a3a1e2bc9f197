import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAttuneError } from '../src/errors.js';
import type { AttuneError } from '../src/errors.js';
import { defineFlow, demoFlow, flowSchema, resolveText } from '../src/flow/index.js';
import type { FlowDefinition } from '../src/flow/index.js';

function problems(def: unknown): AttuneError {
  try {
    defineFlow(def as FlowDefinition);
  } catch (e) {
    assert.ok(isAttuneError(e));
    assert.equal(e.code, 'flow/invalid');
    for (const d of e.details) assert.ok(e.message.includes(d.path ? `${d.path}: ${d.message}` : d.message), `message lists ${d.path}`);
    return e;
  }
  assert.fail('expected flow/invalid');
}
const paths = (def: unknown) => problems(def).details.map((d) => d.path);

const good: FlowDefinition = {
  id: 'returns',
  start: 'hi',
  triggers: { refund: ['refund', 'money back'] },
  steps: {
    hi: { type: 'say', text: { en: 'Hi!', es: '¡Hola!' }, next: 'listen' },
    listen: { type: 'echo', next: 'pick' },
    pick: {
      type: 'choose',
      prompt: 'What would help?',
      options: [
        { id: 'refund', label: 'Refund', next: 'refund' },
        { id: 'human', label: 'A person', next: 'human' },
      ],
    },
    refund: { type: 'collect', field: 'order', prompt: 'Order number?', pattern: '\\d+', next: 'done' },
    done: { type: 'recap', done: ['Refund for {order}'], nextStep: { who: 'We', what: 'refund you', when: 'within 3 days' }, resolved: true },
    human: { type: 'handoff' },
  },
};

describe('defineFlow', () => {
  it('accepts a valid flow and returns a detached copy with version 1', () => {
    const flow = defineFlow(good);
    assert.equal(flow.version, 1);
    assert.deepEqual(flow.steps, good.steps);
    assert.notEqual(flow.steps, good.steps);
  });

  it('accepts the demo flow', () => {
    assert.deepEqual(defineFlow(demoFlow), demoFlow);
  });

  it('lists every problem of a broken flow with its path', () => {
    const broken = {
      id: 'broken',
      version: 2,
      start: 'hello',
      triggers: { nowhere: ['x'], pick: [] },
      steps: {
        hello: { type: 'say', text: '', next: 'pick' },
        pick: {
          type: 'choose',
          prompt: 'Which?',
          options: [
            { id: 'a', label: 'A', next: 'loop1' },
            { id: 'a', label: ' ', next: 'ghost' },
            { id: 'c', label: 'C', next: 42 },
            { id: 'd', label: 'D', next: 'loop1' },
          ],
        },
        loop1: { type: 'say', text: 'Round', next: 'loop2' },
        loop2: { type: 'say', text: 'and round', next: 'loop1' },
        ask: { type: 'collect', field: 'order no', prompt: 'Order?', pattern: '([', next: 'hello' },
        fin: { type: 'recap', nextStep: { who: 'We' }, resolved: 'yes', extra: 1 },
        odd: { type: 'teleport', next: 'hello' },
      },
    };
    const error = problems(broken);
    const found = error.details.map((d) => d.path);
    const expected = [
      'version',
      'triggers.nowhere',
      'triggers.pick',
      'steps.hello.text',
      'steps.pick.options',
      'steps.pick.options[1].id',
      'steps.pick.options[1].label',
      'steps.pick.options[1].next',
      'steps.pick.options[2].next',
      'steps.loop1',
      'steps.loop2',
      'steps.ask',
      'steps.ask.field',
      'steps.ask.pattern',
      'steps.fin',
      'steps.fin.nextStep.what',
      'steps.fin.resolved',
      'steps.fin.extra',
      'steps.odd',
      'steps.odd.type',
      'steps',
    ];
    for (const p of expected) assert.ok(found.includes(p), `missing ${p} in\n${error.message}`);
    assert.equal(found.length, expected.length, error.message);
    assert.match(error.message, /^Invalid flow "broken" \(21 problems\):/);
    assert.match(error.message, /steps\.pick\.options\[1\]\.next: unknown step "ghost"/);
    assert.match(error.message, /steps\.loop1: leads into a cycle with no way out/);
    assert.match(error.message, /steps: no recap step is reachable/);
    assert.match(error.message, /steps\.odd\.type: unknown step type "teleport"/);
  });

  it('does not take inherited property names for steps', () => {
    const flow = {
      id: 'x',
      start: 'hi',
      steps: { hi: { type: 'say', text: 'Hi', next: 'toString' }, done: { type: 'recap', nextStep: { who: 'We', what: 'call you' }, resolved: true } },
    };
    assert.ok(paths(flow).includes('steps.hi.next'));
  });

  it('reports a missing start and wrong top-level types', () => {
    assert.deepEqual(paths({ id: 1, steps: [] }), ['id', 'start', 'steps']);
    // The trigger still reaches `refund` → `done`; the rest hangs off the missing start.
    assert.deepEqual(paths({ ...good, start: 'nope' }), ['start', 'steps.hi', 'steps.listen', 'steps.pick', 'steps.human']);
    assert.deepEqual(paths(null), ['']);
    assert.deepEqual(paths({ ...good, steps: { ...good.steps, hi: 'say hi' }, triggers: 'refund', extra: true }), [
      'extra',
      'steps.hi',
      'triggers',
      'steps.listen',
      'steps.pick',
      'steps.refund',
      'steps.done',
      'steps.human',
      'steps',
    ]);
  });

  it('rejects 1 or 4 options and a flow without a recap', () => {
    const one = { ...good, steps: { ...good.steps, pick: { type: 'choose', prompt: 'P', options: [{ id: 'x', label: 'X', next: 'done' }] } } };
    assert.ok(paths(one).includes('steps.pick.options'));
    const noRecap = { id: 'n', start: 'a', steps: { a: { type: 'say', text: 'Hi', next: 'b' }, b: { type: 'handoff' } } };
    assert.deepEqual(paths(noRecap), ['steps']);
  });

  it('accepts a cycle with an exit and quotes odd step ids in paths', () => {
    const loop = {
      id: 'l',
      start: 'ask',
      steps: {
        ask: { type: 'collect', field: 'n', prompt: 'Number?', next: 'check' },
        check: {
          type: 'choose',
          prompt: 'OK?',
          options: [
            { id: 'y', label: 'Yes', next: 'end' },
            { id: 'n', label: 'No', next: 'ask' },
          ],
        },
        end: { type: 'recap', nextStep: { who: 'We', what: 'x' }, resolved: true },
      },
    };
    assert.equal(defineFlow(loop as FlowDefinition).id, 'l');
    assert.deepEqual(paths({ ...loop, steps: { ...loop.steps, 'a b': { type: 'end' } } }), ['steps["a b"]']);
  });
});

describe('flowSchema', () => {
  it('is a draft 2020-12 schema covering every step type the validator knows', () => {
    assert.equal(flowSchema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(flowSchema.required, ['id', 'start', 'steps']);
    const types = flowSchema.$defs.step.oneOf.map((s) => s.properties.type.const);
    assert.deepEqual(types, [...flowSchema.$defs.step.properties.type.enum]);
    for (const step of Object.values(demoFlow.steps)) assert.ok(types.includes(step.type));
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(flowSchema)));
  });
});

describe('resolveText', () => {
  it('picks the locale, then the language, then the fallbacks, and fills fields', () => {
    const t = { en: 'Order {order}', es: 'Pedido {order}' };
    assert.equal(resolveText(t, 'es-MX', { order: '12' }), 'Pedido 12');
    assert.equal(resolveText(t, 'fr'), 'Order {order}');
    assert.equal(resolveText({ de: 'Hallo' }, 'fr'), 'Hallo');
    assert.equal(resolveText('Plain {x}', 'es', { x: '1' }), 'Plain 1');
  });
});
