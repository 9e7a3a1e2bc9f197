import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTranslator, interpretTypedReply, isPromptOpen, normalizeReply, openPrompts, registerMessages } from '@attune/core';
import type { ChoiceMessage, EchoMessage, Message } from '@attune/core';
import { ar } from '@attune/core/i18n/ar';
import { he } from '@attune/core/i18n/he';

const en = createTranslator({ locale: 'en' });
const echo: EchoMessage = {
  kind: 'echo',
  id: 'e1',
  at: 1,
  about: 'm1',
  text: 'So your parcel is late. Right?',
  reflection: 'your parcel is late',
  state: 'proposed',
};
const choice: ChoiceMessage = {
  kind: 'choice',
  id: 'p1',
  at: 2,
  prompt: 'What would help most?',
  options: [
    { id: 'replace', label: 'Send a replacement' },
    { id: 'refund', label: 'Refund me' },
    { id: 'wait', label: 'Wait a few more days' },
  ],
};
const customer = (id: string, text: string): Message => ({ kind: 'text', id, at: 3, from: 'customer', text, status: 'sent' });
const agent = (id: string, text: string): Message => ({ kind: 'text', id, at: 3, from: 'agent', text, status: 'sent' });

describe('interpretTypedReply', () => {
  it("confirms an open echo with yes / right / that's right, whatever the case and punctuation", () => {
    for (const said of ['yes', 'Yes!', '  YES.  ', 'right', "That's right", 'that’s right!', 'yep', 'Correct', "Yes, that's right"]) {
      assert.deepEqual(interpretTypedReply(said, { echo }, en), { kind: 'confirm', echoId: 'e1' }, said);
    }
  });
  it('corrects an open echo with no / not quite', () => {
    for (const said of ['no', 'No.', 'not quite', 'Not quite…', 'nope', 'not really']) {
      assert.deepEqual(interpretTypedReply(said, { echo }, en), { kind: 'correct', echoId: 'e1' }, said);
    }
  });
  it('leaves real sentences alone', () => {
    for (const said of ['yes but the box was also damaged', 'no idea where it is', 'right now please', '', '   ', '!!!']) {
      assert.equal(interpretTypedReply(said, { echo }, en), null, said);
    }
    assert.equal(interpretTypedReply('yes', {}, en), null, 'nothing open: an ordinary message');
  });
  it('chooses an option of an open picker by label or by number', () => {
    assert.deepEqual(interpretTypedReply('refund me', { choice }, en), { kind: 'choose', pickerId: 'p1', optionId: 'refund' });
    assert.deepEqual(interpretTypedReply('Send a replacement.', { choice }, en), { kind: 'choose', pickerId: 'p1', optionId: 'replace' });
    assert.deepEqual(interpretTypedReply('3', { choice }, en), { kind: 'choose', pickerId: 'p1', optionId: 'wait' });
    assert.deepEqual(interpretTypedReply('2.', { choice }, en), { kind: 'choose', pickerId: 'p1', optionId: 'refund' });
    assert.equal(interpretTypedReply('4', { choice }, en), null);
    assert.equal(interpretTypedReply('0', { choice }, en), null);
    assert.equal(interpretTypedReply('refund', { choice }, en), null, 'a part of a label is not a choice');
  });
  it('is localised through the catalog', () => {
    const es = createTranslator({ locale: 'es' });
    assert.deepEqual(interpretTypedReply('Sí', { echo }, es), { kind: 'confirm', echoId: 'e1' });
    assert.deepEqual(interpretTypedReply('no exactamente', { echo }, es), { kind: 'correct', echoId: 'e1' });
    registerMessages('ar', ar);
    registerMessages('he', he);
    assert.deepEqual(interpretTypedReply('نعم', { echo }, createTranslator({ locale: 'ar' })), { kind: 'confirm', echoId: 'e1' });
    assert.deepEqual(interpretTypedReply('לא בדיוק', { echo }, createTranslator({ locale: 'he' })), { kind: 'correct', echoId: 'e1' });
  });
});

describe('openPrompts', () => {
  it('finds the echo or picker still waiting, past agent text', () => {
    assert.equal(openPrompts([customer('m1', 'late'), echo, agent('a', 'Take your time.')]).echo, echo);
    assert.equal(openPrompts([customer('m1', 'late'), choice]).choice, choice);
  });
  it('closes what the conversation moved past', () => {
    const later = [choice, customer('m2', 'actually something else')];
    assert.deepEqual(openPrompts(later), {});
    assert.equal(isPromptOpen(later, choice), false);
    assert.deepEqual(openPrompts([echo, choice]), { choice }, 'a newer picker closes the echo');
    assert.equal(isPromptOpen([echo, choice], echo), false);
    assert.deepEqual(openPrompts([{ ...choice, chosen: 'refund' }]), {});
    assert.deepEqual(openPrompts([{ ...echo, state: 'confirmed' }]), {});
    assert.deepEqual(
      openPrompts([choice, { kind: 'recap', id: 'r', at: 4, understood: 'x', done: [], nextStep: { who: 'We', what: 'x' }, resolved: true, care: 'x' }]),
      {},
    );
  });
});

describe('normalizeReply', () => {
  it('drops case, accents and punctuation, keeps every script', () => {
    assert.equal(normalizeReply(' Sí, ¡claro! '), 'si claro');
    assert.equal(normalizeReply("That's RIGHT."), 'thats right');
    assert.equal(normalizeReply('לא בדיוק!'), 'לא בדיוק');
  });
});

describe('Conversation.send reads typed answers', () => {
  it('"yes" confirms the open echo, "2" chooses the second option, anything else is a message', async () => {
    const { createConversation } = await import('@attune/core');
    const { createScriptedTransport } = await import('@attune/core/testing');
    const transport = createScriptedTransport({ autoAck: true });
    const conversation = createConversation({ transport });
    const unsubscribe = conversation.subscribe(() => {});
    // The catalog that reads typed answers loads on demand when the conversation starts.
    await new Promise((r) => setTimeout(r, 20));
    try {
      const first = conversation.send('My parcel is late');
      transport.emit({ type: 'echo', id: 'e1', about: first, text: 'So your parcel is late. Right?', reflection: 'your parcel is late', state: 'proposed' });
      assert.equal(conversation.send('Yes!'), 'e1');
      const after = conversation.getSnapshot().messages;
      assert.equal(after.filter((m) => m.kind === 'text').length, 1, 'no "Yes!" message');
      assert.equal(after.find((m) => m.id === 'e1')?.kind === 'echo' && (after.find((m) => m.id === 'e1') as EchoMessage).state, 'confirmed');
      transport.emit({
        type: 'choice',
        id: 'p1',
        prompt: 'What would help?',
        options: [
          { id: 'a', label: 'Send a replacement' },
          { id: 'b', label: 'Refund me' },
        ],
      });
      assert.equal(conversation.send('2'), 'p1');
      assert.equal((conversation.getSnapshot().messages.find((m) => m.id === 'p1') as ChoiceMessage).chosen, 'b');
      const plain = conversation.send('yes');
      assert.notEqual(plain, 'e1', 'nothing open any more: a message');
      assert.equal(conversation.send('2', { interpret: false }).startsWith('m_'), true);
      await new Promise((r) => setTimeout(r, 20));
      const types = transport.sent.map((e) => e.type);
      assert.deepEqual(types, ['message', 'echo.confirm', 'choose', 'message', 'message']);
    } finally {
      unsubscribe();
      conversation.dispose();
    }
  });
});
