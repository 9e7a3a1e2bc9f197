import { validationError } from '../../errors.js';
import type { AttuneErrorDetail } from '../../errors.js';
import type { NextStep, RecapData } from '../../types.js';
import { defaultTranslator } from '../default-translator.js';
import type { PhraseSource } from '../props.types.js';

/** Input of {@link closingRecap}. */
export interface ClosingRecapInput {
  /** What was understood, in the customer's terms. */
  understood: string;
  /** What was done during the conversation. */
  done?: readonly string[];
  /** Who does what, by when. */
  nextStep: NextStep;
  resolved: boolean;
  /** The care line; picked from the catalog (`care`) when omitted. */
  care?: string;
  /** For unresolved recaps: acknowledges the impact; default from the catalog (`recap.unresolved`). */
  impact?: string;
}

/** Options of {@link closingRecap}. */
export interface ClosingRecapOptions {
  translator?: PhraseSource;
  /** Phrase ids already used in the conversation (the care line never repeats one). */
  avoid?: ReadonlySet<string>;
  /** Which care phrasing to start from. */
  variant?: number;
}

const text = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/**
 * Builds a validated closing recap: what was understood, what was done, the next step
 * (who does what, by when), an impact line when unresolved, then a care line.
 * @throws `AttuneError('config/invalid')` listing every missing field with its path.
 * @example
 * closingRecap({ understood: 'Your order is late', nextStep: { who: 'We', what: 'resend it', when: 'tomorrow' }, resolved: true })
 */
export function closingRecap(input: ClosingRecapInput, options: ClosingRecapOptions = {}): RecapData {
  const problems: AttuneErrorDetail[] = [];
  const need = (ok: boolean, path: string, message: string) => ok || problems.push({ path, message });
  // Plain-JS callers may pass nothing or anything: validated like wire input despite the type.
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  const next = (input?.nextStep ?? {}) as Partial<NextStep>;
  need(text(input?.understood), 'understood', 'needs a non-empty string');
  need(text(next.who), 'nextStep.who', 'needs a non-empty string (who does it)');
  need(text(next.what), 'nextStep.what', 'needs a non-empty string (what happens next)');
  need(next.when == null || text(next.when), 'nextStep.when', 'must be a non-empty string when given');
  need(typeof input?.resolved === 'boolean', 'resolved', 'must be true or false');
  const done = input?.done ?? [];
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  need(Array.isArray(done) && done.every(text), 'done', 'must be a list of non-empty strings');
  if (problems.length) throw validationError('config/invalid', 'Invalid closing recap:', problems);

  const tr = options.translator ?? defaultTranslator();
  // Checked above: who and what are non-empty strings.
  const nextStep: NextStep = { who: next.who ?? '', what: next.what ?? '' };
  if (next.when) nextStep.when = next.when;
  const recap: RecapData = {
    understood: input.understood,
    done: [...done],
    nextStep,
    resolved: input.resolved,
    care: input.care ?? tr.pick('care', { avoid: options.avoid, variant: options.variant }).text,
  };
  if (!input.resolved) recap.impact = input.impact ?? tr.t('recap.unresolved');
  return recap;
}
