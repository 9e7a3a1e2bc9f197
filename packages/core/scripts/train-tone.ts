/**
 * Trains the tone model and writes `src/tone/tone-model.generated.ts`.
 *
 *   tsx packages/core/scripts/train-tone.ts [--data DIR] [--no-write] [--vocab N] …
 *
 * Deterministic: seeded shuffles, no other randomness; a rerun writes a byte-identical
 * file. Every option's default is the setting chosen by 5-fold cross-validation on train
 * (mean over seeds 1–3); dev.tsv is never read here. Steps:
 *  1. Map GoEmotions train.tsv to single-label tone rows (see tone-data.ts).
 *  2. Features as the runtime computes them: stemmed unigrams (cut to 5 letters),
 *     negation-marked, emoji and ":)"/":(", `?`, `!` (tone-features.ts), plus bigrams of
 *     adjacent words seen in ≥ 30 rows. The hand-written support cues (tone-cues.ts) are
 *     added to the logits in training and in scoring, so the model learns around them.
 *  3. Multinomial logistic regression (AdaGrad SGD, class weights ∝ frequency^-alpha) with
 *     a uniform L2 penalty: SGD only touches a weight when its feature fires, so the
 *     per-update penalty is divided by the feature's frequency (`--l2u`); without it rare
 *     words overfit and a larger vocabulary made CV worse.
 *  4. Feature selection: rank features by weight spread × df^0.3, keep the top N, retrain.
 *  5. Sparsify + quantise: each feature's weight vector is shifted by its median (softmax
 *     is invariant to the shift), then only its largest weight is kept, or its two largest
 *     for the 50 most ambiguous features (largest runner-up weight); retrained with that
 *     pattern fixed, rounded to integer levels in [-12, 12], biases refitted. Per-tone
 *     bias offsets are tuned for macro-F1 on the pooled out-of-fold predictions.
 *  6. Retrain steps 3–5 on all of train with the same settings and offsets, and write the
 *     model as one string of words grouped by (tone, level), which gzips to ~3 bytes per
 *     weight.
 *
 * Figures (5-fold CV on train, shipped pipeline incl. cues, offsets tuned on the same
 * out-of-fold predictions so slightly optimistic): macro-F1 0.614 (seed 1), 0.616 mean
 * over seeds 1–3. Dev (eval-tone.ts): 0.615. Tone module 5.4 KB min+gzip.
 * What did not help on CV (±0.003 is noise): soft multi-label targets, elongation
 * folding ("sooo" → "soo"), emoticon/emoji tokens (kept: cheap, and what chat customers
 * type), larger vocabularies, stems of 6–7 letters, more epochs.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom } from '../src/testing/seeded-random.js';
import { addCues } from '../src/tone/tone-cues.js';
import { extractFeatures } from '../src/tone/tone-features.js';
import { DEFAULT_DATA_DIR, TONES, formatMetrics, loadRows, score } from './tone-data.js';
import type { Row } from './tone-data.js';
import { SUPPORT_TRAIN } from './tone-support-train.js';

const { values: opt } = parseArgs({
  options: {
    data: { type: 'string', default: DEFAULT_DATA_DIR },
    out: {
      type: 'string',
      default: fileURLToPath(new URL('../src/tone/tone-model.generated.ts', import.meta.url)),
    },
    'no-write': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    stem: { type: 'string', default: '5' },
    vocab: { type: 'string', default: '450' },
    'min-df': { type: 'string', default: '3' },
    epochs: { type: 'string', default: '6' },
    lr: { type: 'string', default: '0.1' },
    l2: { type: 'string', default: '0.00002' },
    alpha: { type: 'string', default: '0.4' },
    levels: { type: 'string', default: '12' },
    per: { type: 'string', default: '1' },
    soft: { type: 'string', default: '0' },
    'cue-train': { type: 'string', default: '1' },
    'bigram-df': { type: 'string', default: '30' },
    l2u: { type: 'string', default: '5' },
    per2: { type: 'string', default: '50' },
    'imp-pow': { type: 'string', default: '0.3' },
    quiet: { type: 'boolean', default: false },
    // Copies of each hand-written support example (tone-support-train.ts) added to every
    // training fold; CV is still scored on GoEmotions rows only.
    'support-weight': { type: 'string', default: '3' },
  },
});

const K = TONES.length;
const SEED = Number(opt.seed);
const STEM = Number(opt.stem);
const VOCAB = Number(opt.vocab);
const MIN_DF = Number(opt['min-df']);
const EPOCHS = Number(opt.epochs);
const LR = Number(opt.lr);
const L2 = Number(opt.l2);
const ALPHA = Number(opt.alpha);
const LEVELS = Number(opt.levels);
const PER = Number(opt.per);
const SOFT = Number(opt.soft);
const CUE_TRAIN = opt['cue-train'] === '1';
const BIGRAM_DF = Number(opt['bigram-df']);
const L2U = Number(opt.l2u);
// Level letters are 'm' ± LEVELS and must stay within a-y.
if (!(Number.isInteger(Number(opt.levels)) && Number(opt.levels) >= 1 && Number(opt.levels) <= 12)) throw new Error('--levels must be 1..12');
const PER2 = Number(opt.per2);
const IMP_POW = Number(opt['imp-pow']);
const log = opt.quiet ? (): void => {} : (...a: unknown[]): void => console.log(...a);

function shuffle<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Per row: its features (unigrams, then bigrams "a+b" of adjacent words) and cue logits. */
interface Prepared {
  feats: string[];
  cues: Float64Array;
}

