import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAttuneError } from '../src/errors.js';
import { createTranslator } from '../src/i18n/index.js';
import { buildRecap, closingRecap, connectRecap, extractNextStep } from '../src/primitives/closing-recap/index.js';
import type { ClosingRecapInput } from '../src/primitives/closing-recap/index.js';
import type { Message } from '../src/types.js';

const tr = createTranslator();
const cares = tr.variants('care');

describe('closingRecap', () => {
  it('restates, names the next step and ends with a care line', () => {
    const recap = closingRecap({
      understood: 'Your order is late',
      done: ['Checked tracking'],
      nextStep: { who: 'We', what: 'resend it', when: 'tomorrow' },
      resolved: true,
    });
    assert.equal(recap.understood, 'Your order is late');
    assert.deepEqual(recap.done, ['Checked tracking']);
    assert.deepEqual(recap.nextStep, { who: 'We', what: 'resend it', when: 'tomorrow' });
    assert.equal(recap.impact, undefined);
    assert.ok(cares.includes(recap.care));
  });

  it('says when it is not solved and acknowledges the impact', () => {
    const recap = closingRecap({ understood: 'x', nextStep: { who: 'We', what: 'call' }, resolved: false });
    assert.equal(recap.impact, tr.t('recap.unresolved'));
    assert.equal(
      closingRecap({ understood: 'x', nextStep: { who: 'We', what: 'call' }, resolved: false, impact: 'Sorry, no fix yet.' }).impact,
      'Sorry, no fix yet.',
    );
  });

  it('never repeats a care line already used', () => {
    const avoid = new Set(['care#0', 'care#1', 'care#2']);
    assert.equal(closingRecap({ understood: 'x', nextStep: { who: 'We', what: 'call' }, resolved: true }, { avoid }).care, cares[3]);
    const es = closingRecap(
      { understood: 'x', nextStep: { who: 'Nosotros', what: 'llamar' }, resolved: true },
      { translator: createTranslator({ locale: 'es' }) },
    );
    assert.ok(createTranslator({ locale: 'es' }).variants('care').includes(es.care));
  });

  it('lists every missing field with its path', () => {
    assert.throws(
      () => closingRecap({ understood: ' ', nextStep: { who: '', what: undefined }, resolved: 'no' } as unknown as ClosingRecapInput),
      (e: unknown) => {
        assert.ok(isAttuneError(e));
        assert.equal(e.code, 'config/invalid');
        assert.deepEqual(
          e.details.map((d) => d.path),
          ['understood', 'nextStep.who', 'nextStep.what', 'resolved'],
        );
        for (const d of e.details) assert.ok(e.message.includes(d.path));
        return true;
      },
    );
    assert.throws(() => closingRecap({ understood: 'x', resolved: true } as unknown as ClosingRecapInput), /nextStep\.who/);
  });
});

describe('extractNextStep', () => {
  const cases: [string, { who: string; what: string; when?: string } | null][] = [
    ["We'll refund you within 3 days.", { who: 'We', what: 'refund you', when: 'within 3 days' }],
    ['Please reply with your order number.', { who: 'You', what: 'reply with your order number' }],
    ["I'll escalate this to billing by Friday.", { who: 'I', what: 'escalate this to billing', when: 'by Friday' }],
    ['A courier will collect it tomorrow.', { who: 'A courier', what: 'collect it', when: 'tomorrow' }],
    ['You should receive an email in 24 hours.', { who: 'You', what: 'receive an email', when: 'in 24 hours' }],
    ['Thanks for waiting! We will send a replacement by the end of the week.', { who: 'We', what: 'send a replacement', when: 'by the end of the week' }],
    ['Our team will call you on Monday.', { who: 'Our team', what: 'call you', when: 'on Monday' }],
    ["I'm sorry about that. We're going to reset your account today.", { who: 'We', what: 'reset your account', when: 'today' }],
    ['Could you send me a photo of the damaged box?', { who: 'You', what: 'send me a photo of the damaged box' }],
    ['The refund will arrive within 5 business days.', { who: 'The refund', what: 'arrive', when: 'within 5 business days' }],
    ['Someone from billing will contact you shortly.', { who: 'Someone from billing', what: 'contact you', when: 'shortly' }],
    ["You'll get a confirmation email in a few minutes.", { who: 'You', what: 'get a confirmation email', when: 'in a few minutes' }],
    ['We will look into it.', { who: 'We', what: 'look into it' }],
    ['Can you check your spam folder, please?', { who: 'You', what: 'check your spam folder' }],
    ['Our warehouse will ship it next week.', { who: 'Our warehouse', what: 'ship it', when: 'next week' }],
    ['I will personally follow up by 5pm.', { who: 'I', what: 'follow up', when: 'by 5pm' }],
    ['That sounds frustrating.', null],
    ["I understand why you're upset.", null],
    ['It is what it is.', null],
  ];
  for (const [sentence, expected] of cases) {
    it(sentence, () => assert.deepEqual(extractNextStep(sentence), expected));
  }
});

