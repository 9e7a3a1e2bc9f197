import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTranslator } from '../src/i18n/index.js';
import { createEmpathyPolicy, isHumanRequest } from '../src/policy/index.js';
import type { TurnPart } from '../src/policy/index.js';
import type { MessageTag, RecapData } from '../src/types.js';

const translator = createTranslator();
const policy = (extra = {}) => createEmpathyPolicy({ translator, ...extra });
const furious = { tone: 'frustration', intensity: 0.95 } as const;
const annoyed = { tone: 'frustration', intensity: 0.7 } as const;
const calm = { tone: 'neutral', intensity: 0 } as const;
const line = (text: string, tags: MessageTag[]): TurnPart => ({ type: 'text', text, tags });
const action: TurnPart = { type: 'text', text: 'Let me check that.', tags: ['action'] };
const recap: RecapData = { understood: 'Late order', done: [], nextStep: { who: 'Someone', what: 'help' }, resolved: false, care: 'Take care.' };

describe('shouldEcho', () => {
  const p = policy();
  it('echoes problem statements', () => {
    assert.equal(p.shouldEcho("My order hasn't arrived", annoyed), true);
    assert.equal(p.shouldEcho("Hi! My order hasn't arrived. Where is it?", annoyed), true);
    assert.equal(p.shouldEcho('Mi pedido no ha llegado', calm), true);
  });
  it('skips questions, thanks and bare greetings', () => {
    assert.equal(p.shouldEcho('How do I change my password?', { tone: 'confusion', intensity: 0.8 }), false);
    assert.equal(p.shouldEcho('¿Cómo cambio mi contraseña?', calm), false);
    assert.equal(p.shouldEcho('Thanks, that worked!', { tone: 'satisfaction', intensity: 0.8 }), false);
    assert.equal(p.shouldEcho('Hello there!', calm), false);
    assert.equal(p.shouldEcho('Hola', calm), false);
    assert.equal(p.shouldEcho('...', calm), false);
  });
  it('can be turned off', () => {
    assert.equal(policy({ echo: false }).shouldEcho("My order hasn't arrived", annoyed), false);
  });
});