function prepare(rows: Row[]): Prepared[] {
  return rows.map((r) => {
    // Exactly as detectTone: lowercase, typographic apostrophes made ASCII.
    const lower = r.text.toLowerCase().replace(/\u2019/g, "'");
    const feats: string[] = [];
    extractFeatures(lower, feats, STEM);
    const n = feats.length;
    if (BIGRAM_DF > 0) for (let i = 1; i < n; i++) if (isWordFeature(feats[i - 1]!) && isWordFeature(feats[i]!)) feats.push(`${feats[i - 1]}+${feats[i]}`);
    const z = [0, 0, 0, 0, 0, 0];
    addCues(r.text, lower, z);
    return { feats, cues: Float64Array.from(z) };
  });
}

function isWordFeature(f: string): boolean {
  return f !== '?' && f !== '!';
}

/** Training target per row: the priority label, optionally mixed with all its mapped tones. */
function targets(rows: Row[]): Float64Array[] {
  return rows.map((r) => {
    const t = new Float64Array(K);
    let n = 0;
    for (let c = 0; c < K; c++) if (r.mask & (1 << c)) n++;
    for (let c = 0; c < K; c++) t[c] = (c === r.label ? 1 - SOFT : 0) + (r.mask & (1 << c) ? SOFT / n : 0);
    return t;
  });
}

interface Model {
  feats: string[];
  W: Float64Array; // feats.length × K
  b: Float64Array;
}

/** Class weights ∝ frequency^-alpha of the priority labels. */
function classWeights(labels: number[]): Float64Array {
  const n = new Float64Array(K);
  for (const y of labels) n[y]!++;
  const w = new Float64Array(K);
  for (let c = 0; c < K; c++) w[c] = Math.pow(labels.length / (K * Math.max(1, n[c]!)), ALPHA);
  return w;
}

/** What every training run sees: feature ids, soft targets, labels and fixed base logits. */
interface Data {
  X: Int32Array[];
  T: Float64Array[];
  y: number[];
  base: Float64Array[];
}

/** AdaGrad SGD on softmax cross-entropy; `biasOnly` refits biases to frozen weights. */
function train(
  d: Data,
  nFeat: number,
  init?: { W: Float64Array; b: Float64Array },
  biasOnly = false,
  epochs = EPOCHS,
  mask?: Uint8Array,
): { W: Float64Array; b: Float64Array } {
  const W = init ? init.W.slice() : new Float64Array(nFeat * K);
  const b = init ? init.b.slice() : new Float64Array(K);
  const GW = new Float64Array(nFeat * K);
  // Per-occurrence share of a uniform L2 penalty (L2U per feature per pass): rare features
  // are otherwise barely regularised, since SGD only touches a weight when it fires.
  const reg = new Float64Array(nFeat).fill(L2);
  if (L2U > 0) {
    const df = new Float64Array(nFeat);
    for (const xs of d.X) for (const f of xs) df[f]!++;
    for (let f = 0; f < nFeat; f++) reg[f] = L2 + L2U / Math.max(1, df[f]!);
  }
  const Gb = new Float64Array(K);
  const cw = classWeights(d.y);
  const rand = seededRandom(SEED + 17);
  const order = Array.from({ length: d.X.length }, (_, i) => i);
  const z = new Float64Array(K);
  for (let e = 0; e < epochs; e++) {
    shuffle(order, rand);
    for (const i of order) {
      const xs = d.X[i]!;
      const t = d.T[i]!;
      const wi = cw[d.y[i]!]!;
      const base = d.base[i]!;
      for (let c = 0; c < K; c++) z[c] = b[c]! + (CUE_TRAIN ? base[c]! : 0);
      for (const f of xs) for (let c = 0; c < K; c++) z[c]! += W[f * K + c]!;
      let m = -Infinity;
      for (let c = 0; c < K; c++) m = Math.max(m, z[c]!);
      let s = 0;
      for (let c = 0; c < K; c++) s += z[c] = Math.exp(z[c]! - m);
      for (let c = 0; c < K; c++) {
        const g = (z[c]! / s - t[c]!) * wi;
        Gb[c]! += g * g;
        b[c]! -= (LR * g) / Math.sqrt(Gb[c]! + 1e-8);
        if (biasOnly) continue;
        for (const f of xs) {
          const j = f * K + c;
          if (mask && !mask[j]) continue;
          const gj = g + reg[f]! * W[j]!;
          GW[j]! += gj * gj;
          W[j]! -= (LR * gj) / Math.sqrt(GW[j]! + 1e-8);
        }
      }
    }
  }
  return { W, b };
}

