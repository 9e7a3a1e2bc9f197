import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectTone } from '../src/tone/index.js';
import type { Tone } from '../src/tone/index.js';
import { SUPPORT_CHECK } from '../scripts/tone-support-check.js';

const TONES: Tone[] = ['frustration', 'anxiety', 'confusion', 'sadness', 'satisfaction', 'neutral'];

describe('detectTone', () => {
  const cases: [Tone, string][] = [
    ['frustration', "My order still hasn't arrived and nobody answers my emails."],
    ['frustration', 'You charged me twice, I want a refund now.'],
    ['anxiety', "I'm worried my account was hacked, what if they took my money?"],
    ['confusion', "I don't understand how to change my billing address."],
    ['confusion', 'How do I reset my password?'],
    ['satisfaction', 'Thank you so much, that fixed it!'],
    ['neutral', 'My order number is 48213.'],
  ];
  for (const [tone, text] of cases) {
    it(`reads "${text}" as ${tone}`, () => {
      assert.equal(detectTone(text).tone, tone);
    });
  }

  it('does not read negated praise as satisfaction', () => {
    const r = detectTone('I am not happy with this service.');
    assert.notEqual(r.tone, 'satisfaction');
    assert.equal(r.tone, 'frustration');
    assert.ok(r.scores.satisfaction < detectTone('I am happy with this service.').scores.satisfaction);
  });

  it('flags urgency independently of tone', () => {
    assert.equal(detectTone('I need the invoice by tomorrow, please.').urgency, true);
    assert.equal(detectTone('Please fix this ASAP').urgency, true);
    // "!!!" is intensity, not a deadline: the agent must not answer it "I know you're short on time".
    assert.equal(detectTone('Where is my package!!!').urgency, false);
    assert.equal(detectTone('there is a charge I do not know and my rent goes out tomorrow').urgency, true);
    assert.equal(detectTone('my flight leaves in 2 hours').urgency, true);
    assert.equal(detectTone('Where is my package?').urgency, false);
    assert.equal(detectTone('Thanks, have a nice weekend.').urgency, false);
  });

  it('raises intensity for all-caps and repeated punctuation', () => {
    const calm = detectTone('this is ridiculous, my order still has not arrived');
    const loud = detectTone('THIS IS RIDICULOUS, MY ORDER STILL HAS NOT ARRIVED!!!');
    assert.equal(calm.tone, 'frustration');
    assert.equal(loud.tone, 'frustration');
    assert.ok(loud.intensity > calm.intensity, `${loud.intensity} > ${calm.intensity}`);
    assert.ok(loud.cues.includes('all-caps'));
    assert.ok(loud.cues.includes('!!!'));
  });

  it('keeps intensity in 0..1 and 0 for neutral', () => {
    for (const [, text] of SUPPORT_CHECK) {
      const r = detectTone(text);
      assert.ok(r.intensity >= 0 && r.intensity <= 1, text);
      if (r.tone === 'neutral') assert.equal(r.intensity, 0);
    }
  });

  it('treats empty and whitespace input as neutral with intensity 0', () => {
    for (const text of ['', '   ', '\n\t']) {
      const r = detectTone(text);
      assert.equal(r.tone, 'neutral');
      assert.equal(r.intensity, 0);
      assert.equal(r.urgency, false);
      assert.deepEqual(r.cues, []);
      assert.equal(r.scores.neutral, 1);
    }
  });

  it('explains itself with short cues', () => {
    const r = detectTone("My parcel hasn't arrived, I want a refund!!!");
    assert.equal(r.tone, 'frustration');
    assert.ok(r.cues.length > 0 && r.cues.length <= 8);
    assert.ok(
      r.cues.some((c) => c.includes("hasn't arrived")),
      r.cues.join(', '),
    );
    assert.ok(r.cues.includes('refund'), r.cues.join(', '));
  });

  it('returns scores for every tone that sum to 1, with the winner highest', () => {
    for (const [, text] of SUPPORT_CHECK) {
      const r = detectTone(text);
      const values = TONES.map((t) => r.scores[t]);
      const sum = values.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-9, `sum ${sum}`);
      assert.ok(values.every((v) => v >= 0 && v <= 1));
      assert.equal(r.scores[r.tone], Math.max(...values));
    }
  });

  it('is deterministic', () => {
    const text = 'I am SO worried, my flight is today and the booking still shows pending??';
    assert.deepEqual(detectTone(text), detectTone(text));
  });

  it('handles typographic apostrophes like ASCII ones', () => {
    assert.deepEqual(detectTone('My order hasn\u2019t arrived').scores, detectTone("My order hasn't arrived").scores);
  });

  it('scores word pairs and explains them as typed', () => {
    const r = detectTone('I have no idea what this means');
    assert.equal(r.tone, 'confusion');
    assert.ok(r.cues.includes('word:no idea'), r.cues.join(', '));
  });

  it('reads emoticons and emoji as words', () => {
    assert.ok(detectTone('ok :)').scores.satisfaction > detectTone('ok').scores.satisfaction);
    assert.ok(detectTone('ok :(').scores.satisfaction < detectTone('ok').scores.satisfaction);
    assert.ok(detectTone('ok \u{1F62D}').scores.sadness > detectTone('ok').scores.sadness);
  });

  it('flags stretched words as a cue', () => {
    assert.ok(detectTone('this is sooo slow').cues.includes('stretched word'));
    assert.ok(!detectTone('this is so slow').cues.includes('stretched word'));
  });

  it('reads bereavement as sadness', () => {
    assert.equal(detectTone('Please cancel the booking, my mother passed away last night.').tone, 'sadness');
  });

  it('gets most of the hand-written support check set right', () => {
    const correct = SUPPORT_CHECK.filter(([tone, text]) => detectTone(text).tone === tone).length;
    assert.ok(correct / SUPPORT_CHECK.length >= 0.9, `${correct}/${SUPPORT_CHECK.length}`);
  });
});