describe('acknowledge', () => {
  it('follows tone and intensity', () => {
    const p = policy();
    assert.equal(p.acknowledge(calm), null);
    assert.equal(p.acknowledge({ tone: 'frustration', intensity: 0.3 }), null);
    assert.equal(p.acknowledge({ tone: 'confusion', intensity: 0.7 }), null, 'a calm technical question gets none');
    assert.equal(p.acknowledge({ tone: 'satisfaction', intensity: 0.9 }), null);
    assert.match(p.acknowledge(annoyed)!.id, /^ack\.frustration\.mild#/);
    assert.match(p.acknowledge(furious)!.id, /^ack\.frustration\.strong#/);
    assert.match(p.acknowledge({ tone: 'anxiety', intensity: 0.7 })!.id, /^ack\.anxiety\.mild#/);
    assert.equal(p.acknowledge({ tone: 'anxiety', intensity: 0.7 })!.apology, false);
    assert.match(p.acknowledge({ tone: 'confusion', intensity: 0.9 })!.id, /^ack\.confusion\.mild#/);
  });

  it('apologises once, for frustration, within the budget', () => {
    const p = policy();
    const first = p.acknowledge(furious)!;
    assert.equal(first.apology, true);
    assert.ok(translator.variants('apology').some((a) => first.text.endsWith(a)));
    assert.equal(first.ids.length, 2);
    // Not committed until composed with an action.
    assert.equal(p.apologies, 0);
    p.compose(first, [action], line);
    assert.equal(p.apologies, 1);
    assert.equal(p.acknowledge(furious)!.apology, false);
    assert.equal(policy({ maxApologies: 0 }).acknowledge(furious)!.apology, false);
    const two = policy({ maxApologies: 2 });
    two.compose(two.acknowledge(furious), [action], line);
    assert.equal(two.acknowledge(furious)!.apology, true);
  });

  it('keeps at most one apology and never repeats a phrase over a long angry conversation', () => {
    const p = policy();
    const seen: string[] = [];
    let apologies = 0;
    for (let turn = 0; turn < 20; turn++) {
      const ack = p.acknowledge(turn % 2 ? furious : annoyed);
      const out = p.compose(ack, [action], line);
      if (ack) seen.push(...ack.ids);
      if (out[0]!.tags!.includes('apology')) apologies++;
      // Acknowledgment never alone: every turn with one also acts.
      assert.ok(out.every((part) => !part.tags?.includes('acknowledgment') || part.tags.includes('action')));
    }
    assert.equal(apologies, 1);
    assert.equal(new Set(seen).size, seen.length, `repeated: ${seen.join(', ')}`);
    assert.ok(seen.length >= 6, 'uses every phrasing before going quiet');
    assert.deepEqual([...p.used].sort(), [...seen].sort());
  });
});

describe('compose', () => {
  it('refuses an acknowledgment without an action, question or picker', () => {
    const p = policy();
    const ack = p.acknowledge(furious)!;
    assert.deepEqual(p.compose(ack, [], line), []);
    const bare: TurnPart = { type: 'text', text: 'Hmm.', tags: [] };
    assert.deepEqual(p.compose(ack, [bare], line), [bare]);
    assert.equal(p.used.size, 0);
    assert.equal(p.apologies, 0);
  });

  it('merges the acknowledgment into the first action line', () => {
    const p = policy();
    const ack = p.acknowledge(annoyed)!;
    const [out, ...rest] = p.compose(ack, [{ type: 'text', text: 'What is the order number?', tags: ['question'] }], line);
    assert.equal(rest.length, 0);
    assert.equal(out!.text, `${ack.text} What is the order number?`);
    assert.deepEqual(out!.tags, ['acknowledgment', 'apology', 'question']);
  });

  it('puts the acknowledgment first before a picker or an echo', () => {
    const p = policy();
    const ack = p.acknowledge(furious)!;
    const echo = { type: 'echo' };
    const out = p.compose(ack, [echo], line);
    assert.deepEqual(out, [{ type: 'text', text: ack.text, tags: ['acknowledgment', 'apology'] }, echo]);
  });
});

describe('handoff', () => {
  it('detects requests for a person', () => {
    for (const t of [
      'I want to talk to a human',
      'Can I speak with someone real?',
      'REPRESENTATIVE',
      'operator please',
      'let me talk to an agent',
      'Quiero hablar con una persona',
      'put me through to a person',
    ]) {
      assert.ok(isHumanRequest(t), t);
    }
    for (const t of ['My order is late', 'The human resources page is broken', 'I talked to my bank']) assert.ok(!isHumanRequest(t), t);
  });

  it('offers a person when asked, with the recap', () => {
    const p = policy();
    p.afterTurn(calm, 'My order is late');
    assert.equal(p.handoffReason(), null);
    assert.equal(p.handoffOffer(recap), null);
    p.afterTurn(calm, 'let me talk to a human');
    assert.equal(p.handoffReason(), 'requested');
    const offer = p.handoffOffer(recap)!;
    assert.deepEqual(offer, {
      purpose: 'handoff',
      reason: 'requested',
      prompt: 'Would you like to talk to a person?',
      options: [
        { id: 'human', label: 'Talk to a person' },
        { id: 'continue', label: 'Keep going here' },
      ],
      recap,
    });
    assert.equal(p.handoffReason(), null, 'the trigger resets once offered');
  });

  it('offers a person after 3 negative turns in a row', () => {
    const p = policy();
    p.afterTurn(annoyed);
    p.afterTurn(annoyed);
    p.afterTurn(calm);
    p.afterTurn(furious);
    p.afterTurn({ tone: 'sadness', intensity: 0.7 });
    assert.equal(p.handoffReason(), null);
    p.afterTurn({ tone: 'anxiety', intensity: 0.7 });
    assert.equal(p.handoffReason(), 'negative-tone');
    assert.equal(p.handoffOffer(recap)!.reason, 'negative-tone');
    assert.equal(p.handoffReason(), null);
    const two = policy({ handoffAfterNegativeTurns: 2 });
    two.afterTurn(annoyed);
    two.afterTurn(annoyed);
    assert.equal(two.handoffReason(), 'negative-tone');
  });

  it('offers a person after two corrected echoes', () => {
    const p = policy();
    p.afterCorrection();
    assert.equal(p.handoffReason(), null);
    p.afterCorrection();
    assert.equal(p.handoffReason(), 'corrections');
    assert.equal(p.handoffOffer(recap)!.recap, recap);
    assert.equal(p.handoffReason(), null);
  });
});
