import { validationError } from '../errors.js';
import type { Tone } from '../types.js';
import type { AggregateSummary, ConversationSummary, CriterionName, Distribution, Rate } from './summary.types.js';

const CRITERIA: readonly CriterionName[] = ['greeting', 'comprehension', 'empathy', 'solution', 'closing', 'sentiment'];

/** Linear interpolation between closest ranks (the "type 7" estimator of R and NumPy), over sorted values. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  // Rounded to a microsecond so float noise (21600.000000000004) never shows in a report.
  return Math.round((a + (b - a) * (pos - lo)) * 1000) / 1000;
}

/** Median, tail and range of a list of durations. */
export function distribution(values: readonly number[]): Distribution {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = sorted.length;
  return {
    count: n,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p95: quantile(sorted, 0.95),
    mean: n ? sorted.reduce((s, v) => s + v, 0) / n : null,
    min: sorted[0] ?? null,
    max: sorted.at(-1) ?? null,
  };
}

const rate = (count: number, of: number): Rate => ({ count, of, rate: of ? count / of : null });
const present = <T>(v: T | null): v is T => v !== null;

/**
 * Team figures over many conversation summaries: medians and percentiles of every
 * timing, rates (resolved, echo confirmed, handoffs, CSAT answered, abuse, tone improved,
 * bare acknowledgments), CSAT overall and by the customer's starting tone, and the
 * scorecard pass rate per criterion (passes out of judged; `na` counted apart). Pure.
 * Throws `AttuneError` `input/invalid` when given anything but an array of summaries.
 *
 * @example
 * const team = aggregateSummaries(conversations.map((c) => summarizeConversation(c)));
 * team.timings.firstReplyMs.p50; team.rates.echoConfirmed.rate; team.csat.byStartingTone.frustration
 */
export function aggregateSummaries(summaries: readonly ConversationSummary[]): AggregateSummary {
  if (!Array.isArray(summaries))
    throw validationError('input/invalid', 'aggregateSummaries expects an array of summaries', [{ path: '', message: 'expected an array' }]);
  const list: readonly ConversationSummary[] = summaries;
  // Typed callers cannot pass anything else, but data from a store or a request can.
  const bad = (summaries as readonly unknown[]).findIndex(
    (s) => typeof s !== 'object' || s === null || typeof (s as Partial<ConversationSummary>).scorecard !== 'object',
  );
  if (bad >= 0)
    throw validationError('input/invalid', 'aggregateSummaries expects summaries from summarizeConversation', [
      { path: `[${String(bad)}]`, message: 'is not a conversation summary' },
    ]);

  const n = list.length;
  const count = (test: (s: ConversationSummary) => boolean): number => list.filter(test).length;
  const scored = list.filter((s) => s.csat.score !== null);
  const byTone: Partial<Record<Tone, { sum: number; count: number }>> = {};
  for (const s of scored) {
    const tone = s.tone.first?.tone;
    if (!tone || s.csat.score === null) continue;
    const t = (byTone[tone] ??= { sum: 0, count: 0 });
    t.sum += s.csat.score;
    t.count++;
  }
  const startedNegative = list.filter((s) => s.tone.first !== null && s.tone.first.valence < 0 && s.tone.improved !== null);
  const sum = (f: (s: ConversationSummary) => number): number => list.reduce((acc, s) => acc + f(s), 0);
  const confirmed = sum((s) => s.echoes.confirmed);
  const corrected = sum((s) => s.echoes.corrected);

  const scorecard = {} as Record<CriterionName, Rate & { na: number }>;
  for (const c of CRITERIA) {
    const pass = count((s) => s.scorecard[c].result === 'pass');
    const fail = count((s) => s.scorecard[c].result === 'fail');
    scorecard[c] = { ...rate(pass, pass + fail), na: n - pass - fail };
  }

  return {
    conversations: n,
    timings: {
      firstReplyMs: distribution(list.map((s) => s.timings.firstReplyMs).filter(present)),
      nextReplyMs: distribution(list.flatMap((s) => s.timings.nextReplyMs)),
      firstNextStepMs: distribution(list.map((s) => s.timings.firstNextStepMs).filter(present)),
      resolutionMs: distribution(list.map((s) => s.timings.resolutionMs).filter(present)),
      handoffWaitMs: distribution(list.map((s) => s.timings.handoffWaitMs).filter(present)),
    },
    rates: {
      resolved: rate(
        count((s) => s.resolved),
        n,
      ),
      echoConfirmed: rate(confirmed, confirmed + corrected),
      handoffOffered: rate(
        count((s) => s.handoff.offered.length > 0),
        n,
      ),
      handoffTaken: rate(
        count((s) => s.handoff.taken),
        n,
      ),
      csatAnswered: rate(
        scored.length,
        count((s) => s.csat.asked || s.csat.score !== null),
      ),
      abusive: rate(
        count((s) => s.abuse.count > 0),
        n,
      ),
      toneImproved: rate(startedNegative.filter((s) => s.tone.improved === true).length, startedNegative.length),
      acknowledgmentWithoutAction: rate(
        count((s) => s.acknowledgmentsWithoutAction.count > 0),
        n,
      ),
    },
    csat: {
      mean: scored.length ? scored.reduce((acc, s) => acc + (s.csat.score ?? 0), 0) / scored.length : null,
      count: scored.length,
      byStartingTone: Object.fromEntries(Object.entries(byTone).map(([tone, t]) => [tone, { mean: t.sum / t.count, count: t.count }])),
    },
    scorecard,
    totals: {
      apologies: sum((s) => s.apologies.count),
      empathyPhrases: sum((s) => s.empathyPhrases.count),
      acknowledgmentsWithoutAction: sum((s) => s.acknowledgmentsWithoutAction.count),
      abusiveMessages: sum((s) => s.abuse.count),
      feedbackUp: sum((s) => s.feedback.up),
      feedbackDown: sum((s) => s.feedback.down),
    },
  };
}
