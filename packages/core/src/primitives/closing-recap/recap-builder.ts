import type { Message, RecapData } from '../../types.js';
import { defaultTranslator } from '../default-translator.js';
import type { PhraseSource } from '../props.types.js';
import { extractNextStep } from './next-step.js';

/** Options of {@link buildRecap}. */
export interface BuildRecapOptions {
  /** Replaces "I" as the one who does the next step ("I'll escalate this" → Sam). */
  agentName?: string;
  translator?: PhraseSource;
  /** Default false: a recap built mid-conversation (e.g. for a handoff) is not a resolution. */
  resolved?: boolean;
  /** Phrase ids already used (the care line avoids them). */
  avoid?: ReadonlySet<string>;
  /** List the options the customer chose under "What we did" (default true). */
  choices?: boolean;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Derives a recap from a conversation's messages: the latest confirmed echo (or its
 * correction) is what was understood, falling back to the customer's first message;
 * chosen options and agent lines tagged `action` are what was done; the latest agent
 * commitment ("we'll refund you within 3 days") is the next step.
 * @example buildRecap(conversation.getSnapshot().messages, { resolved: false })
 */
export function buildRecap(messages: readonly Message[], options: BuildRecapOptions = {}): RecapData {
  const tr = options.translator ?? defaultTranslator();
  let understood = '';
  let first = '';
  const done: string[] = [];
  let nextStep = null;
  for (const m of messages) {
    if (m.kind === 'echo' && m.state !== 'proposed') understood = m.state === 'corrected' ? (m.correction ?? understood) : cap(m.reflection);
    else if (m.kind === 'choice' && m.chosen && m.purpose !== 'handoff') {
      const label = m.options.find((o) => o.id === m.chosen)?.label;
      if (label && options.choices !== false) done.push(tr.t('ui.choiceChosen', { label }));
    } else if (m.kind === 'text' && m.from === 'customer') first ||= m.text;
    else if (m.kind === 'text' && m.from === 'agent') {
      if (m.tags?.includes('action')) done.push(m.text);
      nextStep = extractNextStep(m.text) ?? nextStep;
    }
  }
  if (nextStep && options.agentName && nextStep.who === 'I') nextStep.who = options.agentName;
  const resolved = options.resolved ?? false;
  const recap: RecapData = {
    understood: understood || first,
    done,
    nextStep: nextStep ?? { who: tr.t('recap.defaultWho'), what: tr.t('recap.defaultWhat') },
    resolved,
    care: tr.pick('care', { avoid: options.avoid }).text,
  };
  if (!resolved) recap.impact = tr.t('recap.unresolved');
  return recap;
}