function index(feats: string[][], vocab: Map<string, number>): Int32Array[] {
  return feats.map((fs) => {
    const ids: number[] = [];
    for (const f of fs) {
      const j = vocab.get(f);
      if (j !== undefined) ids.push(j);
    }
    return Int32Array.from(ids);
  });
}

function dataFor(prep: Prepared[], rows: Row[], vocab: Map<string, number>): Data {
  return {
    X: index(
      prep.map((p) => p.feats),
      vocab,
    ),
    T: targets(rows),
    y: rows.map((r) => r.label),
    base: prep.map((p) => p.cues),
  };
}

/** Logits as detectTone computes them: bias + cues + weights. */
function predictAll(d: Data, W: Float64Array, b: ArrayLike<number>): Float64Array[] {
  return d.X.map((xs, i) => {
    const z = Float64Array.from(b);
    const base = d.base[i]!;
    for (let c = 0; c < K; c++) z[c]! += base[c]!;
    for (const f of xs) for (let c = 0; c < K; c++) z[c]! += W[f * K + c]!;
    return z;
  });
}

function argmaxWith(z: Float64Array, off: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < K; c++) if (z[c]! + off[c]! > z[best]! + off[best]!) best = c;
  return best;
}

/** Coordinate ascent on per-tone logit offsets to maximise macro-F1 (out-of-fold only). */
function tuneOffsets(Z: Float64Array[], y: number[]): Float64Array {
  const off = new Float64Array(K);
  // Tuned on all six tones (not just the five of the quality bar) so the search cannot
  // "win" by never predicting sadness.
  const f1 = (): number => {
    const m = score(
      y,
      Z.map((z) => argmaxWith(z, off)),
    );
    return (m.macroF1 * 5 + m.perTone[3]!.f1) / 6;
  };
  let best = f1();
  for (let round = 0; round < 3; round++) {
    for (let c = 0; c < K; c++) {
      const base = off[c]!;
      let bestV = base;
      for (let d = -1.5; d <= 1.5001; d += 0.1) {
        off[c] = base + d;
        const v = f1();
        if (v > best + 1e-9) {
          best = v;
          bestV = off[c]!;
        }
      }
      off[c] = bestV;
    }
  }
  return off;
}

interface Fitted {
  model: Model;
  q: Int8Array; // quantised levels, feats.length × K
  scale: number;
}

