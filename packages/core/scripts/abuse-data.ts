/**
 * The abuse evaluation set and its scoring, shared by `eval-abuse.ts` and the floor test.
 * See `eval/abuse/README.md` for how the set was written and labelled.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectAbuse } from '../src/abuse/index.js';
import type { AbuseKind } from '../src/abuse/index.js';

export const ABUSE_SET = fileURLToPath(new URL('../eval/abuse/abuse-set.tsv', import.meta.url));
/** Written after the rules were tuned on `ABUSE_SET`; blind for its first score only (rules were then improved on its misses). */
export const ABUSE_HOLDOUT = fileURLToPath(new URL('../eval/abuse/abuse-holdout.tsv', import.meta.url));
/** Written (and committed) before those improvements; scored once after them, never tuned on. */
export const ABUSE_HOLDOUT_2 = fileURLToPath(new URL('../eval/abuse/abuse-holdout-2.tsv', import.meta.url));
/** `../shared/data/goemotions` beside the repository, or `GOEMOTIONS_DIR` (e.g. from a git worktree). */
export const GOEMOTIONS_DIR = process.env.GOEMOTIONS_DIR ?? fileURLToPath(new URL('../../../../shared/data/goemotions/', import.meta.url));

export interface AbuseRow {
  label: AbuseKind | 'none';
  group: string;
  text: string;
}

const LABELS = new Set(['insult', 'slur', 'threat', 'harassment', 'none']);

export function loadAbuseSet(file = ABUSE_SET): AbuseRow[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line, i) => {
      const [label = '', group = '', text = ''] = line.split('\t');
      if (!LABELS.has(label) || !text) throw new Error(`${file}:${i + 2}: bad line ${JSON.stringify(line)}`);
      return { label: label as AbuseRow['label'], group, text };
    });
}

export interface AbuseScores {
  total: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
  /** Of the true positives, how many got the labelled kind. */
  kindAccuracy: number;
  recallByKind: Record<string, { hit: number; of: number }>;
  falsePositivesByGroup: Record<string, { flagged: number; of: number }>;
  errors: { row: AbuseRow; got: AbuseKind | null }[];
}

export function scoreAbuseSet(rows: readonly AbuseRow[]): AbuseScores {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0,
    kindOk = 0;
  const recallByKind: AbuseScores['recallByKind'] = {};
  const falsePositivesByGroup: AbuseScores['falsePositivesByGroup'] = {};
  const errors: AbuseScores['errors'] = [];
  for (const row of rows) {
    const got = detectAbuse(row.text);
    if (row.label === 'none') {
      const g = (falsePositivesByGroup[row.group] ??= { flagged: 0, of: 0 });
      g.of++;
      if (got.abusive) {
        fp++;
        g.flagged++;
        errors.push({ row, got: got.kind });
      } else tn++;
    } else {
      const k = (recallByKind[row.label] ??= { hit: 0, of: 0 });
      k.of++;
      if (got.abusive) {
        tp++;
        k.hit++;
        if (got.kind === row.label) kindOk++;
      } else {
        fn++;
        errors.push({ row, got: null });
      }
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return {
    total: rows.length,
    tp,
    fp,
    fn,
    tn,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    kindAccuracy: tp ? kindOk / tp : 1,
    recallByKind,
    falsePositivesByGroup,
    errors,
  };
}

/** True when the GoEmotions files are where `stressGoEmotions` looks. */
export const hasGoEmotions = (dir = GOEMOTIONS_DIR): boolean => existsSync(`${dir}dev.tsv`);

/** GoEmotions labels (indices into labels.txt) that carry no hostility at all. */
const CALM = new Set([0, 1, 4, 5, 7, 8, 13, 15, 17, 18, 20, 21, 22, 23, 27]);

export interface StressResult {
  rows: number;
  flagged: number;
  /** Rows whose every label is calm (admiration, joy, gratitude, neutral, …). */
  calmRows: number;
  calmFlagged: number;
  samples: string[];
}

/** Flags counted over GoEmotions comments (Reddit; many insult other users, so not every flag is wrong). */
export function stressGoEmotions(dir = GOEMOTIONS_DIR, files = ['train.tsv', 'dev.tsv']): StressResult | null {
  const result: StressResult = { rows: 0, flagged: 0, calmRows: 0, calmFlagged: 0, samples: [] };
  for (const name of files) {
    const file = `${dir}${name}`;
    if (!existsSync(file)) return null;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [text, labels] = line.split('\t');
      if (!text || labels === undefined) continue;
      const calm = labels.split(',').every((l) => CALM.has(Number(l)));
      result.rows++;
      if (calm) result.calmRows++;
      if (!detectAbuse(text).abusive) continue;
      result.flagged++;
      if (calm) result.calmFlagged++;
      result.samples.push(`${calm ? 'calm ' : '     '}${text}`);
    }
  }
  return result;
}
