import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gradeConversations, gradeMessages, stress } from '../eval/grade.js';

// Floors of the evaluation set (packages/core/eval): they only go up. Measured when set
// (381 messages incl. the 24-message held-out block, 27 conversations): reflected 79.2 %,
// near 87.8 %, gate pass 99.6 %, no-echo-when-none 95.7 %, harmful 0, tone 75.1 %,
// frustration recall 78.3 %, sarcasm read as satisfaction 0 of 32, 0 conversation failures
// and 0 rule violations. (On the first 331 messages alone: reflected 81.2 %, tone 78.2 %,
// frustration recall 82.9 %.)
describe('evaluation set', () => {
  const m = gradeMessages();
  const rate = (a: number, b: number) => a / b;
  it('echoes most problem statements, and echoes them well', () => {
    assert.ok(m.total >= 300);
    assert.ok(rate(m.reflected, m.problems) >= 0.79, `reflected ${m.reflected}/${m.problems}`);
    assert.ok(rate(m.near, m.reflected) >= 0.87, `near ${m.near}/${m.reflected}`);
    assert.ok(rate(m.gatePass, m.echoes) >= 0.99, `gate ${m.gatePass}/${m.echoes}`);
    assert.ok(rate(m.noEchoRight, m.noEchoDue) >= 0.95, `no echo ${m.noEchoRight}/${m.noEchoDue}`);
    assert.ok(m.harmful === 0, `harmful ${m.harmful}`);
  });
  it('confidence is higher for good echoes than for the others', () => {
    assert.ok(m.confidenceNear > m.confidenceOther);
  });
  it('reads the tone of support text', () => {
    assert.ok(rate(m.toneRight, m.total) >= 0.75, `tone ${m.toneRight}/${m.total}`);
    assert.ok(rate(m.frustrationRight, m.frustration) >= 0.78, `frustration ${m.frustrationRight}/${m.frustration}`);
    assert.equal(m.sarcasmAsSatisfaction, 0, `sarcasm as satisfaction ${m.sarcasmAsSatisfaction}/${m.sarcasm}`);
  });
  // The GoEmotions text (Reddit, not shipped) from ATTUNE_GOEMOTIONS or the checkout's
  // sibling shared/ folder; skipped where it is not on the machine.
  const goemotions = [
    process.env.ATTUNE_GOEMOTIONS,
    fileURLToPath(new URL('../../../../shared/data/goemotions', import.meta.url)),
    fileURLToPath(new URL('../../../../../shared/data/goemotions', import.meta.url)),
  ].find((dir) => dir && existsSync(`${dir}/dev.tsv`));
  it('the echoer over GoEmotions text: no crash, no first-person leak, no personal data', { skip: !goemotions && 'GoEmotions not found' }, () => {
    const s = stress(goemotions ?? '');
    assert.ok(s.texts > 40000, `${s.texts} texts`);
    assert.deepEqual({ crashes: s.crashes, leaks: s.leaks, pii: s.pii }, { crashes: 0, leaks: 0, pii: 0 });
  });
  it('whole conversations pass every expectation and break no rule', async () => {
    const results = await gradeConversations();
    assert.ok(results.length >= 20);
    const problems = results.flatMap((r) => [...r.failures, ...r.violations].map((x) => `${r.name}: ${x}`));
    assert.deepEqual(problems, []);
  });
});
