import type { NextStep } from '../../types.js';

let patterns: { commit: RegExp; please: RegExp; when: RegExp } | undefined;

// Built on first use so importing costs nothing.
function compile(): NonNullable<typeof patterns> {
  const day = '(?:mon|tues|wednes|thurs|fri|satur|sun)day';
  const unit = '(?:business |working )?(?:minute|hour|day|week|month)s?';
  const n = '(?:\\d+|an?|one|two|three|four|five|a few|a couple of)';
  return {
    commit:
      /\b(we|i|you|they|someone(?: from [a-z]+)?|(?:our|the|a|an|your) [a-z]+(?: team)?)(?:['’]ll|['’]re going to| will| shall| should| can expect to| (?:are|is|am) going to)\s+(?:(?:be able to|also|then|personally|just)\s+)*([^.!?;]+)/i,
    please: /\b(?:please|could you|can you|would you)\s+(?:kindly\s+)?([^.!?;]+)/i,
    when: new RegExp(
      `[\\s,]*\\b(within (?:the next )?${n} ${unit}|in (?:the next )?${n} ${unit}|by (?:the )?(?:end of (?:the )?(?:day|week|month)|(?:next )?${day}|tomorrow|tonight|noon|\\d[\\d:]*(?:\\s?[ap]m)?)|(?:on |next |this )?${day}|tomorrow(?: morning| afternoon| evening)?|today|tonight|this (?:week|morning|afternoon|evening)|next week|as soon as possible|asap|right away|shortly)\\b`,
      'i',
    ),
  };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Finds a commitment in an agent's English line: who does what, by when.
 * Returns null when the line promises nothing.
 * @example
 * extractNextStep("We'll refund you within 3 days.") // { who: 'We', what: 'refund you', when: 'within 3 days' }
 * extractNextStep('Please reply with your order number.') // { who: 'You', what: 'reply with your order number' }
 */
export function extractNextStep(text: string): NextStep | null {
  const p = (patterns ??= compile());
  const m = p.commit.exec(text);
  const q = m ? null : p.please.exec(text);
  let what = m ? m[2] : q?.[1];
  if (what === undefined) return null;
  const when = p.when.exec(what);
  if (when) what = what.slice(0, when.index) + what.slice(when.index + when[0].length);
  what = what.replace(/(?:[\s,]+(?:for you|if you can|please|thanks?|thank you))*[\s,]*$/i, '').trim();
  if (!what) return null;
  const step: NextStep = { who: m ? cap(m[1]?.toLowerCase() === 'i' ? 'I' : (m[1] ?? '')) : 'You', what };
  if (when?.[1]) step.when = when[1];
  return step;
}
