/**
 * Evaluates `detectTone` (the shipped runtime, hand cues included) on a GoEmotions split.
 *
 *   tsx packages/core/scripts/eval-tone.ts [--data DIR] [--split dev.tsv] [--mapping support|readme]
 *
 * Prints per-tone precision / recall / F1, macro-F1 over the five quality-bar tones
 * (sadness is reported but excluded), the confusion matrix, throughput in messages/s,
 * and the accuracy on the hand-written support-chat check set.
 */
import { parseArgs } from 'node:util';
import { detectTone } from '../src/tone/index.js';
import { DEFAULT_DATA_DIR, TONES, formatMetrics, loadRows, score } from './tone-data.js';
import type { MappingName } from './tone-data.js';
import { runSupportCheck } from './tone-support-check.js';

const { values: opt } = parseArgs({
  options: {
    data: { type: 'string', default: DEFAULT_DATA_DIR },
    split: { type: 'string', default: 'dev.tsv' },
    mapping: { type: 'string', default: 'support' },
    passes: { type: 'string', default: '10' },
  },
});

const mapping = opt.mapping as MappingName;
const rows = loadRows(opt.data!, opt.split!, mapping);
const gold = rows.map((r) => r.label);
const pred = rows.map((r) => TONES.indexOf(detectTone(r.text).tone));
console.log(`${opt.split}: ${rows.length} rows with a mapped label (mapping: ${mapping})\n`);
console.log(formatMetrics(score(gold, pred)));

// Throughput: warm up, then time several passes over the same texts.
const texts = rows.map((r) => r.text);
let sink = 0;
for (const t of texts) sink += detectTone(t).intensity;
const passes = Number(opt.passes);
const t0 = process.hrtime.bigint();
for (let p = 0; p < passes; p++) for (const t of texts) sink += detectTone(t).intensity;
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const perSec = (texts.length * passes) / seconds;
console.log(
  `\nthroughput: ${Math.round(perSec).toLocaleString('en')} messages/s (${passes} passes × ${texts.length} texts, ${seconds.toFixed(2)} s; checksum ${sink.toFixed(0)})`,
);

const check = runSupportCheck();
console.log(`\nsupport check set: ${check.correct}/${check.total} = ${((check.correct / check.total) * 100).toFixed(0)}%`);
for (const miss of check.misses) console.log(`  miss: expected ${miss.expected}, got ${miss.got}: ${miss.text}`);
