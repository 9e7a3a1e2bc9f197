/**
 * Evaluates `detectAbuse` on the hand-written set in `eval/abuse/` and stress-tests it on
 * GoEmotions (Reddit comments) for false positives.
 *
 *   tsx packages/core/scripts/eval-abuse.ts [--errors] [--flags]
 *
 * `--errors` lists every miss and false alarm on the set; `--flags` every GoEmotions
 * comment flagged (for reading them by hand).
 */
import { parseArgs } from 'node:util';
import { detectAbuse } from '../src/abuse/index.js';
import { ABUSE_HOLDOUT, ABUSE_HOLDOUT_2, ABUSE_SET, loadAbuseSet, scoreAbuseSet, stressGoEmotions } from './abuse-data.js';

const { values: opt } = parseArgs({ options: { errors: { type: 'boolean', default: false }, flags: { type: 'boolean', default: false } } });
const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

const rows = loadAbuseSet();
for (const [name, file] of [
  ['development set (abuse-set.tsv)', ABUSE_SET],
  ['first held-out set (abuse-holdout.tsv; tuned on after its first score)', ABUSE_HOLDOUT],
  ['second held-out set (abuse-holdout-2.tsv; never tuned on)', ABUSE_HOLDOUT_2],
] as const) {
  const s = scoreAbuseSet(loadAbuseSet(file));
  console.log(`${name}: ${s.total} lines (${s.tp + s.fn} abusive, ${s.fp + s.tn} not)`);
  console.log(`  precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn}, tn ${s.tn})`);
  console.log(`  kind right on ${pct(s.kindAccuracy)} of the true positives`);
  console.log(
    '  recall by kind:',
    Object.entries(s.recallByKind)
      .map(([k, v]) => `${k} ${v.hit}/${v.of}`)
      .join(', '),
  );
  console.log(
    '  flagged among non-abusive, by group:',
    Object.entries(s.falsePositivesByGroup)
      .map(([g, v]) => `${g} ${v.flagged}/${v.of}`)
      .join(', '),
  );
  if (opt.errors)
    for (const e of s.errors) console.log(`    ${e.row.label === 'none' ? `false alarm (${e.got ?? '?'})` : `missed ${e.row.label}`}: ${e.row.text}`);
}

const stress = stressGoEmotions();
if (stress) {
  console.log(
    `\nGoEmotions train+dev: ${stress.flagged} of ${stress.rows} comments flagged (${pct(stress.flagged / stress.rows)}); ` +
      `${stress.calmFlagged} of ${stress.calmRows} with only calm labels (${pct(stress.calmFlagged / stress.calmRows)})`,
  );
  if (opt.flags) for (const line of stress.samples) console.log(`  ${line}`);
} else console.log('\nGoEmotions not found: stress set skipped');

const texts = rows.map((r) => r.text);
let sink = 0;
for (const t of texts) sink += detectAbuse(t).score;
const passes = 200;
const t0 = process.hrtime.bigint();
for (let p = 0; p < passes; p++) for (const t of texts) sink += detectAbuse(t).score;
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`\nthroughput: ${Math.round((texts.length * passes) / seconds).toLocaleString('en')} messages/s (checksum ${sink.toFixed(0)})`);