const at = 1;
const messages: Message[] = [
  { kind: 'text', id: 'c1', from: 'customer', text: 'My parcel never came', at, status: 'sent' },
  { kind: 'echo', id: 'e1', about: 'c1', text: 'It sounds like…', reflection: 'your parcel never arrived', state: 'confirmed', at },
  {
    kind: 'choice',
    id: 'p1',
    prompt: 'What next?',
    options: [
      { id: 'a', label: 'Resend it' },
      { id: 'b', label: 'Refund' },
    ],
    chosen: 'a',
    at,
  },
  {
    kind: 'choice',
    id: 'p2',
    prompt: 'Person?',
    options: [
      { id: 'human', label: 'Person' },
      { id: 'continue', label: 'Here' },
    ],
    chosen: 'continue',
    purpose: 'handoff',
    at,
  },
  { kind: 'text', id: 'a1', from: 'agent', text: 'I checked the tracking.', tags: ['action'], at, status: 'sent' },
  { kind: 'text', id: 'a2', from: 'agent', text: "I'll send a new one by Friday.", tags: ['action'], at, status: 'sent' },
];

describe('buildRecap', () => {
  it('derives understood, done and the next step from the messages', () => {
    const recap = buildRecap(messages, { agentName: 'Sam', resolved: true });
    assert.equal(recap.understood, 'Your parcel never arrived');
    assert.deepEqual(recap.done, ['You chose Resend it', 'I checked the tracking.', "I'll send a new one by Friday."]);
    assert.deepEqual(recap.nextStep, { who: 'Sam', what: 'send a new one', when: 'by Friday' });
    assert.equal(recap.resolved, true);
    assert.ok(cares.includes(recap.care));
  });

  it('uses the correction, or the first customer message, and a default next step', () => {
    const corrected = messages.slice(0, 2).map((m) => (m.kind === 'echo' ? { ...m, state: 'corrected' as const, correction: 'It came broken' } : m));
    const recap = buildRecap(corrected);
    assert.equal(recap.understood, 'It came broken');
    assert.deepEqual(recap.nextStep, { who: tr.t('recap.defaultWho'), what: tr.t('recap.defaultWhat') });
    assert.equal(recap.resolved, false);
    assert.equal(recap.impact, tr.t('recap.unresolved'));
    assert.equal(buildRecap(messages.slice(0, 1)).understood, 'My parcel never came');
    const proposed = buildRecap([messages[0]!, { ...messages[1]!, state: 'proposed' } as Message]);
    assert.equal(proposed.understood, 'My parcel never came');
  });
});

describe('connectRecap', () => {
  it('gives a labelled region with ordered sections', () => {
    const recap = closingRecap({ understood: 'Late order', done: ['Resent it'], nextStep: { who: 'We', what: 'ship it', when: 'Monday' }, resolved: false });
    const api = connectRecap({ ...recap, id: 'r1' });
    const root = api.getRootProps();
    assert.equal(root.role, 'region');
    assert.equal(root['aria-labelledby'], api.getHeadingProps().id);
    assert.equal(root['data-state'], 'unresolved');
    assert.equal(api.heading, 'Summary');
    assert.deepEqual(
      api.sections.map((s) => s.name),
      ['status', 'understood', 'done', 'nextStep', 'care'],
    );
    assert.deepEqual(api.sections[0]!.lines, [recap.impact]);
    assert.deepEqual(api.sections[3]!.lines, ['We: ship it', 'By when: Monday']);
    assert.equal(api.sections[3]!.label, 'Next step');
    assert.equal(api.getSectionProps('done')['data-section'], 'done');
    const solved = connectRecap({ ...recap, done: [], resolved: true });
    assert.deepEqual(
      solved.sections.map((s) => s.name),
      ['status', 'understood', 'nextStep', 'care'],
    );
    assert.deepEqual(solved.sections[0]!.lines, [tr.t('recap.resolved')]);
  });
});