function fit(rows: Row[], prep: Prepared[]): Fitted {
  const feats = prep.map((p) => p.feats);
  // Document frequency over the training rows.
  const df = new Map<string, number>();
  for (const fs of feats) for (const f of new Set(fs)) df.set(f, (df.get(f) ?? 0) + 1);
  // "name" is GoEmotions' [NAME] mask, not a word customers type with tone.
  const full = [...df.keys()]
    .filter((f) => {
      if (/(?:^|[+!])name(?:\+|$)/.test(f)) return false;
      return df.get(f)! >= (f.includes('+') ? BIGRAM_DF : MIN_DF);
    })
    .sort();
  const fullIdx = new Map(full.map((f, i) => [f, i]));
  const m0 = train(dataFor(prep, rows, fullIdx), full.length);
  // Rank by how far apart the feature pushes the tones, times how often it fires.
  const importance = full.map((f, i) => {
    const w = Array.from(m0.W.subarray(i * K, i * K + K));
    return (Math.max(...w) - Math.min(...w)) * Math.pow(df.get(f)!, IMP_POW);
  });
  const keep = full
    .map((f, i) => ({ f, s: importance[i]! }))
    .sort((a, b) => b.s - a.s || (a.f < b.f ? -1 : 1))
    .slice(0, VOCAB)
    .map((x) => x.f)
    .sort();
  const keepIdx = new Map(keep.map((f, i) => [f, i]));
  const data = dataFor(prep, rows, keepIdx);
  const m1 = train(data, keep.length);
  // Median-shift each feature (softmax is invariant to it) so its K weights centre on 0,
  // keep only its PER largest, then retrain with that sparsity pattern fixed: every kept
  // weight costs a repeated word in the shipped string.
  const W = m1.W.slice();
  const mask = new Uint8Array(W.length);
  const orders: number[][] = [];
  for (let i = 0; i < keep.length; i++) {
    const v = Array.from(W.subarray(i * K, i * K + K)).sort((a, b) => a - b);
    const med = (v[(K - 1) >> 1]! + v[K >> 1]!) / 2;
    for (let c = 0; c < K; c++) W[i * K + c]! -= med;
    orders.push([0, 1, 2, 3, 4, 5].sort((a, b) => Math.abs(W[i * K + b]!) - Math.abs(W[i * K + a]!)));
  }
  // The PER2 features whose runner-up weight is largest (the most ambiguous words, e.g.
  // one that is both thanks and relief) keep PER + 1 weights.
  const second = (i: number): number => Math.abs(W[i * K + orders[i]![PER]!]!);
  const extra = new Set(
    keep
      .map((_, i) => i)
      .sort((a, b) => second(b) - second(a) || a - b)
      .slice(0, PER2),
  );
  for (let i = 0; i < keep.length; i++) {
    const per = PER + (extra.has(i) ? 1 : 0);
    for (let r = 0; r < K; r++) {
      if (r < per) mask[i * K + orders[i]![r]!] = 1;
      else W[i * K + orders[i]![r]!] = 0;
    }
  }
  const m2 = train(data, keep.length, { W, b: m1.b }, false, Math.max(2, EPOCHS >> 1), mask);
  W.set(m2.W);
  const abs = Array.from(W, Math.abs).sort((a, b) => a - b);
  // Clip at the 99.9th percentile so one outlier does not waste the levels.
  const scale = abs[Math.floor(abs.length * 0.999)]! / LEVELS;
  const q = new Int8Array(W.length);
  const Wq = new Float64Array(W.length);
  for (let j = 0; j < W.length; j++) {
    q[j] = Math.max(-LEVELS, Math.min(LEVELS, Math.round(W[j]! / scale)));
    Wq[j] = q[j]! * scale;
  }
  const refit = train(data, keep.length, { W: Wq, b: m2.b }, true, 3);
  return { model: { feats: keep, W: Wq, b: refit.b }, q, scale };
}

function evalHoldout(fitted: Fitted, rows: Row[], prep: Prepared[]): { Z: Float64Array[]; y: number[] } {
  const idx = new Map(fitted.model.feats.map((f, i) => [f, i]));
  const d = dataFor(prep, rows, idx);
  return { Z: predictAll(d, fitted.model.W, fitted.model.b), y: d.y };
}

