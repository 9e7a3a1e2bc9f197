/**
 * GoEmotions loading, label mapping and metrics shared by `train-tone.ts` and
 * `eval-tone.ts`, so training and evaluation can never disagree on what a label means.
 *
 * Label mapping (GoEmotions label → Attune tone), "support" mapping (the default):
 * - frustration  ← anger, annoyance, disapproval, disappointment, disgust
 * - anxiety      ← fear, nervousness
 * - confusion    ← confusion, curiosity   (in a support chat, "how does X work?" asks for
 *                                          help understanding; DESIGN lists "how do I" as a
 *                                          confusion cue)
 * - sadness      ← sadness, grief, remorse
 * - satisfaction ← admiration, amusement, approval, excitement, gratitude, joy, love,
 *                  optimism, pride, relief
 * - neutral      ← neutral
 * - dropped      ← caring, desire, embarrassment, realization, surprise (their tone in a
 *                  support chat is ambiguous: "wow" can be delight or outrage, "I want…"
 *                  can be a request or a complaint)
 * The "readme" mapping (`--mapping readme`) is the starting point suggested by the data
 * README; it additionally drops amusement, curiosity, love and pride. Both are reported.
 *
 * Multi-label rule: a row keeps only the labels that map; rows where none map are
 * dropped. If the mapped labels point at several tones, the gold tone is the first in
 * PRIORITY (frustration > anxiety > sadness > confusion > satisfaction > neutral):
 * negative, actionable tones win because missing them costs a support chat more than
 * missing praise. Training uses the same single label as evaluation.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Tone } from '../src/tone/index.js';

/** Class order used by the model; must match `TONES` in detect-tone.ts. */
export const TONES: readonly Tone[] = ['frustration', 'anxiety', 'confusion', 'sadness', 'satisfaction', 'neutral'];

/** The five tones the macro-F1 quality bar is defined over (sadness excluded). */
export const MACRO_TONES: readonly Tone[] = ['frustration', 'anxiety', 'confusion', 'satisfaction', 'neutral'];

const PRIORITY: readonly Tone[] = ['frustration', 'anxiety', 'sadness', 'confusion', 'satisfaction', 'neutral'];

const SUPPORT_MAPPING: Record<string, Tone> = {
  anger: 'frustration',
  annoyance: 'frustration',
  disapproval: 'frustration',
  disappointment: 'frustration',
  disgust: 'frustration',
  fear: 'anxiety',
  nervousness: 'anxiety',
  confusion: 'confusion',
  curiosity: 'confusion',
  sadness: 'sadness',
  grief: 'sadness',
  remorse: 'sadness',
  admiration: 'satisfaction',
  amusement: 'satisfaction',
  approval: 'satisfaction',
  excitement: 'satisfaction',
  gratitude: 'satisfaction',
  joy: 'satisfaction',
  love: 'satisfaction',
  optimism: 'satisfaction',
  pride: 'satisfaction',
  relief: 'satisfaction',
  neutral: 'neutral',
};

const README_DROPS = new Set(['amusement', 'curiosity', 'love', 'pride']);

export type MappingName = 'support' | 'readme';

export interface Row {
  text: string;
  /** Index into TONES. */
  label: number;
  /** Every tone the row's labels map to (bit c = TONES[c]), for multi-label-aware training. */
  mask: number;
}

/** Default data directory: /work/shared/data/goemotions relative to this script. */
// ATTUNE_GOEMOTIONS points elsewhere (e.g. from a git worktree, where the relative path misses).
export const DEFAULT_DATA_DIR = process.env.ATTUNE_GOEMOTIONS ?? fileURLToPath(new URL('../../../../shared/data/goemotions/', import.meta.url));

/** Reads a GoEmotions TSV and maps it to single-label tone rows (see the module comment). */
export function loadRows(dir: string, file: string, mapping: MappingName = 'support'): Row[] {
  const sep = dir.endsWith('/') ? '' : '/';
  const names = readFileSync(`${dir}${sep}labels.txt`, 'utf8').trim().split('\n');
  const rows: Row[] = [];
  for (const line of readFileSync(`${dir}${sep}${file}`, 'utf8').split('\n')) {
    if (!line) continue;
    const [text = '', ids = ''] = line.split('\t');
    let best = -1;
    let mask = 0;
    for (const id of ids.split(',')) {
      const name = names[Number(id)] ?? '';
      if (mapping === 'readme' && README_DROPS.has(name)) continue;
      const tone = SUPPORT_MAPPING[name];
      if (!tone) continue;
      mask |= 1 << TONES.indexOf(tone);
      const p = PRIORITY.indexOf(tone);
      if (best < 0 || p < best) best = p;
    }
    if (best < 0) continue;
    rows.push({ text, label: TONES.indexOf(PRIORITY[best]!), mask });
  }
  return rows;
}

export interface Metrics {
  perTone: { tone: Tone; precision: number; recall: number; f1: number; support: number }[];
  macroF1: number;
  accuracy: number;
  /** confusion[gold][predicted] */
  confusion: number[][];
}

/** Per-tone P/R/F1, macro-F1 over MACRO_TONES, accuracy and the confusion matrix. */
export function score(gold: ArrayLike<number>, pred: ArrayLike<number>): Metrics {
  const k = TONES.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    confusion[gold[i]!]![pred[i]!]!++;
    if (gold[i] === pred[i]) correct++;
  }
  const perTone = TONES.map((tone, c) => {
    const tp = confusion[c]![c]!;
    let predicted = 0;
    let support = 0;
    for (let j = 0; j < k; j++) {
      predicted += confusion[j]![c]!;
      support += confusion[c]![j]!;
    }
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { tone, precision, recall, f1, support };
  });
  const macro = perTone.filter((t) => MACRO_TONES.includes(t.tone));
  const macroF1 = macro.reduce((s, t) => s + t.f1, 0) / macro.length;
  return { perTone, macroF1, accuracy: correct / gold.length, confusion };
}

/** Fixed-width text table of a Metrics result. */
export function formatMetrics(m: Metrics): string {
  const pct = (x: number): string => (x * 100).toFixed(1).padStart(6);
  const lines = ['tone           P      R      F1   support'];
  for (const t of m.perTone) {
    const star = MACRO_TONES.includes(t.tone) ? ' ' : '*';
    lines.push(`${(t.tone + star).padEnd(13)}${pct(t.precision)} ${pct(t.recall)} ${pct(t.f1)}   ${t.support}`);
  }
  lines.push(`macro-F1 (5 tones, * excluded): ${(m.macroF1 * 100).toFixed(1)}`);
  lines.push(`accuracy (6 tones): ${(m.accuracy * 100).toFixed(1)}`);
  lines.push('', 'confusion matrix (rows = gold, columns = predicted):');
  const abbr = TONES.map((t) => t.slice(0, 6).padStart(7));
  lines.push(' '.repeat(13) + abbr.join(''));
  m.confusion.forEach((row, i) => {
    lines.push(TONES[i]!.padEnd(13) + row.map((v) => String(v).padStart(7)).join(''));
  });
  return lines.join('\n');
}
