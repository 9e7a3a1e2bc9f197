import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectAbuse } from '../src/abuse/index.js';
import { createTranslator } from '../src/i18n/index.js';
import { ABUSE_HOLDOUT, ABUSE_HOLDOUT_2, hasGoEmotions, loadAbuseSet, scoreAbuseSet, stressGoEmotions } from '../scripts/abuse-data.js';

describe('detectAbuse', () => {
  it('flags abuse aimed at the agent, with its kind and cues', () => {
    const insult = detectAbuse('you are an idiot');
    assert.equal(insult.abusive, true);
    assert.equal(insult.kind, 'insult');
    assert.ok(insult.score >= 0.5 && insult.score <= 1);
    assert.ok(insult.cues.length > 0);
    assert.equal(detectAbuse('I know where you live').kind, 'threat');
    assert.equal(detectAbuse('kys').kind, 'harassment');
    assert.equal(detectAbuse('send me nudes').kind, 'harassment');
  });

  it('does not flag frustration with the product, the company or the situation', () => {
    for (const text of [
      'this app is garbage',
      'your service is a fucking joke',
      'what the fuck you guys charged me twice',
      'you guys are useless',
      "I'll sue you",
      "I'm such an idiot, I forgot my password",
      'the courier was a moron',
      'A user keeps writing "you are an idiot" on my posts',
      'Can you kill the old session on my account?',
      'shut up and take my money',
    ]) {
      const result = detectAbuse(text);
      assert.equal(result.abusive, false, `${text} → ${JSON.stringify(result)}`);
      assert.equal(result.kind, null);
    }
  });

  it('sees through leetspeak, stretched letters, spacing and masking', () => {
    for (const text of ['you are an 1d10t', 'you are soooo stupid', "you're an i d i o t", 'f*ck you', 'YOU ARE AN IDIOT']) {
      assert.equal(detectAbuse(text).abusive, true, text);
    }
  });

  it('survives hostile input', () => {
    assert.equal(detectAbuse('').abusive, false);
    assert.equal(detectAbuse('   ').abusive, false);
    assert.equal(detectAbuse(undefined as never).abusive, false);
    const huge = `${'you are an idiot '.repeat(10)}${'a'.repeat(200_000)}`;
    const t0 = performance.now();
    assert.equal(detectAbuse(huge).abusive, true);
    assert.equal(detectAbuse('a '.repeat(50_000)).abusive, false);
    // Catastrophic backtracking would take seconds; linear work takes milliseconds.
    assert.ok(performance.now() - t0 < 2000, 'bounded time on long input');
  });
});

describe('the calm boundary line', () => {
  it('ships in en and es, and is a boundary, not an apology', () => {
    const en = createTranslator({ locale: 'en' }).t('boundary.abuse');
    const es = createTranslator({ locale: 'es-MX' }).t('boundary.abuse');
    assert.match(en, /respectful/);
    assert.match(es, /respeto/);
    for (const line of [en, es]) assert.doesNotMatch(line, /sorry|apolog|lo siento|perd[oó]n|disculp/i);
  });
});

describe('detectAbuse on the labelled sets (floors; the figures are in the core README)', () => {
  it('keeps precision ≥ 0.95 and recall ≥ 0.95 on the development set, with no false alarm on frustration', () => {
    const s = scoreAbuseSet(loadAbuseSet());
    assert.ok(s.total >= 300, 'at least 300 lines');
    assert.ok(s.precision >= 0.95, `precision ${s.precision.toFixed(3)}`);
    assert.ok(s.recall >= 0.95, `recall ${s.recall.toFixed(3)}`);
    assert.equal(s.falsePositivesByGroup.frustration?.flagged, 0);
    assert.equal(s.falsePositivesByGroup['complaint-threat']?.flagged, 0);
  });

  it('keeps precision ≥ 0.9 on both held-out sets', () => {
    for (const [file, minRecall] of [
      [ABUSE_HOLDOUT, 0.9],
      [ABUSE_HOLDOUT_2, 0.75],
    ] as const) {
      const s = scoreAbuseSet(loadAbuseSet(file));
      assert.ok(s.precision >= 0.9, `${file}: precision ${s.precision.toFixed(3)}`);
      assert.ok(s.recall >= minRecall, `${file}: recall ${s.recall.toFixed(3)}`);
      assert.equal(s.falsePositivesByGroup['complaint-threat']?.flagged, 0);
    }
  });

  it('flags under 0.5% of GoEmotions comments with only calm labels', { skip: !hasGoEmotions() && 'GoEmotions not found (set GOEMOTIONS_DIR)' }, () => {
    const stress = stressGoEmotions(undefined, ['dev.tsv']);
    if (!stress) return;
    assert.ok(stress.calmFlagged / stress.calmRows < 0.005, `${String(stress.calmFlagged)} of ${String(stress.calmRows)}`);
  });
});