function encode(fitted: Fitted, offsets: Float64Array): string {
  const { feats } = fitted.model;
  const groups = new Map<string, string[]>();
  for (let i = 0; i < feats.length; i++) {
    for (let c = 0; c < K; c++) {
      const level = fitted.q[i * K + c]!;
      if (level === 0) continue;
      // Header: tone index digit + level letter ('m' = 0, so up to ±12 levels stay a-y).
      const key = `${c}${String.fromCharCode(109 + level)}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(feats[i]!);
    }
  }
  const lexicon = [...groups.keys()]
    .sort()
    .map((k) => `${k} ${groups.get(k)!.join(' ')}`)
    .join('|');
  const bias = Array.from(fitted.model.b, (v, c) => Math.round((v + offsets[c]!) * 100) / 100);
  const nonZero = fitted.q.reduce((s, v) => s + (v ? 1 : 0), 0);
  return `// GENERATED by packages/core/scripts/train-tone.ts — do not edit by hand.
// Regenerate: cd /work/main && tsx packages/core/scripts/train-tone.ts
// Source: GoEmotions train.tsv (Apache-2.0), mapped to Attune tones (scripts/tone-data.ts).
// Settings: seed=${SEED} stem=${STEM} vocab=${VOCAB} min-df=${MIN_DF} bigram-df=${BIGRAM_DF} imp-pow=${IMP_POW} epochs=${EPOCHS} support-weight=${SUPPORT_WEIGHT}
// lr=${LR} l2=${L2} l2u=${L2U} alpha=${ALPHA} soft=${SOFT} cue-train=${Number(CUE_TRAIN)} levels=${LEVELS} per=${PER} per2=${PER2}
// ${feats.length} features, ${nonZero} non-zero quantised weights.

/** Tokens are cut to this many characters before lookup (see tone-features.ts). */
export const STEM = ${STEM};

/** Weight of one quantisation level, in logits. */
export const SCALE = ${Math.round(fitted.scale * 10000) / 10000};

/** Per-tone logit bias (tone order as TONES in detect-tone.ts), macro-F1 offsets included. */
export const BIAS = [${bias.join(', ')}] as const;

/**
 * Groups separated by "|": a 2-char header (tone index digit, level letter with "m" = 0)
 * then space-separated features; "!" marks a negated word, "?"/"!" alone are punctuation,
 * "a+b" is the word a followed by the word b. A feature may appear in two groups.
 */
export const LEXICON =
  ${JSON.stringify(lexicon)};
`;
}

const all = loadRows(opt.data!, 'train.tsv');
const rand = seededRandom(SEED);
const shuffled = shuffle(all.slice(), rand);
const prepared = prepare(shuffled);
// 5-fold cross-validation on train: out-of-fold logits for every row, pooled, so the
// macro-F1 offsets are tuned on ~40k predictions rather than one small hold-out.
const FOLDS = 5;
log(`rows: ${all.length} mapped; ${FOLDS}-fold cross-validation`);
const t0 = Date.now();
const Z: Float64Array[] = [];
const y: number[] = [];
const part = <T>(xs: T[], k: number, inFold: boolean): T[] => xs.filter((_, i) => (i % FOLDS === k) === inFold);
const SUPPORT_WEIGHT = Number(opt['support-weight']);
const support: Row[] = [];
for (let r = 0; r < SUPPORT_WEIGHT; r++) {
  for (const [tone, text] of SUPPORT_TRAIN) support.push({ text, label: TONES.indexOf(tone), mask: 1 << TONES.indexOf(tone) } as Row);
}
const supportPrepared = prepare(support);
for (let k = 0; k < FOLDS; k++) {
  const fitted = fit([...part(shuffled, k, false), ...support], [...part(prepared, k, false), ...supportPrepared]);
  const h = evalHoldout(fitted, part(shuffled, k, true), part(prepared, k, true));
  Z.push(...h.Z);
  y.push(...h.y);
}
const raw = score(
  y,
  Z.map((z) => argmaxWith(z, new Float64Array(K))),
);
const offsets = tuneOffsets(Z, y);
const tuned = score(
  y,
  Z.map((z) => argmaxWith(z, offsets)),
);
log(
  `CV macro-F1: ${(raw.macroF1 * 100).toFixed(1)} untuned, ${(tuned.macroF1 * 100).toFixed(1)} with offsets [${Array.from(offsets, (v) => v.toFixed(1)).join(', ')}] (slightly optimistic: tuned on it)`,
);
log(formatMetrics(tuned));
log(`(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
console.log(`RESULT cv_macroF1_untuned=${raw.macroF1.toFixed(4)} tuned=${tuned.macroF1.toFixed(4)}`);

if (!opt['no-write']) {
  const final = fit([...shuffled, ...support], [...prepared, ...supportPrepared]);
  const src = encode(final, offsets);
  writeFileSync(opt.out!, src);
  // The shipped numbers (rounded scale and biases) on train itself: eval-tone.ts on
  // train.tsv must print the same macro-F1, which proves runtime and trainer agree.
  const scale = Math.round(final.scale * 10000) / 10000;
  const Wr = Float64Array.from(final.q, (v) => v * scale);
  const br = Array.from(final.model.b, (v, c) => Math.round((v + offsets[c]!) * 100) / 100);
  const d = dataFor(prepared, shuffled, new Map(final.model.feats.map((f, i) => [f, i])));
  const zero = new Float64Array(K);
  log(
    `in-sample macro-F1 of the shipped model: ${(
      score(
        d.y,
        predictAll(d, Wr, br).map((z) => argmaxWith(z, zero)),
      ).macroF1 * 100
    ).toFixed(2)}`,
  );
  const lex = /LEXICON =\s*(".*")/.exec(src)![1]!;
  log(`LEXICON: ${lex.length} chars, ${gzipSync(lex, { level: 9 }).length} bytes gzipped`);
  log(`wrote ${opt.out}`);
}
